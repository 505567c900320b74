import { HuksKeyDigest as D } from '../../common/enums.js';

/** node:crypto hash names per HuksKeyDigest (NONE has none). */
export const DIGEST_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [D.HUKS_DIGEST_MD5, 'md5'],
  [D.HUKS_DIGEST_SM3, 'sm3'],
  [D.HUKS_DIGEST_SHA1, 'sha1'],
  [D.HUKS_DIGEST_SHA224, 'sha224'],
  [D.HUKS_DIGEST_SHA256, 'sha256'],
  [D.HUKS_DIGEST_SHA384, 'sha384'],
  [D.HUKS_DIGEST_SHA512, 'sha512'],
]);

/** Output length in bytes per HuksKeyDigest. */
export const DIGEST_LENGTHS: ReadonlyMap<number, number> = new Map<number, number>([
  [D.HUKS_DIGEST_MD5, 16],
  [D.HUKS_DIGEST_SM3, 32],
  [D.HUKS_DIGEST_SHA1, 20],
  [D.HUKS_DIGEST_SHA224, 28],
  [D.HUKS_DIGEST_SHA256, 32],
  [D.HUKS_DIGEST_SHA384, 48],
  [D.HUKS_DIGEST_SHA512, 64],
]);
