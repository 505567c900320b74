import { randomBytes } from 'node:crypto';
import { open, stat } from 'node:fs/promises';

import {
  HuksCipherMode,
  HuksKeyAlg,
  HuksKeyDigest,
  HuksKeyPadding,
  HuksKeyPurpose,
  HuksTag,
} from '../../common/enums.js';
import type { Register } from '../command.js';
import { required, type CliContext } from '../context.js';
import {
  decodeHeader,
  encodeHeader,
  FIXED_HEADER,
  isAead,
  type EnvelopeHeader,
} from '../envelope.js';
import type { HuksParam } from '../huks-api.js';
import { readKeyInfo, type KeyInfo } from '../key-info.js';
import { startProgress } from '../progress.js';
import { streamSession, withOutputFile, type FileRange } from '../stream.js';
import { UsageError } from '../usage-error.js';
import { ALGORITHMS, DIGESTS, MODES, nameOf, PADDINGS, parseWord } from '../words.js';

/** encrypt and decrypt: files streamed through update sessions (docs/cli.md). */

interface CipherOptions {
  out?: string;
  mode?: string;
  padding?: string;
  digest?: string;
}

const A = HuksKeyAlg;
const BLOCK_CIPHERS: ReadonlySet<number> = new Set([
  A.HUKS_ALG_AES, A.HUKS_ALG_SM4, A.HUKS_ALG_DES, A.HUKS_ALG_3DES,
]);
const AEAD_TAG_LENGTH = 16;

export const registerCipherCommands: Register = (program, run) => {
  program
    .command('encrypt <alias> <input>')
    .description('encrypt a file (block ciphers: huks file format; RSA/SM2: raw ciphertext)')
    .requiredOption('-o, --out <file>', 'output file')
    .option('--mode <word>', 'block mode (default: the key\'s, else gcm for AES, cbc otherwise)')
    .option('--padding <word>', 'padding (default: the key\'s, else what the mode needs)')
    .option('--digest <word>', 'RSA-OAEP / SM2 digest (default: the key\'s, else sha256 / sm3)')
    .action(run<CipherOptions>((ctx, [alias, input], opts) => encrypt(ctx, alias!, input!, opts)));

  program
    .command('decrypt <alias> <input>')
    .description('decrypt a file made by huks encrypt (or raw RSA/SM2 ciphertext)')
    .requiredOption('-o, --out <file>', 'output file (written only when decryption succeeds)')
    .option('--padding <word>', 'RSA padding (default: the key\'s, else oaep)')
    .option('--digest <word>', 'RSA-OAEP digest (default: the key\'s, else sha256)')
    .action(run<CipherOptions>((ctx, [alias, input], opts) => decrypt(ctx, alias!, input!, opts)));
};

async function encrypt(ctx: CliContext, alias: string, input: string, options: CipherOptions) {
  const info = await readKeyInfo(ctx, alias);
  const out = required(options.out, '--out');
  const size = (await stat(input)).size;
  const started = process.hrtime.bigint();
  // Drawn once the session is open, so a refused init prints only the error.
  const progress = () => startProgress(ctx.progress, ctx.terminal.stderr, 'encrypt', size);

  const written = await withOutputFile(out, async (file) => {
    const source: FileRange = { path: input, start: 0, end: size };
    if (!BLOCK_CIPHERS.has(info.alg)) {
      const purpose = HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT;
      const properties = [...asymmetricProperties(info, options, purpose), ...ctx.levelParams()];
      const { handle } = await ctx.huks.initSession(alias, { properties });
      const { finish } = await streamSession(ctx.huks, handle, source, file, {
        progress: progress(),
      });
      await file.write(finish);
      return file.size;
    }

    const header = newHeader(info, options);
    const headerBytes = encodeHeader(header);
    const properties = [...blockProperties(header, headerBytes, 'encrypt'), ...ctx.levelParams()];
    const { handle } = await ctx.huks.initSession(alias, { properties });
    await file.write(headerBytes);
    const { bytesIn, finish } = await streamSession(ctx.huks, handle, source, file, {
      progress: progress(),
    });
    await file.write(finish);
    // With our nonce the keystore appends only the tag (key-formats.md §7.1); anything else
    // would make the file undecryptable, so refuse to leave it behind.
    if (isAead(header.mode) && file.size !== headerBytes.length + bytesIn + AEAD_TAG_LENGTH) {
      throw new Error('unexpected AEAD output length from the keystore');
    }
    return file.size;
  });

  reportTransfer(ctx, 'encrypt', { alias, input, out, bytesIn: size, bytesOut: written, started });
}

async function decrypt(ctx: CliContext, alias: string, input: string, options: CipherOptions) {
  const info = await readKeyInfo(ctx, alias);
  const out = required(options.out, '--out');
  const size = (await stat(input)).size;
  const started = process.hrtime.bigint();

  let source: FileRange = { path: input, start: 0, end: size };
  let properties: HuksParam[];
  if (BLOCK_CIPHERS.has(info.alg)) {
    const { header, headerBytes, tag } = await readEnvelope(input, size);
    if (header.alg !== info.alg) {
      const [used, given] = [nameOf(ALGORITHMS, header.alg), nameOf(ALGORITHMS, info.alg)];
      throw new UsageError(`${input} was encrypted with ${used}, but key ${alias} is ${given}`);
    }
    properties = blockProperties(header, headerBytes, 'decrypt', tag);
    source = { path: input, start: headerBytes.length, end: size - header.tagLength };
  } else {
    properties = asymmetricProperties(info, options, HuksKeyPurpose.HUKS_KEY_PURPOSE_DECRYPT);
  }

  const { handle } = await ctx.huks.initSession(alias, {
    properties: [...properties, ...ctx.levelParams()],
  });
  const total = source.end - source.start;
  const progress = startProgress(ctx.progress, ctx.terminal.stderr, 'decrypt', total);
  const written = await withOutputFile(out, async (file) => {
    const { finish } = await streamSession(ctx.huks, handle, source, file, { progress });
    await file.write(finish);
    return file.size;
  });

  reportTransfer(ctx, 'decrypt', { alias, input, out, bytesIn: size, bytesOut: written, started });
}

/** Mode, padding and a fresh IV/nonce for a new encrypted file. */
function newHeader(info: KeyInfo, options: CipherOptions): EnvelopeHeader {
  const M = HuksCipherMode;
  const P = HuksKeyPadding;
  const isDes = info.alg === A.HUKS_ALG_DES || info.alg === A.HUKS_ALG_3DES;
  const mode = options.mode !== undefined
    ? parseWord(MODES, options.mode)
    : info.mode ?? (info.alg === A.HUKS_ALG_AES ? M.HUKS_MODE_GCM : M.HUKS_MODE_CBC);
  // PKCS7 where the mode needs whole blocks (DES has no PKCS7 in HUKS), NONE elsewhere.
  const blockMode = mode === M.HUKS_MODE_CBC || mode === M.HUKS_MODE_ECB;
  const padding = options.padding !== undefined
    ? parseWord(PADDINGS, options.padding)
    : info.padding ?? (blockMode && !isDes ? P.HUKS_PADDING_PKCS7 : P.HUKS_PADDING_NONE);

  // GCM/CCM: a 12-byte nonce we choose, so it can be written before the ciphertext.
  let ivLength = isDes ? 8 : 16;
  if (isAead(mode)) ivLength = 12;
  if (mode === M.HUKS_MODE_ECB) ivLength = 0;
  return {
    alg: info.alg,
    mode,
    padding,
    iv: randomBytes(ivLength),
    tagLength: isAead(mode) ? AEAD_TAG_LENGTH : 0,
  };
}

function blockProperties(
  header: EnvelopeHeader,
  headerBytes: Buffer,
  direction: 'encrypt' | 'decrypt',
  tag?: Uint8Array,
): HuksParam[] {
  const purpose = direction === 'encrypt'
    ? HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT
    : HuksKeyPurpose.HUKS_KEY_PURPOSE_DECRYPT;
  const properties: HuksParam[] = [
    { tag: HuksTag.HUKS_TAG_ALGORITHM, value: header.alg },
    { tag: HuksTag.HUKS_TAG_PURPOSE, value: purpose },
    { tag: HuksTag.HUKS_TAG_BLOCK_MODE, value: header.mode },
    { tag: HuksTag.HUKS_TAG_PADDING, value: header.padding },
  ];
  if (isAead(header.mode)) {
    properties.push({ tag: HuksTag.HUKS_TAG_NONCE, value: header.iv });
    // The header is the AAD: changing the mode, padding or nonce byte fails the tag check.
    properties.push({ tag: HuksTag.HUKS_TAG_ASSOCIATED_DATA, value: Uint8Array.from(headerBytes) });
    if (tag !== undefined) properties.push({ tag: HuksTag.HUKS_TAG_AE_TAG, value: tag });
  } else if (header.iv.length > 0) {
    properties.push({ tag: HuksTag.HUKS_TAG_IV, value: header.iv });
  }
  return properties;
}

/** RSA/SM2 encryption properties: the key's padding and digest unless named. */
function asymmetricProperties(info: KeyInfo, options: CipherOptions, purpose: number): HuksParam[] {
  if (info.alg !== A.HUKS_ALG_RSA && info.alg !== A.HUKS_ALG_SM2) {
    throw new UsageError(`a ${nameOf(ALGORITHMS, info.alg)} key cannot encrypt or decrypt`);
  }
  const isRsa = info.alg === A.HUKS_ALG_RSA;
  const padding = options.padding !== undefined
    ? parseWord(PADDINGS, options.padding)
    : info.padding ?? (isRsa ? HuksKeyPadding.HUKS_PADDING_OAEP : HuksKeyPadding.HUKS_PADDING_NONE);
  const digest = options.digest !== undefined
    ? parseWord(DIGESTS, options.digest)
    : info.digest ?? (isRsa ? HuksKeyDigest.HUKS_DIGEST_SHA256 : HuksKeyDigest.HUKS_DIGEST_SM3);
  const properties: HuksParam[] = [
    { tag: HuksTag.HUKS_TAG_ALGORITHM, value: info.alg },
    { tag: HuksTag.HUKS_TAG_PURPOSE, value: purpose },
    { tag: HuksTag.HUKS_TAG_PADDING, value: padding },
    { tag: HuksTag.HUKS_TAG_DIGEST, value: digest },
  ];
  if (info.size !== undefined) {
    properties.push({ tag: HuksTag.HUKS_TAG_KEY_SIZE, value: info.size });
  }
  return properties;
}

/** The header at the start of the file and the AEAD tag at its end (two positional reads). */
async function readEnvelope(path: string, size: number) {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, FIXED_HEADER + 255));
    await file.read(head, 0, head.length, 0);
    const { header, length } = decodeHeader(head);
    if (size < length + header.tagLength) throw new UsageError(`${path} is truncated`);
    const tag = Buffer.alloc(header.tagLength);
    if (tag.length > 0) await file.read(tag, 0, tag.length, size - tag.length);
    return { header, headerBytes: head.subarray(0, length), tag: Uint8Array.from(tag) };
  } finally {
    await file.close();
  }
}

interface Transfer {
  alias: string;
  input: string;
  out: string;
  bytesIn: number;
  bytesOut: number;
  started: bigint;
}

function reportTransfer(ctx: CliContext, command: string, run: Transfer): void {
  const seconds = Number(process.hrtime.bigint() - run.started) / 1e9;
  const mbPerSecond = seconds > 0 ? run.bytesIn / 1e6 / seconds : 0;
  ctx.report(
    {
      command,
      alias: run.alias,
      input: run.input,
      output: run.out,
      bytesIn: run.bytesIn,
      bytesOut: run.bytesOut,
      seconds: Number(seconds.toFixed(3)),
      mbPerSecond: Number(mbPerSecond.toFixed(1)),
    },
    `${command}ed ${run.input} (${run.bytesIn} bytes) -> ${run.out} (${run.bytesOut} bytes) ` +
      `in ${seconds.toFixed(2)} s, ${mbPerSecond.toFixed(1)} MB/s`,
  );
}
