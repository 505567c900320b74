import type { ParamSet } from '../params/param-set.js';
import type { AuthOwner } from './access/auth-binding.js';

/**
 * A key as the core hands it to the service for storage: the properties to keep with it
 * (caller tags minus HUKS_TAG_KEY_OVERRIDE, plus the core's KEY_VERSION, OS_VERSION,
 * OS_PATCHLEVEL and KEY_FLAG, storage.md §3) and the plain key material in the family's
 * internal format. The service adds owner tags and seals the material before it is stored.
 */
export interface CoreKey {
  readonly properties: ParamSet;
  readonly material: Uint8Array;
}

/**
 * An object that stands for one unsealed key, properties and material together, for as long as
 * the service keeps that key in memory (one entry of service/key-cache.ts). The core keys the
 * prepared form of the key by it (decoded material, loaded KeyObject: keystore-core.ts), so a
 * later init on the same key skips that work. The service guarantees that one identity is only
 * ever passed with the same properties and material bytes; a key stored anew gets a new one.
 */
export type KeyIdentity = object;

/** What a finishSession produced: the output, and for a stored derived/agreed key, that key. */
export interface FinishResult {
  readonly outData: Uint8Array;
  readonly storeKey?: {
    readonly alias: Uint8Array;
    readonly key: CoreKey;
    /** false when HUKS_TAG_KEY_OVERRIDE = false was given (12000017 on an existing alias). */
    readonly override: boolean;
  };
}

/**
 * One crypto session inside the core (sessions.md §7). It holds its own copy of the key
 * material, so deleting the key does not end it. Any thrown HuksFailure ends the session
 * (the service drops it); update returns an empty array when it produces nothing.
 *
 * An update whose work is slow (a PBKDF2 derivation with many iterations) returns a promise and
 * runs off the event loop; a failure then arrives as its rejection. Everything else returns its
 * bytes directly, so that fast operations pay nothing for the possibility: callers await only
 * a promise. The session is busy until the promise settles (sessions.md §8).
 */
export interface CoreOperation {
  /**
   * The 32-byte challenge initSession returns for a user-auth key (sessions.md §2.5); absent
   * for every other session.
   */
  readonly challenge?: Uint8Array | undefined;
  update(data: Uint8Array, params: ParamSet): Uint8Array | Promise<Uint8Array>;
  finish(data: Uint8Array, params: ParamSet): FinishResult;
  /** Zeroes what the operation holds; called on abort, eviction and after finish. */
  dispose(): void;
}

/**
 * The keystore core: parameter rules, key formats and crypto. Plain key material exists only
 * here and in the operations it returns. Stateless: storage and sessions are the service's.
 */
export interface KeystoreCore {
  /**
   * The generation/import-time user-auth rules (access-control.md §3), run by the service after
   * the parameter-set sanity checks and before generateKey/importKey, which it then calls with
   * the returned parameters (the request plus the binding tags UserIAM's answers give).
   */
  bindUserAuth(params: ParamSet, owner: AuthOwner): ParamSet;
  /**
   * access-control.md §7 for uses outside sessions (attestation): a key stored with
   * IS_DEVICE_PASSWORD_SET = true needs its user's PIN. @throws HuksFailure -139 (12000016)
   */
  checkDevicePassword(properties: ParamSet): void;
  /** A promise for the families generated on worker threads (RSA, DSA, DH), else the key. */
  generateKey(params: ParamSet): CoreKey | Promise<CoreKey>;
  importKey(params: ParamSet, inData: Uint8Array): CoreKey;
  /**
   * importWrappedKeyItem (key-formats.md §8): unwraps `wrapped` with the stored wrapping key,
   * then imports the plaintext as importKey does. A key comes back only if every step passed.
   */
  importWrappedKey(wrapping: CoreKey, params: ParamSet, wrapped: Uint8Array): CoreKey;
  /** exportKeyItem output (key-formats.md §5): public keys only. */
  exportKey(properties: ParamSet, material: Uint8Array): Uint8Array;
  /**
   * initSession after the key is loaded: policy checks, then a ready operation. The operation
   * copies what it keeps of `material` and `params`. `identity`, when given, names this key for
   * the memo of prepared keys (KeyIdentity).
   */
  initOperation(properties: ParamSet, material: Uint8Array, params: ParamSet,
    identity?: KeyIdentity): CoreOperation;
  /** Ends the worker threads, if any; pending slow work fails. A later request starts anew. */
  close?(): void;
}

/** An operation of a core that never offloads: update returns its bytes directly. */
export interface InlineCoreOperation extends CoreOperation {
  update(data: Uint8Array, params: ParamSet): Uint8Array;
}

/**
 * The core created with `offload: false` (keystore-core.ts): every result is direct, as unit
 * tests of the rules and tools that run the core alone want it.
 */
export interface InlineKeystoreCore extends KeystoreCore {
  generateKey(params: ParamSet): CoreKey;
  initOperation(properties: ParamSet, material: Uint8Array, params: ParamSet,
    identity?: KeyIdentity): InlineCoreOperation;
}
