import {
  HuksCipherMode as M, HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPurpose as U, HuksTag as T,
} from '../../common/enums.js';
import { HksErr } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';

/**
 * How a session takes its input (algorithms.md §1.6-§1.7, sessions.md §7):
 * - stream: every update feeds the engine; an empty update is 401; no total limit;
 * - cached: data is collected until finish; an empty update is a no-op; the total is limited;
 * - once: exactly one update (agreement: the peer key, non-empty; derive: ignored input).
 */
export type InputRule =
  | { readonly kind: 'stream' }
  | { readonly kind: 'cached'; readonly limit: number; readonly overLimit: number }
  | { readonly kind: 'once'; readonly emptyUpdate: boolean };

/** sessions.md §7.3: the IPC buffer minus the reserved output (1 MiB - 64 KiB). */
export const MAX_CALL_DATA = 983_040;
/** §1.6: the output buffer of each call is inData.length + 65536. */
export const OUTPUT_RESERVE = 65_536;
/** §1.7: 5 MiB for cached asymmetric operations; 100 KiB (102400) for CCM and ML-DSA. */
const CACHE_5_MIB = 5 * 1024 * 1024;
const CACHE_100_KIB = 102_400;

const STREAM: InputRule = { kind: 'stream' };
const CACHED_5_MIB: InputRule = {
  kind: 'cached', limit: CACHE_5_MIB, overLimit: HksErr.INVALID_ARGUMENT,
};
/** §2.1.3: EXCEED_LIMIT has no adapter row, so it reads as 12000012. */
const CACHED_CCM: InputRule = {
  kind: 'cached', limit: CACHE_100_KIB, overLimit: HksErr.EXCEED_LIMIT,
};
const CACHED_ML_DSA: InputRule = {
  kind: 'cached', limit: CACHE_100_KIB, overLimit: HksErr.INVALID_ARGUMENT,
};

const BLOCK_CIPHERS: ReadonlySet<number> = new Set<number>([A.HUKS_ALG_AES, A.HUKS_ALG_SM4,
  A.HUKS_ALG_DES, A.HUKS_ALG_3DES]);
/** Signatures cached whatever the digest (§1.7). */
const CACHED_SIGNATURES: ReadonlySet<number> = new Set<number>([A.HUKS_ALG_ED25519,
  A.HUKS_ALG_SM2]);

/** The input rule of an operation, from its purpose, key algorithm and runtime parameters. */
export function inputRule(purpose: number, keyAlgorithm: number, runtime: ParamSet): InputRule {
  switch (purpose) {
    case U.HUKS_KEY_PURPOSE_ENCRYPT:
    case U.HUKS_KEY_PURPOSE_DECRYPT:
      if (!BLOCK_CIPHERS.has(keyAlgorithm)) return CACHED_5_MIB;
      return runtime.getNumber(T.HUKS_TAG_BLOCK_MODE) === M.HUKS_MODE_CCM ? CACHED_CCM : STREAM;
    case U.HUKS_KEY_PURPOSE_SIGN:
    case U.HUKS_KEY_PURPOSE_VERIFY:
      if (keyAlgorithm === A.HUKS_ALG_ML_DSA) return CACHED_ML_DSA;
      if (CACHED_SIGNATURES.has(keyAlgorithm)) return CACHED_5_MIB;
      return runtime.getNumber(T.HUKS_TAG_DIGEST) === D.HUKS_DIGEST_NONE ? CACHED_5_MIB : STREAM;
    case U.HUKS_KEY_PURPOSE_AGREE:
      return { kind: 'once', emptyUpdate: false };
    case U.HUKS_KEY_PURPOSE_DERIVE:
      return { kind: 'once', emptyUpdate: true };
    default:
      return STREAM; // MAC
  }
}
