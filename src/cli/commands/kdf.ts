import { readFile, writeFile } from 'node:fs/promises';

import {
  HuksKeyAlg,
  HuksKeyDigest,
  HuksKeyPurpose,
  HuksKeyStorageType,
  HuksTag,
} from '../../common/enums.js';
import type { Register } from '../command.js';
import type { CliContext } from '../context.js';
import { outBytes, type HuksParam } from '../huks-api.js';
import { readKeyInfo } from '../key-info.js';
import { peerPublicKey } from '../key-material.js';
import {
  addKeyOptions,
  algOf,
  defaultSize,
  keyProperties,
  purposeOf,
  sizeOf,
  type KeyWords,
} from '../key-options.js';
import { UsageError } from '../usage-error.js';
import {
  ALGORITHMS,
  DIGESTS,
  nameOf,
  parseCount,
  parseHex,
  parseKeySize,
  parseWord,
  wordOr,
} from '../words.js';

/**
 * derive (HKDF/PBKDF2 from a stored key) and agree (ECDH/X25519/DH with a peer public key).
 * The result is returned (to a file or as hex) or stored under a new alias (algorithms.md §11).
 */

interface StoreOptions {
  out?: string;
  store?: string;
  storeAlg?: string;
  storeSize?: string;
  storePurpose?: string;
  storeMode?: string;
  storePadding?: string;
  storeDigest?: string;
  storePssSalt?: string;
}

interface DeriveOptions extends StoreOptions {
  alg?: string;
  digest?: string;
  length?: string;
  salt?: string;
  info?: string;
  iterations?: string;
}

interface AgreeOptions extends StoreOptions {
  alg?: string;
  size?: string;
}

const A = HuksKeyAlg;

export const registerKdfCommands: Register = (program, run) => {
  addStoreOptions(
    program
      .command('derive <alias>')
      .description('derive key bytes from a stored key with HKDF or PBKDF2')
      .option('--alg <word>', 'hkdf or pbkdf2', 'hkdf')
      .option('--digest <word>', 'sha256, sha384 or sha512 (default: the key\'s, else sha256)')
      .option('--length <bytes>', 'derived length in bytes', '32')
      .option('--salt <hex>', 'salt as hex')
      .option('--info <hex>', 'HKDF info as hex')
      .option('--iterations <n>', 'PBKDF2 iteration count', '10000'),
  ).action(
    run<DeriveOptions>(async (ctx, [alias], options) => {
      const info = await readKeyInfo(ctx, alias!);
      const alg = parseWord(ALGORITHMS, options.alg ?? 'hkdf');
      if (alg !== A.HUKS_ALG_HKDF && alg !== A.HUKS_ALG_PBKDF2) {
        throw new UsageError(`--alg must be hkdf or pbkdf2, not '${options.alg}'`);
      }
      const length = parseCount('--length', options.length ?? '32');
      const sha256 = HuksKeyDigest.HUKS_DIGEST_SHA256;
      const digest = wordOr(DIGESTS, options.digest, info.digest ?? sha256);
      const properties: HuksParam[] = [
        { tag: HuksTag.HUKS_TAG_ALGORITHM, value: alg },
        { tag: HuksTag.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_DERIVE },
        { tag: HuksTag.HUKS_TAG_DIGEST, value: digest },
        { tag: HuksTag.HUKS_TAG_DERIVE_KEY_SIZE, value: length },
      ];
      // Empty bytes tags are invalid (algorithms.md §1.1): absent salt/info means empty.
      const salt = options.salt === undefined ? undefined : parseHex('--salt', options.salt);
      if (salt !== undefined && salt.length > 0) {
        properties.push({ tag: HuksTag.HUKS_TAG_SALT, value: salt });
      }
      const kdfInfo = options.info === undefined ? undefined : parseHex('--info', options.info);
      if (kdfInfo !== undefined && kdfInfo.length > 0) {
        properties.push({ tag: HuksTag.HUKS_TAG_INFO, value: kdfInfo });
      }
      if (alg === A.HUKS_ALG_PBKDF2) {
        const iterations = parseCount('--iterations', options.iterations ?? '10000');
        properties.push({ tag: HuksTag.HUKS_TAG_ITERATION, value: iterations });
      }
      // The derivation runs in the single update; its input is ignored (algorithms.md §10).
      const empty = new Uint8Array(0);
      const secret = await runSession(ctx, alias!, properties, empty, options, length * 8);
      await deliver(ctx, 'derive', alias!, secret, options);
    }),
  );

  addStoreOptions(
    program
      .command('agree <alias> <peer-public-key>')
      .description('agree a secret with a peer public key (PEM/DER; raw 32 bytes for X25519)')
      .option('--alg <word>', 'ecdh, x25519 or dh (default: from the key)')
      .option('--size <bits>', 'key size (default: the key\'s)'),
  ).action(
    run<AgreeOptions>(async (ctx, [alias, peerFile], options) => {
      const info = await readKeyInfo(ctx, alias!);
      const alg = options.alg === undefined
        ? agreementOf(info.alg)
        : parseWord(ALGORITHMS, options.alg);
      const size = options.size !== undefined ? parseKeySize(options.size) : info.size;
      const peer = peerPublicKey(alg, await readFile(peerFile!));
      const properties: HuksParam[] = [
        { tag: HuksTag.HUKS_TAG_ALGORITHM, value: alg },
        { tag: HuksTag.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_AGREE },
      ];
      // ECDH and DH need KEY_SIZE at init (algorithms.md §8.1, §8.3).
      if (size !== undefined) properties.push({ tag: HuksTag.HUKS_TAG_KEY_SIZE, value: size });
      const secretBits = size === undefined ? undefined : agreedBits(alg, size);
      const secret = await runSession(ctx, alias!, properties, peer, options, secretBits);
      await deliver(ctx, 'agree', alias!, secret, options);
    }),
  );
};

function addStoreOptions<C extends Parameters<typeof addKeyOptions>[0]>(command: C): C {
  command
    .option('-o, --out <file>', 'write the result to this file (default: print it as hex)')
    .option('--store <alias>', 'store the result as a new key instead of returning it');
  addKeyOptions(command, 'store-');
  return command;
}

/** The agreement algorithm for a key's algorithm (algorithms.md §8). */
function agreementOf(keyAlg: number): number {
  if (keyAlg === A.HUKS_ALG_ECC) return A.HUKS_ALG_ECDH;
  if (keyAlg === A.HUKS_ALG_X25519 || keyAlg === A.HUKS_ALG_DH) return keyAlg;
  const name = nameOf(ALGORITHMS, keyAlg);
  throw new UsageError(`a ${name} key cannot agree; expected ecc, x25519 or dh`);
}

/** Length of the agreed secret in bits: the field size (ECDH), 256 (X25519), the group (DH). */
function agreedBits(alg: number, size: number): number {
  if (alg === A.HUKS_ALG_ECDH) return Math.ceil(size / 8) * 8;
  return size;
}

/**
 * init, the single update with `data`, then finish: returning the bytes, or storing them when
 * --store names an alias (the storing properties go on finish, algorithms.md §11).
 */
async function runSession(
  ctx: CliContext,
  alias: string,
  properties: HuksParam[],
  data: Uint8Array,
  options: StoreOptions,
  secretBits: number | undefined,
): Promise<Uint8Array> {
  // Returning needs no storing flag (algorithms.md §11); EXPORT_ALLOWED says so explicitly.
  const exportAllowed = HuksKeyStorageType.HUKS_STORAGE_KEY_EXPORT_ALLOWED;
  const finishProperties = options.store === undefined
    ? [{ tag: HuksTag.HUKS_TAG_DERIVED_AGREED_KEY_STORAGE_FLAG, value: exportAllowed }]
    : storeProperties(options, secretBits);
  const level = ctx.levelParams();
  const { handle } = await ctx.huks.initSession(alias, { properties: [...properties, ...level] });
  try {
    await ctx.huks.updateSession(handle, { properties: [], inData: data });
    const result = await ctx.huks.finishSession(handle, {
      properties: [...finishProperties, ...level],
      inData: new Uint8Array(0),
    });
    return outBytes(result);
  } catch (error) {
    await ctx.huks.abortSession(handle, { properties: [] }).catch(() => undefined);
    throw error;
  }
}

function storeProperties(options: StoreOptions, secretBits: number | undefined): HuksParam[] {
  const words: KeyWords = {
    alg: options.storeAlg ?? defaultStoreAlg(secretBits),
    size: options.storeSize,
    purpose: options.storePurpose,
    mode: options.storeMode,
    padding: options.storePadding,
    digest: options.storeDigest,
    pssSalt: options.storePssSalt,
  };
  const alg = algOf(words)!;
  // The stored key's size must match the secret's length (algorithms.md §11).
  const size = sizeOf(words) ?? secretBits ?? defaultSize(alg);
  const purpose = purposeOf(words, alg, false);
  return [
    { tag: HuksTag.HUKS_TAG_KEY_STORAGE_FLAG, value: HuksKeyStorageType.HUKS_STORAGE_PERSISTENT },
    { tag: HuksTag.HUKS_TAG_KEY_ALIAS, value: Buffer.from(options.store!, 'utf8') },
    ...keyProperties(words, { alg, size, purpose }),
  ];
}

/**
 * AES when the secret has an AES key length, HMAC otherwise (HMAC takes any whole number of
 * bytes), so that e.g. a 48-byte P-384 secret is not stored as an unusable AES-384 key.
 */
function defaultStoreAlg(secretBits: number | undefined): string {
  return secretBits === 128 || secretBits === 192 || secretBits === 256 ? 'aes' : 'hmac';
}

async function deliver(
  ctx: CliContext,
  command: string,
  alias: string,
  secret: Uint8Array,
  options: StoreOptions,
): Promise<void> {
  if (options.store !== undefined) {
    ctx.report({ command, alias, stored: options.store }, `${command}: stored as ${options.store}`);
    return;
  }
  if (options.out !== undefined) await writeFile(options.out, secret);
  const hex = Buffer.from(secret).toString('hex');
  const where = options.out === undefined ? hex : `${secret.length} bytes -> ${options.out}`;
  ctx.report({ command, alias, bytes: secret.length, secret: hex }, `${command}: ${where}`);
}
