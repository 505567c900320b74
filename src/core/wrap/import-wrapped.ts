/**
 * importWrappedKeyItem inside the core (key-formats.md §8): the suite, the length-value parts,
 * the suite's unwrapping with the stored wrapping key, then the ordinary import checks on the
 * plaintext with the caller's parameters. Nothing is returned unless every step passed, so the
 * service stores nothing on failure.
 */

import { HuksTag as T, HuksUnwrapSuite as S } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { importTypeOf } from '../crypto/asym/import-rules.js';
import { layoutOf } from '../keys/pub-info.js';
import type { CoreKey } from '../types.js';
import { openAgreementSuite } from './agreement-suites.js';
import {
  checkEnvelopeParams, envelopePublicKey, isEnvelopedPublicKey, openEnvelope,
} from './envelope.js';
import { checkWrappedSize, parseLv } from './lv.js';
import { openSmSuite, SUITE_SM2_SM4_CBC, SUITE_SM2_SM4_CBC_VERIFY } from './sm-suites.js';

/**
 * Imports key data: `innerPublic` says a public key is already in the §3.6 inner format (the
 * wrapped form, §8.3) rather than an X.509 SPKI.
 */
export type KeyImporter = (params: ParamSet, data: Uint8Array, innerPublic: boolean) => CoreKey;

/** The suites the reference core accepts (tags.md HuksUnwrapSuite; 255 is refused). */
const SUITES: ReadonlySet<number> = new Set<number>([
  S.HUKS_UNWRAP_SUITE_X25519_AES_256_GCM_NOPADDING, S.HUKS_UNWRAP_SUITE_ECDH_AES_256_GCM_NOPADDING,
  SUITE_SM2_SM4_CBC_VERIFY, SUITE_SM2_SM4_CBC, S.HUKS_UNWRAP_SUITE_SM2_SM4_ECB_NOPADDING,
]);

/**
 * Unwraps `wrapped` with the wrapping key and imports the result.
 * @throws HuksFailure -100 (12000002) without a suite, -112 (12000003) an unknown suite, the
 *   suites' codes (see agreement-suites.ts, sm-suites.ts, envelope.ts), the import codes
 */
export function importWrapped(wrapping: CoreKey, params: ParamSet, wrapped: Uint8Array,
  importKey: KeyImporter): CoreKey {
  const suite = params.getNumber(T.HUKS_TAG_UNWRAP_ALGORITHM_SUITE);
  if (suite === undefined) {
    throw new HuksFailure(HksErr.CHECK_GET_ALG_FAIL, 'HUKS_TAG_UNWRAP_ALGORITHM_SUITE missing');
  }
  if (!SUITES.has(suite)) throw new HuksFailure(HksErr.INVALID_ALGORITHM, `unwrap suite ${suite}`);
  if (suite === S.HUKS_UNWRAP_SUITE_SM2_SM4_ECB_NOPADDING) {
    checkEnvelopeParams(params);
    if (isEnvelopedPublicKey(params)) return importKey(params, envelopePublicKey(params), false);
  }
  checkWrappedSize(wrapped);

  const parts = parseLv(wrapped);
  const data = suite === S.HUKS_UNWRAP_SUITE_SM2_SM4_ECB_NOPADDING
    ? openEnvelope(wrapping, params, parts)
    : suite === SUITE_SM2_SM4_CBC_VERIFY || suite === SUITE_SM2_SM4_CBC
      ? openSmSuite(suite, wrapping, params, parts)
      : openAgreementSuite(suite, wrapping, parts);
  // Suite 5 assembles private/pair material; the others carry a public key in inner form.
  const algorithm = params.getNumber(T.HUKS_TAG_ALGORITHM);
  const innerPublic = suite !== S.HUKS_UNWRAP_SUITE_SM2_SM4_ECB_NOPADDING
    && algorithm !== undefined && layoutOf(algorithm) !== undefined
    && importTypeOf(params) === 'public';
  try {
    return importKey(params, data, innerPublic);
  } finally {
    data.fill(0);
  }
}
