import type { BusinessError } from '../errors/business-error.js';

/**
 * The public interfaces of `@ohos.security.huks` (api.md §2.7), as the declaration file states
 * them. Runtime differences the reference shows are noted where they matter to a caller.
 */

/**
 * One parameter. `tag` is a HuksTag (or any tag number); the value's JS type follows the tag's
 * type nibble (tags.md §1). `bigint` is declared but refused with 401 (api.md §2.4); returned
 * BYTES values are ArrayBuffers (api.md §2.2), hence `ArrayBuffer` and `null` in results.
 */
export interface HuksParam {
  tag: number;
  value: boolean | number | bigint | Uint8Array | ArrayBuffer | null;
}

export interface HuksOptions {
  properties?: Array<HuksParam>;
  inData?: Uint8Array;
}

/** initSession result: `challenge` only for user-auth keys (sessions.md §2.5). */
export interface HuksSessionHandle {
  handle: number;
  challenge?: Uint8Array;
}

export interface HuksReturnResult {
  outData?: Uint8Array;
  properties?: Array<HuksParam>;
  certChains?: Array<string>;
  sharedSecret?: Uint8Array;
}

export interface HuksListAliasesReturnResult {
  keyAliases: Array<string>;
}

/** API 8 result (deprecated since 9): `errorCode` is the raw internal code (0 on success). */
export interface HuksResult {
  errorCode: number;
  outData?: Uint8Array | null;
  properties?: Array<HuksParam> | null;
  certChains?: Array<string>;
}

/** API 8 init result (deprecated since 9): `handle` is the low 32 bits of the session handle. */
export interface HuksHandle {
  errorCode: number;
  handle?: number;
  token?: Uint8Array | null;
}

/** `@ohos.base` AsyncCallback: `(null, value)` on success, `(error)` on failure. */
export type AsyncCallback<T> = (err: BusinessError | null, data?: T) => void;

/** The first argument of an API 8 callback: always an object, `{ code: 0 }` on success. */
export interface HuksApi8Status {
  code: number;
}

export type Api8Callback<T> = (status: HuksApi8Status, data: T) => void;
