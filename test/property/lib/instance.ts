import { BusinessError } from '../../../src/index.js';
import { tempHuks } from '../../helpers/instance.js';
import {
  HuksCipherMode as M, HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPadding as Pad,
  HuksKeyPurpose as P, HuksTag as T,
} from '../../../src/common/enums.js';
import type { Api } from './check.js';

/** A namespace in its own temporary home, plus the public BusinessError class. */
export async function openApi(options: { system?: boolean } = {}): Promise<{
  huks: Api;
  BusinessError: Function;
  done: () => Promise<void>;
}> {
  const t = tempHuks(options);
  return { huks: t.huks as unknown as Api, BusinessError, done: () => t.cleanup() };
}

export type Param = { tag: number; value: unknown };
export const p = (tag: number, value: unknown): Param => ({ tag, value });

/** Keys behind POOL_ALIASES, so that random calls also reach the paths after the key lookup. */
export const POOL: Record<string, Param[]> = {
  'pool-aes': [
    p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_AES), p(T.HUKS_TAG_KEY_SIZE, 128),
    p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_ENCRYPT | P.HUKS_KEY_PURPOSE_DECRYPT),
    p(T.HUKS_TAG_BLOCK_MODE, M.HUKS_MODE_CBC), p(T.HUKS_TAG_PADDING, Pad.HUKS_PADDING_PKCS7),
  ],
  'pool-hmac': [
    p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_HMAC), p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_MAC), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256),
  ],
  'pool-ecc': [
    p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ECC), p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_SIGN | P.HUKS_KEY_PURPOSE_VERIFY),
    p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256),
  ],
  'pool-x25519': [
    p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_X25519), p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_AGREE),
  ],
  'pool-derive': [
    p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_AES), p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_DERIVE), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256),
  ],
};

/** Init parameters that suit each pool key (`flip` picks one of two purposes/algorithms). */
export function baseInit(alias: string, flip: boolean, iv: Uint8Array): Param[] {
  const alg = (a: number) => p(T.HUKS_TAG_ALGORITHM, a);
  const purpose = (x: number) => p(T.HUKS_TAG_PURPOSE, x);
  const sha256 = p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256);
  switch (alias) {
    case 'pool-aes':
      return [alg(A.HUKS_ALG_AES),
        purpose(flip ? P.HUKS_KEY_PURPOSE_ENCRYPT : P.HUKS_KEY_PURPOSE_DECRYPT),
        p(T.HUKS_TAG_BLOCK_MODE, M.HUKS_MODE_CBC),
        p(T.HUKS_TAG_PADDING, Pad.HUKS_PADDING_PKCS7), p(T.HUKS_TAG_IV, iv)];
    case 'pool-hmac':
      return [alg(A.HUKS_ALG_HMAC), purpose(P.HUKS_KEY_PURPOSE_MAC), sha256];
    case 'pool-ecc':
      return [alg(A.HUKS_ALG_ECC),
        purpose(flip ? P.HUKS_KEY_PURPOSE_SIGN : P.HUKS_KEY_PURPOSE_VERIFY), sha256];
    case 'pool-x25519':
      return [alg(A.HUKS_ALG_X25519), purpose(P.HUKS_KEY_PURPOSE_AGREE)];
    default:
      return [alg(flip ? A.HUKS_ALG_HKDF : A.HUKS_ALG_PBKDF2), purpose(P.HUKS_KEY_PURPOSE_DERIVE),
        sha256, p(T.HUKS_TAG_DERIVE_KEY_SIZE, 32), p(T.HUKS_TAG_SALT, iv),
        p(T.HUKS_TAG_ITERATION, 100)];
  }
}

/** Generates the pool keys; a key family that is not there yet only makes the pool smaller. */
export async function seedPool(huks: Api): Promise<string[]> {
  const made: string[] = [];
  for (const [alias, properties] of Object.entries(POOL)) {
    try {
      await huks['generateKeyItem']!(alias, { properties });
      made.push(alias);
    } catch {
      // Calls on a missing pool key simply get 12000011, which the properties accept.
    }
  }
  return made;
}
