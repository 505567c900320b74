import type { Command } from 'commander';

import { HuksKeyAlg, HuksKeyPurpose, HuksTag } from '../common/enums.js';
import type { HuksParam } from './huks-api.js';
import {
  ALGORITHMS,
  DIGESTS,
  MODES,
  PADDINGS,
  parseKeySize,
  parsePurposes,
  parseWord,
  PSS_SALT_TYPES,
} from './words.js';

/**
 * The words that describe a key (`--alg aes --size 256 --mode gcm ...`), shared by generate,
 * import and the storing forms of derive/agree, and their translation to HUKS properties.
 */
export interface KeyWords {
  alg?: string;
  size?: string;
  purpose?: string;
  mode?: string;
  padding?: string;
  digest?: string;
  pssSalt?: string;
  /** Replace an existing alias; without it the CLI asks the keystore to refuse (12000017). */
  force?: boolean;
}

/** Adds the key-description options to a command; `prefix` names them e.g. `--store-alg`. */
export function addKeyOptions(command: Command, prefix = ''): Command {
  const flag = (name: string): string => `--${prefix}${name}`;
  return command
    .option(`${flag('alg')} <word>`, 'algorithm: aes, rsa, ecc, ed25519, x25519, hmac, sm4, ...')
    .option(`${flag('size')} <bits>`, 'key size in bits (or a curve: p-256, p-384, ...)')
    .option(`${flag('purpose')} <words>`, 'purposes, e.g. encrypt,decrypt or sign,verify')
    .option(`${flag('mode')} <word>`, 'block mode: ecb, cbc, ctr, gcm, ccm, cfb, ofb')
    .option(`${flag('padding')} <word>`, 'padding: none, pkcs7, oaep, pss, pkcs1')
    .option(`${flag('digest')} <word>`, 'digest: sha256, sha384, sha512, sha1, sm3, none')
    .option(`${flag('pss-salt')} <word>`, 'RSA-PSS salt length type: digest or max');
}

/** Default size per algorithm when `--size` is absent. */
const DEFAULT_SIZE: ReadonlyMap<number, number> = new Map([
  [HuksKeyAlg.HUKS_ALG_AES, 256],
  [HuksKeyAlg.HUKS_ALG_RSA, 2048],
  [HuksKeyAlg.HUKS_ALG_ECC, 256],
  [HuksKeyAlg.HUKS_ALG_X25519, 256],
  [HuksKeyAlg.HUKS_ALG_ED25519, 256],
  [HuksKeyAlg.HUKS_ALG_DH, 2048],
  [HuksKeyAlg.HUKS_ALG_DSA, 1024],
  [HuksKeyAlg.HUKS_ALG_SM2, 256],
  [HuksKeyAlg.HUKS_ALG_SM4, 128],
  [HuksKeyAlg.HUKS_ALG_DES, 64],
  [HuksKeyAlg.HUKS_ALG_3DES, 192],
  [HuksKeyAlg.HUKS_ALG_HMAC, 256],
  [HuksKeyAlg.HUKS_ALG_SM3, 256],
]);

const U = HuksKeyPurpose;
const ENCRYPT_DECRYPT = U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT;
const SIGN_VERIFY = U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY;

/** Default purposes per algorithm when `--purpose` is absent (one category, §1.3). */
export function defaultPurpose(alg: number, publicOnly: boolean): number {
  switch (alg) {
    case HuksKeyAlg.HUKS_ALG_RSA:
    case HuksKeyAlg.HUKS_ALG_ECC:
    case HuksKeyAlg.HUKS_ALG_ED25519:
    case HuksKeyAlg.HUKS_ALG_DSA:
    case HuksKeyAlg.HUKS_ALG_SM2:
      // A public key may carry exactly one purpose (algorithms.md §1.4 step 6).
      return publicOnly ? U.HUKS_KEY_PURPOSE_VERIFY : SIGN_VERIFY;
    case HuksKeyAlg.HUKS_ALG_X25519:
    case HuksKeyAlg.HUKS_ALG_DH:
      return U.HUKS_KEY_PURPOSE_AGREE;
    case HuksKeyAlg.HUKS_ALG_HMAC:
    case HuksKeyAlg.HUKS_ALG_SM3:
      return U.HUKS_KEY_PURPOSE_MAC;
    default:
      return ENCRYPT_DECRYPT;
  }
}

/** Parses `--alg` if given. */
export function algOf(words: KeyWords): number | undefined {
  return words.alg === undefined ? undefined : parseWord(ALGORITHMS, words.alg);
}

export function sizeOf(words: KeyWords): number | undefined {
  return words.size === undefined ? undefined : parseKeySize(words.size);
}

export function defaultSize(alg: number): number | undefined {
  return DEFAULT_SIZE.get(alg);
}

/**
 * The properties of a key description. `alg` and `size` are already resolved (they may come
 * from a key file rather than from words); the rest are optional and added only when named.
 */
export function keyProperties(
  words: KeyWords,
  resolved: { alg: number; size: number | undefined; purpose: number },
): HuksParam[] {
  const params: HuksParam[] = [
    { tag: HuksTag.HUKS_TAG_ALGORITHM, value: resolved.alg },
    { tag: HuksTag.HUKS_TAG_PURPOSE, value: resolved.purpose },
  ];
  if (resolved.size !== undefined) {
    params.push({ tag: HuksTag.HUKS_TAG_KEY_SIZE, value: resolved.size });
  }
  params.push(...cryptoProperties(words));
  // The API replaces an existing alias silently; a shell user who reuses a name would lose
  // every file encrypted under the old key, so the CLI refuses unless --force is given.
  if (!words.force) params.push({ tag: HuksTag.HUKS_TAG_KEY_OVERRIDE, value: false });
  return params;
}

/** Mode, padding, digest and PSS salt type, each only when named. */
export function cryptoProperties(words: KeyWords): HuksParam[] {
  const params: HuksParam[] = [];
  if (words.mode !== undefined) {
    params.push({ tag: HuksTag.HUKS_TAG_BLOCK_MODE, value: parseWord(MODES, words.mode) });
  }
  if (words.padding !== undefined) {
    params.push({ tag: HuksTag.HUKS_TAG_PADDING, value: parseWord(PADDINGS, words.padding) });
  }
  if (words.digest !== undefined) {
    params.push({ tag: HuksTag.HUKS_TAG_DIGEST, value: parseWord(DIGESTS, words.digest) });
  }
  if (words.pssSalt !== undefined) {
    const value = parseWord(PSS_SALT_TYPES, words.pssSalt);
    params.push({ tag: HuksTag.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE, value });
  }
  return params;
}

export function purposeOf(words: KeyWords, alg: number, publicOnly: boolean): number {
  if (words.purpose === undefined) return defaultPurpose(alg, publicOnly);
  return parsePurposes(words.purpose);
}
