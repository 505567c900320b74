import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

import { planImport } from '../src/cli/key-material.js';
import type { HuksApi, HuksParam } from '../src/cli/huks-api.js';
import {
  HuksCipherMode,
  HuksImportKeyType,
  HuksKeyAlg,
  HuksKeyDigest,
  HuksKeyPadding,
  HuksKeyPurpose,
  HuksTag,
} from '../src/index.js';

/**
 * The keys the benchmarks use. Both sides must do the same work with the same key bytes, so
 * keys are imported (known material) rather than generated, except where generation itself
 * is what is measured.
 */

const T = HuksTag;
const P = HuksKeyPurpose;

export const AES_GCM_KEY: HuksParam[] = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
  { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
  { tag: T.HUKS_TAG_PURPOSE, value: P.HUKS_KEY_PURPOSE_ENCRYPT | P.HUKS_KEY_PURPOSE_DECRYPT },
  { tag: T.HUKS_TAG_BLOCK_MODE, value: HuksCipherMode.HUKS_MODE_GCM },
  { tag: T.HUKS_TAG_PADDING, value: HuksKeyPadding.HUKS_PADDING_NONE },
];

/** initSession properties of an AES-256-GCM encryption with the caller's nonce. */
export function gcmEncrypt(nonce: Uint8Array): HuksParam[] {
  return [
    { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
    { tag: T.HUKS_TAG_PURPOSE, value: P.HUKS_KEY_PURPOSE_ENCRYPT },
    { tag: T.HUKS_TAG_BLOCK_MODE, value: HuksCipherMode.HUKS_MODE_GCM },
    { tag: T.HUKS_TAG_PADDING, value: HuksKeyPadding.HUKS_PADDING_NONE },
    { tag: T.HUKS_TAG_NONCE, value: nonce },
  ];
}

export const ECDSA_SIGN: HuksParam[] = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_ECC },
  { tag: T.HUKS_TAG_PURPOSE, value: P.HUKS_KEY_PURPOSE_SIGN },
  { tag: T.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
];

export const HMAC_SHA256: HuksParam[] = [
  { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_HMAC },
  { tag: T.HUKS_TAG_PURPOSE, value: P.HUKS_KEY_PURPOSE_MAC },
  { tag: T.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
];

/** Imports a known AES-256 key and returns its bytes for the raw side. */
export async function importAesKey(huks: HuksApi, alias: string): Promise<Buffer> {
  const key = randomBytes(32);
  await huks.importKeyItem(alias, { properties: AES_GCM_KEY, inData: key });
  return key;
}

export async function importHmacKey(huks: HuksApi, alias: string): Promise<Buffer> {
  const key = randomBytes(32);
  const properties: HuksParam[] = [
    { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_HMAC },
    { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
    { tag: T.HUKS_TAG_PURPOSE, value: P.HUKS_KEY_PURPOSE_MAC },
    { tag: T.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
  ];
  await huks.importKeyItem(alias, { properties, inData: key });
  return key;
}

/** Imports a P-256 key pair (key-formats.md §3.2 material) and returns its private key. */
export async function importP256Key(huks: HuksApi, alias: string): Promise<KeyObject> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const plan = planImport(privateKey.export({ format: 'der', type: 'pkcs8' }), {});
  const properties: HuksParam[] = [
    { tag: T.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_ECC },
    { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
    { tag: T.HUKS_TAG_PURPOSE, value: P.HUKS_KEY_PURPOSE_SIGN | P.HUKS_KEY_PURPOSE_VERIFY },
    { tag: T.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
    { tag: T.HUKS_TAG_IMPORT_KEY_TYPE, value: HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR },
  ];
  await huks.importKeyItem(alias, { properties, inData: plan.data });
  return privateKey;
}
