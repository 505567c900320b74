import type { ParamSet } from '../params/param-set.js';

/**
 * Who is calling: the service attributes every request to an app and an OS user. In process
 * this is the instance's configured identity; through the daemon it comes from the app token.
 */
export interface Caller {
  /** App identity (bundle name). Part of every key namespace. */
  readonly app: string;
  /** OS user id (100 is the first ordinary user on a device). */
  readonly userId: number;
  /** Numeric uid stored with each key as its owner (storage.md §3, HKS_TAG_PROCESS_NAME). */
  readonly uid: number;
  /** System apps may call the *AsUser functions; ordinary apps get 202. */
  readonly isSystem: boolean;
  /** Connection or instance that owns new sessions (aborted when it goes away). */
  readonly connectionId?: string;
}

export interface SessionHandle {
  readonly handle: number;
  readonly challenge?: Uint8Array;
}

/**
 * The one interface between the api layer and the keystore service (ARCHITECTURE.md). The
 * local client calls it in process; the remote client speaks the protocol to a daemon that
 * calls the same object. Every method fails with a HuksFailure carrying an internal code.
 * Aliases travel as bytes (the api layer encodes strings as UTF-8).
 *
 * Inputs are consumed during the call. Every byte array a method receives (alias, inData, the
 * values of a ParamSet) is read before the method returns or its promise is created (the
 * local client runs the call synchronously), and whatever outlives the call is a copy: the
 * chunks a cached operation collects (CCM, RSA, DIGEST NONE, Ed25519, SM2), the init set a
 * cached or single-update session reads later (its nonce, AAD, SALT, INFO, KEY_SIZE), a stored
 * key and its alias, the unsealed-key cache, work handed to a worker (serialized). So the api
 * may pass an app's buffers without copying them, and an app that reuses a buffer once a call
 * has returned cannot change a later step (test/service/input-ownership.test.ts).
 */
export interface KeystoreService {
  generateKey(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<void>;
  importKey(caller: Caller, alias: Uint8Array, params: ParamSet, key: Uint8Array): Promise<void>;
  importWrappedKey(
    caller: Caller,
    alias: Uint8Array,
    wrappingAlias: Uint8Array,
    params: ParamSet,
    wrapped: Uint8Array,
  ): Promise<void>;
  exportKey(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<Uint8Array>;
  deleteKey(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<void>;
  /** The stored properties minus the sensitive tags (storage.md §3). */
  getKeyProperties(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<ParamSet>;
  keyExists(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<boolean>;
  listAliases(caller: Caller, params: ParamSet): Promise<Uint8Array[]>;
  attestKey(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<string[]>;

  initSession(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<SessionHandle>;
  /** Always bytes, empty when the step produced nothing (sessions.md §3.3). */
  updateSession(
    caller: Caller,
    handle: number,
    params: ParamSet,
    data: Uint8Array,
  ): Promise<Uint8Array>;
  finishSession(
    caller: Caller,
    handle: number,
    params: ParamSet,
    data: Uint8Array,
  ): Promise<Uint8Array>;
  /** Unknown handles are not an error (api.md §4.11). */
  abortSession(caller: Caller, handle: number, params: ParamSet): Promise<void>;
}
