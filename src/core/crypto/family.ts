import type { KeyObject } from 'node:crypto';

import type { ParamSet } from '../../params/param-set.js';

/**
 * What a family loaded from one key and may reuse at the next init on the same key: the memo
 * of keystore-core.ts, kept per KeyIdentity (core/types.ts), so it is only ever seen again with
 * the same properties and material. The core and the families fill it lazily, with values
 * that depend on nothing but the key. It holds KeyObjects, never plain key bytes: neither can
 * be zeroed once the cache entry goes (asym/key-cache.ts), but bytes would be readable in a
 * heap dump, and the trade-off is the one the loaded-key caches already make.
 */
export interface PreparedKey {
  /** The private key as node:crypto loaded it (sign, decrypt). */
  privateKey?: KeyObject;
  /** The public key as node:crypto loaded it (verify, encrypt). */
  publicKey?: KeyObject;
  /** The raw key bytes of a symmetric key as a secret KeyObject (raw-key.ts engineKey). */
  secretKey?: KeyObject;
  /** access-gate.ts hasNoAccessControl of the key's properties. */
  noAccessControl?: boolean;
}

/** What a family needs to start one crypto operation (after the core's init checks). */
export interface OperationSpec {
  /** The single init purpose bit (HuksKeyPurpose). */
  readonly purpose: number;
  /** The init ALGORITHM: the key's own, or the operation's (ECDH, HKDF, PBKDF2). */
  readonly algorithm: number;
  /** The key's stored properties. */
  readonly keyParams: ParamSet;
  /** Effective runtime parameters: the init set with the key's policy tags filled in. */
  readonly runtime: ParamSet;
  /** Plain key material in the family's internal format (a copy the operation may keep). */
  readonly material: Uint8Array;
  /** Whether a slow step may run off the event loop and return a promise (default false). */
  readonly offload?: boolean;
  /** The memo of this key (PreparedKey); absent when the key has no identity. */
  readonly prepared?: PreparedKey | undefined;
}

/**
 * The raw crypto of one session; the core's operation layer adds the session rules. An update
 * that is slow may return a promise (CoreOperation in core/types.ts); finish never does.
 */
export interface CryptoOperation {
  update(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  finish(data: Uint8Array): Uint8Array;
}

/**
 * One algorithm family (ARCHITECTURE.md "core/crypto"): key generation, import conversion,
 * export and operations for the keys of one HuksKeyAlg. Failures are HuksFailure with the
 * internal code the spec gives (algorithms.md, key-formats.md).
 */
export interface KeyFamily {
  /** The HuksKeyAlg value of keys of this family. */
  readonly algorithm: number;

  /** New key material in the internal format; params already passed the generic checks. */
  generate(params: ParamSet): Uint8Array;

  /** importKeyItem steps 1-2 (algorithms.md §1.4): convert inData, 401 when it does not parse. */
  parseImport(params: ParamSet, inData: Uint8Array): Uint8Array;

  /** importKeyItem steps 4-6, after the generic checks: size, header, purpose per import type. */
  checkImport(params: ParamSet, material: Uint8Array): Uint8Array;

  /** exportKeyItem output (key-formats.md §5); symmetric families refuse as the spec says. */
  exportPublic(params: ParamSet, material: Uint8Array): Uint8Array;

  /** Starts an operation; algorithm-specific init checks (IV, nonce, salt length, ...) here. */
  createOperation(spec: OperationSpec): CryptoOperation;
}
