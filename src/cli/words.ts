import {
  HuksAuthStorageLevel,
  HuksCipherMode,
  HuksImportKeyType,
  HuksKeyAlg,
  HuksKeyDigest,
  HuksKeyFlag,
  HuksKeyPadding,
  HuksKeyPurpose,
  HuksKeyStorageType,
  HuksRsaPssSaltLenType,
} from '../common/enums.js';
import { UsageError } from './usage-error.js';

/**
 * The CLI names algorithms, modes, paddings and the rest in words (`--alg aes --mode gcm`);
 * this module is the one place that turns those words into the HUKS enum numbers and back.
 * An unknown word is a UsageError that lists the accepted words and the closest match.
 */

/** One vocabulary: accepted words (lower case, synonyms allowed) to enum numbers. */
export interface Vocabulary {
  readonly what: string;
  readonly words: ReadonlyMap<string, number>;
  /** The word printed for a number (the first word listed for it). */
  readonly names: ReadonlyMap<number, string>;
}

function vocabulary(what: string, entries: ReadonlyArray<[string, number]>): Vocabulary {
  const words = new Map<string, number>();
  const names = new Map<number, string>();
  for (const [word, value] of entries) {
    words.set(word, value);
    if (!names.has(value)) names.set(value, word);
  }
  return { what, words, names };
}

const A = HuksKeyAlg;
export const ALGORITHMS = vocabulary('algorithm', [
  ['aes', A.HUKS_ALG_AES],
  ['rsa', A.HUKS_ALG_RSA],
  ['ecc', A.HUKS_ALG_ECC],
  ['ec', A.HUKS_ALG_ECC],
  ['ecdsa', A.HUKS_ALG_ECC],
  ['ecdh', A.HUKS_ALG_ECDH],
  ['x25519', A.HUKS_ALG_X25519],
  ['ed25519', A.HUKS_ALG_ED25519],
  ['dsa', A.HUKS_ALG_DSA],
  ['dh', A.HUKS_ALG_DH],
  ['sm2', A.HUKS_ALG_SM2],
  ['sm3', A.HUKS_ALG_SM3],
  ['sm4', A.HUKS_ALG_SM4],
  ['des', A.HUKS_ALG_DES],
  ['3des', A.HUKS_ALG_3DES],
  ['tdes', A.HUKS_ALG_3DES],
  ['hmac', A.HUKS_ALG_HMAC],
  ['hkdf', A.HUKS_ALG_HKDF],
  ['pbkdf2', A.HUKS_ALG_PBKDF2],
  ['cmac', A.HUKS_ALG_CMAC],
  ['ml-kem', A.HUKS_ALG_ML_KEM],
  ['ml-dsa', A.HUKS_ALG_ML_DSA],
]);

const M = HuksCipherMode;
export const MODES = vocabulary('mode', [
  ['ecb', M.HUKS_MODE_ECB],
  ['cbc', M.HUKS_MODE_CBC],
  ['ctr', M.HUKS_MODE_CTR],
  ['ofb', M.HUKS_MODE_OFB],
  ['cfb', M.HUKS_MODE_CFB],
  ['ccm', M.HUKS_MODE_CCM],
  ['gcm', M.HUKS_MODE_GCM],
]);

const P = HuksKeyPadding;
export const PADDINGS = vocabulary('padding', [
  ['none', P.HUKS_PADDING_NONE],
  ['oaep', P.HUKS_PADDING_OAEP],
  ['pss', P.HUKS_PADDING_PSS],
  ['pkcs1', P.HUKS_PADDING_PKCS1_V1_5],
  ['pkcs1-v1_5', P.HUKS_PADDING_PKCS1_V1_5],
  ['pkcs5', P.HUKS_PADDING_PKCS5],
  ['pkcs7', P.HUKS_PADDING_PKCS7],
  ['iso9796-2', P.HUKS_PADDING_ISO_IEC_9796_2],
  ['iso9797-1', P.HUKS_PADDING_ISO_IEC_9797_1],
]);

const D = HuksKeyDigest;
export const DIGESTS = vocabulary('digest', [
  ['none', D.HUKS_DIGEST_NONE],
  ['md5', D.HUKS_DIGEST_MD5],
  ['sm3', D.HUKS_DIGEST_SM3],
  ['sha1', D.HUKS_DIGEST_SHA1],
  ['sha224', D.HUKS_DIGEST_SHA224],
  ['sha256', D.HUKS_DIGEST_SHA256],
  ['sha384', D.HUKS_DIGEST_SHA384],
  ['sha512', D.HUKS_DIGEST_SHA512],
  ['sha-1', D.HUKS_DIGEST_SHA1],
  ['sha-224', D.HUKS_DIGEST_SHA224],
  ['sha-256', D.HUKS_DIGEST_SHA256],
  ['sha-384', D.HUKS_DIGEST_SHA384],
  ['sha-512', D.HUKS_DIGEST_SHA512],
]);

const U = HuksKeyPurpose;
export const PURPOSES = vocabulary('purpose', [
  ['encrypt', U.HUKS_KEY_PURPOSE_ENCRYPT],
  ['decrypt', U.HUKS_KEY_PURPOSE_DECRYPT],
  ['sign', U.HUKS_KEY_PURPOSE_SIGN],
  ['verify', U.HUKS_KEY_PURPOSE_VERIFY],
  ['derive', U.HUKS_KEY_PURPOSE_DERIVE],
  ['wrap', U.HUKS_KEY_PURPOSE_WRAP],
  ['unwrap', U.HUKS_KEY_PURPOSE_UNWRAP],
  ['mac', U.HUKS_KEY_PURPOSE_MAC],
  ['agree', U.HUKS_KEY_PURPOSE_AGREE],
]);

export const IMPORT_TYPES = vocabulary('import type', [
  ['public', HuksImportKeyType.HUKS_KEY_TYPE_PUBLIC_KEY],
  ['private', HuksImportKeyType.HUKS_KEY_TYPE_PRIVATE_KEY],
  ['pair', HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR],
  ['keypair', HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR],
]);

export const PSS_SALT_TYPES = vocabulary('pss salt type', [
  ['digest', HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_DIGEST],
  ['max', HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_MAX],
]);

export const STORAGE_LEVELS = vocabulary('storage level', [
  ['de', HuksAuthStorageLevel.HUKS_AUTH_STORAGE_LEVEL_DE],
  ['ce', HuksAuthStorageLevel.HUKS_AUTH_STORAGE_LEVEL_CE],
  ['ece', HuksAuthStorageLevel.HUKS_AUTH_STORAGE_LEVEL_ECE],
]);

/** How a key came to be (HUKS_TAG_KEY_FLAG); printed by `huks info`, never parsed. */
export const KEY_FLAGS = vocabulary('key flag', [
  ['imported', HuksKeyFlag.HUKS_KEY_FLAG_IMPORT_KEY],
  ['generated', HuksKeyFlag.HUKS_KEY_FLAG_GENERATE_KEY],
  ['agreed', HuksKeyFlag.HUKS_KEY_FLAG_AGREE_KEY],
  ['derived', HuksKeyFlag.HUKS_KEY_FLAG_DERIVE_KEY],
]);

/** Storage flags of derived/agreed keys; printed by `huks info`. */
export const STORAGE_TYPES = vocabulary('storage type', [
  ['temp', HuksKeyStorageType.HUKS_STORAGE_TEMP],
  ['persistent', HuksKeyStorageType.HUKS_STORAGE_PERSISTENT],
  ['only-used-in-huks', HuksKeyStorageType.HUKS_STORAGE_ONLY_USED_IN_HUKS],
  ['key-export-allowed', HuksKeyStorageType.HUKS_STORAGE_KEY_EXPORT_ALLOWED],
]);

/** Curve names accepted in place of an ECC key size. */
const CURVE_SIZES: ReadonlyMap<string, number> = new Map([
  ['p224', 224], ['p-224', 224], ['secp224r1', 224],
  ['p256', 256], ['p-256', 256], ['prime256v1', 256], ['secp256r1', 256],
  ['p384', 384], ['p-384', 384], ['secp384r1', 384],
  ['p521', 521], ['p-521', 521], ['secp521r1', 521],
]);

/** Turns one word into its number, or throws a UsageError naming the accepted words. */
export function parseWord(vocab: Vocabulary, input: string): number {
  const word = input.trim().toLowerCase();
  const value = vocab.words.get(word);
  if (value !== undefined) return value;

  const accepted = [...vocab.words.keys()];
  const guess = closest(word, accepted);
  const hint = guess === undefined ? '' : ` (did you mean '${guess}'?)`;
  throw new UsageError(
    `unknown ${vocab.what} '${input}'${hint}; expected one of: ${accepted.join(', ')}`,
  );
}

/** The printable word for a number, or the number itself when the vocabulary lacks it. */
export function nameOf(vocab: Vocabulary, value: number): string {
  return vocab.names.get(value) ?? String(value);
}

/** A purpose list such as `encrypt,decrypt` (also `encrypt|decrypt`) as one bit mask. */
export function parsePurposes(input: string): number {
  const parts = input.split(/[,|+]/).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) throw new UsageError('empty purpose; expected e.g. encrypt,decrypt');
  return parts.reduce((mask, part) => mask | parseWord(PURPOSES, part), 0);
}

/** The words of a purpose mask, in enum order (e.g. 3 -> 'encrypt,decrypt'). */
export function purposeNames(mask: number): string {
  const names: string[] = [];
  for (const [value, name] of PURPOSES.names) if ((mask & value) !== 0) names.push(name);
  return names.length > 0 ? names.join(',') : String(mask);
}

/** A key size in bits: a positive integer, or a curve name such as `p-256`. */
export function parseKeySize(input: string): number {
  const word = input.trim().toLowerCase();
  const curve = CURVE_SIZES.get(word);
  if (curve !== undefined) return curve;
  if (/^[0-9]+$/.test(word) && Number(word) > 0) return Number(word);
  throw new UsageError(
    `invalid key size '${input}'; expected a number of bits (e.g. 256) or a curve ` +
      `(${[...CURVE_SIZES.keys()].filter((c) => c.startsWith('p-')).join(', ')})`,
  );
}

/** A non-negative integer option (lengths, iterations). */
export function parseCount(what: string, input: string): number {
  const word = input.trim();
  if (/^[0-9]+$/.test(word)) return Number(word);
  throw new UsageError(`invalid ${what} '${input}'; expected a non-negative integer`);
}

/** Hex text (spaces and colons allowed, as `openssl` prints) as bytes. */
export function parseHex(what: string, input: string): Buffer {
  const text = input.replace(/[\s:]/g, '');
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new UsageError(`invalid ${what}: expected hex digits, got '${input}'`);
  }
  return Buffer.from(text, 'hex');
}

/** The accepted word nearest to `word`, if it is near enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Edit distance counting a swap of two neighbours as one edit ('sing' -> 'sign'). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The number of an optional word, or `fallback` when the option was not given. */
export function wordOr<T>(vocab: Vocabulary, input: string | undefined, fallback: T): number | T {
  return input === undefined ? fallback : parseWord(vocab, input);
}
