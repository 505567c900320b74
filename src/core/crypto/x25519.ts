/**
 * X25519 keys (algorithms.md §8.2): agreement with a raw 32-byte peer key; the secret is the 32
 * bytes of RFC 7748. OpenSSL refuses an all-zero result (low-order peer): 12000006.
 */

import { createPublicKey, diffieHellman } from 'node:crypto';

import { HuksKeyAlg, HuksKeyPurpose } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import { toBase64Url } from '../keys/bytes.js';
import {
  checkCurve25519Import, exportCurve25519, generateCurve25519, parseCurve25519Import,
  type Curve25519Rules,
} from './asym/curve25519.js';
import { decodeAsymKey, privateKeyOf } from './asym/key-objects.js';
import { agreementOperation, engine, toBytes } from './asym/operations.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';

const PEER_BYTES = 32;

const RULES: Curve25519Rules = {
  kind: 'x25519',
  alg: HuksKeyAlg.HUKS_ALG_X25519,
  publicPurposes: 'any',
  privatePurposes: 'any',
};

/**
 * @throws HuksFailure -3/-19 (401) key or peer lengths and export without a public key, -112
 *   (12000003) operations other than agreement, -31 (12000006) all-zero secret
 */
export const x25519Family: KeyFamily = {
  algorithm: HuksKeyAlg.HUKS_ALG_X25519,
  generate: () => generateCurve25519('x25519'),
  parseImport: (params, inData) => parseCurve25519Import(RULES, params, inData),
  checkImport: (params, material) => checkCurve25519Import(RULES, params, material),
  exportPublic: (_params, material) => exportCurve25519(material),

  createOperation(spec: OperationSpec): CryptoOperation {
    if (spec.purpose !== HuksKeyPurpose.HUKS_KEY_PURPOSE_AGREE
      || spec.algorithm !== HuksKeyAlg.HUKS_ALG_X25519) {
      throw new HuksFailure(HksErr.INVALID_ALGORITHM,
        `X25519 keys have no operation for purpose ${spec.purpose}`);
    }
    const privateKey = privateKeyOf(decodeAsymKey(spec.material));
    return agreementOperation((peer) => {
      if (peer.length !== PEER_BYTES) {
        throw new HuksFailure(HksErr.INVALID_ARGUMENT,
          `X25519 peer key is ${PEER_BYTES} raw bytes, got ${peer.length}`);
      }
      // A JWK loads the raw key directly; the same key as SPKI DER goes through OpenSSL's
      // decoder search, which costs several times the agreement.
      const jwk = { kty: 'OKP', crv: 'X25519', x: toBase64Url(peer) };
      const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
      return engine(() => toBytes(diffieHellman({ privateKey, publicKey })), 'X25519');
    });
  },
};
