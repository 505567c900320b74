import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  HuksCipherMode, HuksKeyAlg, HuksKeyDigest, HuksKeyPadding, HuksKeyPurpose, HuksTag,
} from '../../../src/common/enums.js';
import type { Api } from './check.js';

/** A namespace in its own temporary home, plus the public BusinessError class. */
export async function openApi(options: object = {}) {
  const home = mkdtempSync(path.join(tmpdir(), 'openhuks-property-'));
  const url = new URL('../../../src/index.js', import.meta.url).href;
  const mod = (await import(url)) as {
    createHuks: (o: object) => Api;
    BusinessError: Function;
  };
  const huks = mod.createHuks({ home, ...options });
  const done = async (): Promise<void> => {
    await (huks['close'] as () => Promise<void>)?.();
    rmSync(home, { recursive: true, force: true });
  };
  return { huks, BusinessError: mod.BusinessError, done };
}

const T = HuksTag;
const p = (tag: number, value: number) => ({ tag, value });

/** Keys behind POOL_ALIASES, so that random calls also reach the paths after the key lookup. */
export const POOL: Record<string, Array<{ tag: number; value: number }>> = {
  'pool-aes': [
    p(T.HUKS_TAG_ALGORITHM, HuksKeyAlg.HUKS_ALG_AES), p(T.HUKS_TAG_KEY_SIZE, 128),
    p(T.HUKS_TAG_PURPOSE, HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT | HuksKeyPurpose.HUKS_KEY_PURPOSE_DECRYPT),
    p(T.HUKS_TAG_BLOCK_MODE, HuksCipherMode.HUKS_MODE_CBC), p(T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_PKCS7),
  ],
  'pool-hmac': [
    p(T.HUKS_TAG_ALGORITHM, HuksKeyAlg.HUKS_ALG_HMAC), p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, HuksKeyPurpose.HUKS_KEY_PURPOSE_MAC), p(T.HUKS_TAG_DIGEST, HuksKeyDigest.HUKS_DIGEST_SHA256),
  ],
  'pool-ecc': [
    p(T.HUKS_TAG_ALGORITHM, HuksKeyAlg.HUKS_ALG_ECC), p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN | HuksKeyPurpose.HUKS_KEY_PURPOSE_VERIFY),
    p(T.HUKS_TAG_DIGEST, HuksKeyDigest.HUKS_DIGEST_SHA256),
  ],
  'pool-x25519': [
    p(T.HUKS_TAG_ALGORITHM, HuksKeyAlg.HUKS_ALG_X25519), p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, HuksKeyPurpose.HUKS_KEY_PURPOSE_AGREE),
  ],
  'pool-derive': [
    p(T.HUKS_TAG_ALGORITHM, HuksKeyAlg.HUKS_ALG_AES), p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, HuksKeyPurpose.HUKS_KEY_PURPOSE_DERIVE),
    p(T.HUKS_TAG_DIGEST, HuksKeyDigest.HUKS_DIGEST_SHA256),
  ],
};

/** Generates the pool keys; a key family that is not there yet only makes the pool smaller. */
export async function seedPool(huks: Api): Promise<string[]> {
  const made: string[] = [];
  for (const [alias, properties] of Object.entries(POOL)) {
    try {
      await huks['generateKeyItem']!(alias, { properties });
      made.push(alias);
    } catch {
      // Reported by the properties themselves as far as it matters: calls on it get 12000011.
    }
  }
  return made;
}
