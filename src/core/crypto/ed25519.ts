/**
 * Ed25519 keys (algorithms.md §6, §8.4): PureEdDSA over the whole cached message, 64-byte raw
 * signatures. Agreement with an Ed25519 key is refused at init, as the reference does (§8.4).
 */

import { sign, verify } from 'node:crypto';

import { HuksKeyAlg, HuksKeyPurpose } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import {
  checkCurve25519Import, exportCurve25519, generateCurve25519, parseCurve25519Import,
  type Curve25519Rules,
} from './asym/curve25519.js';
import { decodeAsymKey, privateKeyOf, publicKeyOf } from './asym/key-objects.js';
import { cachedOperation, cachedVerify, engine, toBytes } from './asym/operations.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';

const P = HuksKeyPurpose;
const SIGNATURE_BYTES = 64;

const RULES: Curve25519Rules = {
  kind: 'ed25519',
  alg: HuksKeyAlg.HUKS_ALG_ED25519,
  publicPurposes: [P.HUKS_KEY_PURPOSE_VERIFY],
  privatePurposes: [P.HUKS_KEY_PURPOSE_SIGN],
};

/**
 * @throws HuksFailure -3/-19 (401) key lengths and export without a public key, -115
 *   (12000003) purpose per import type, -118 (12000003) short signature, -112 (12000003)
 *   agreement, -31 (12000006) verification failure
 */
export const ed25519Family: KeyFamily = {
  algorithm: HuksKeyAlg.HUKS_ALG_ED25519,
  generate: () => generateCurve25519('ed25519'),
  parseImport: (params, inData) => parseCurve25519Import(RULES, params, inData),
  checkImport: (params, material) => checkCurve25519Import(RULES, params, material),
  exportPublic: (_params, material) => exportCurve25519(material),

  createOperation(spec: OperationSpec): CryptoOperation {
    const key = decodeAsymKey(spec.material);
    if (spec.purpose === P.HUKS_KEY_PURPOSE_SIGN) {
      const privateKey = privateKeyOf(key);
      return cachedOperation((message) =>
        engine(() => toBytes(sign(null, message, privateKey)), 'Ed25519 signing'));
    }
    if (spec.purpose === P.HUKS_KEY_PURPOSE_VERIFY) {
      const publicKey = publicKeyOf(key);
      return cachedVerify((message, signature) => {
        // Short signatures are a size error (12000003); long ones fail in the engine (12000006).
        if (signature.length < SIGNATURE_BYTES) {
          throw new HuksFailure(HksErr.INVALID_SIGNATURE_SIZE,
            `Ed25519 signature of ${signature.length} bytes`);
        }
        if (signature.length > SIGNATURE_BYTES) return false;
        return verify(null, message, publicKey, signature);
      });
    }
    throw new HuksFailure(HksErr.INVALID_ALGORITHM,
      `Ed25519 keys have no operation for purpose ${spec.purpose}`);
  },
};
