import type { ParamSet } from '../params/param-set.js';
import type { SessionHandle } from '../service/types.js';

/**
 * What the api layer talks to: the service interface with the caller already bound. The local
 * client binds a fixed identity in process; the remote client (daemon) is identified by its
 * app token. Failures are HuksFailure with an internal code in both, delivered as the promise's
 * rejection; a method may also throw one synchronously (the local client when storage cannot
 * be opened), and callers treat that throw like the rejection (api/channel.ts settle).
 */
export interface KeystoreClient {
  generateKey(alias: Uint8Array, params: ParamSet): Promise<void>;
  importKey(alias: Uint8Array, params: ParamSet, key: Uint8Array): Promise<void>;
  importWrappedKey(
    alias: Uint8Array,
    wrappingAlias: Uint8Array,
    params: ParamSet,
    wrapped: Uint8Array,
  ): Promise<void>;
  exportKey(alias: Uint8Array, params: ParamSet): Promise<Uint8Array>;
  deleteKey(alias: Uint8Array, params: ParamSet): Promise<void>;
  getKeyProperties(alias: Uint8Array, params: ParamSet): Promise<ParamSet>;
  keyExists(alias: Uint8Array, params: ParamSet): Promise<boolean>;
  listAliases(params: ParamSet): Promise<Uint8Array[]>;
  attestKey(alias: Uint8Array, params: ParamSet): Promise<string[]>;
  initSession(alias: Uint8Array, params: ParamSet): Promise<SessionHandle>;
  updateSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array>;
  finishSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array>;
  abortSession(handle: number, params: ParamSet): Promise<void>;
  /** Whether this caller is a system app (decides 202 for the *AsUser functions). */
  readonly isSystem: boolean;
  /**
   * True when every byte argument has been used or copied by the time a method returns, so a
   * caller may change its arrays right after the call: the api layer then hands a session
   * step's inData over without copying it. Absent means false (the caller's bytes must not
   * change until the call settles, so the api copies them).
   */
  readonly consumesInputsInCall?: boolean;
  /**
   * The session calls run to their result inside the call, where the client can (in process):
   * the api layer then makes one promise per call instead of a chain of three. Absent for the
   * remote client, whose answers come over the socket.
   */
  readonly direct?: DirectSessionCalls;
  /** Releases the client's resources (database, socket); sessions it opened are aborted. */
  close(): Promise<void>;
}

/**
 * Session steps that return their result, or a promise for a slow step (core/types.ts), and
 * throw a HuksFailure synchronously; the same semantics as the KeystoreClient methods.
 */
export interface DirectSessionCalls {
  initSession(alias: Uint8Array, params: ParamSet): SessionHandle;
  updateSession(
    handle: number,
    params: ParamSet,
    data: Uint8Array,
  ): Uint8Array | Promise<Uint8Array>;
  finishSession(
    handle: number,
    params: ParamSet,
    data: Uint8Array,
  ): Uint8Array | Promise<Uint8Array>;
}
