import { HuksKeyAlg as A, HuksKeyPurpose as U } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import { aesFamily } from './aes.js';
import { desFamily, tripleDesFamily } from './des.js';
import { dhFamily } from './dh.js';
import { dsaFamily } from './dsa.js';
import { eccFamily } from './ecc.js';
import { ed25519Family } from './ed25519.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';
import { hmacFamily, sm3Family } from './hmac.js';
import { createDeriveOperation } from './kdf.js';
import { rsaFamily } from './rsa.js';
import { sm2Family } from './sm2.js';
import { sm4Family } from './sm4.js';
import { x25519Family } from './x25519.js';

/**
 * HuksKeyAlg -> KeyFamily. An algorithm without a family is an unsupported feature (-4,
 * 12000001), never a fallback: ML-DSA and ML-KEM (Node 20 has neither,
 * algorithms.md §12), CMAC (not in the standard build, §9.3).
 */
const FAMILIES: ReadonlyMap<number, KeyFamily> = new Map(
  [aesFamily, sm4Family, desFamily, tripleDesFamily, hmacFamily, sm3Family, rsaFamily, eccFamily,
    ed25519Family, x25519Family, dsaFamily, dhFamily, sm2Family]
    .map((family) => [family.algorithm, family] as const),
);

/** The family of a key algorithm. @throws HuksFailure NOT_SUPPORTED (12000001) */
export function familyOf(algorithm: number): KeyFamily {
  const family = FAMILIES.get(algorithm);
  if (family === undefined) {
    throw new HuksFailure(HksErr.NOT_SUPPORTED, `algorithm ${algorithm} is not supported`);
  }
  return family;
}

export function hasFamily(algorithm: number): boolean {
  return FAMILIES.has(algorithm);
}

/** Raw-key algorithms whose bytes HMAC (§9.3) and the KDFs (§10) take as the key. */
const RAW_KEY_ALGORITHMS: ReadonlySet<number> = new Set<number>([A.HUKS_ALG_AES, A.HUKS_ALG_DES,
  A.HUKS_ALG_3DES, A.HUKS_ALG_SM4, A.HUKS_ALG_HMAC, A.HUKS_ALG_SM3]);

/**
 * The crypto of one operation. MAC and DERIVE run on the raw bytes of a symmetric key whatever
 * its family (an HMAC session on an AES MAC key, HKDF on an AES base key); everything else is
 * the key family's own, which also receives the init ALGORITHM (ECDH on an ECC key).
 */
export function createCryptoOperation(keyAlgorithm: number, spec: OperationSpec): CryptoOperation {
  if (spec.purpose === U.HUKS_KEY_PURPOSE_MAC || spec.purpose === U.HUKS_KEY_PURPOSE_DERIVE) {
    if (!RAW_KEY_ALGORITHMS.has(keyAlgorithm)) {
      throw new HuksFailure(HksErr.INVALID_ALGORITHM, `key of ${keyAlgorithm} cannot MAC/derive`);
    }
    return spec.purpose === U.HUKS_KEY_PURPOSE_MAC
      ? familyOf(A.HUKS_ALG_HMAC).createOperation(spec)
      : createDeriveOperation(spec);
  }
  return familyOf(keyAlgorithm).createOperation(spec);
}
