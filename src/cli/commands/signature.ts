import { readFile, stat, writeFile } from 'node:fs/promises';

import {
  HuksKeyAlg,
  HuksKeyDigest,
  HuksKeyPadding,
  HuksKeyPurpose,
  HuksTag,
} from '../../common/enums.js';
import type { Register } from '../command.js';
import type { CliContext } from '../context.js';
import type { HuksParam } from '../huks-api.js';
import { readKeyInfo, type KeyInfo } from '../key-info.js';
import { startProgress } from '../progress.js';
import { nullSink, streamSession } from '../stream.js';
import { UsageError } from '../usage-error.js';
import { ALGORITHMS, DIGESTS, nameOf, PADDINGS, PSS_SALT_TYPES, wordOr } from '../words.js';

/**
 * sign, verify and mac. The message is streamed through updateSession, so with a digest
 * other than NONE a file of any size is hashed in bounded memory (algorithms.md §3.2, §4);
 * NONE, Ed25519 and SM2 make the keystore cache the message (5 MiB limit, sessions.md §7.3).
 */

interface SignOptions {
  out?: string;
  digest?: string;
  padding?: string;
  pssSalt?: string;
}

const A = HuksKeyAlg;

export const registerSignatureCommands: Register = (program, run) => {
  program
    .command('sign <alias> <input>')
    .description('sign a file (ECDSA/RSA/DSA/SM2 signatures are DER or PKCS#1 as OpenSSL writes)')
    .option('-o, --out <file>', 'write the signature here (default: print it as hex)')
    .option('--digest <word>', 'digest (default: the key\'s, else sha256)')
    .option('--padding <word>', 'RSA padding: pss or pkcs1 (default: the key\'s, else pss)')
    .option('--pss-salt <word>', 'RSA-PSS salt length: digest or max')
    .action(
      run<SignOptions>(async (ctx, [alias, input], options) => {
        const info = await readKeyInfo(ctx, alias!);
        const properties = signProperties(info, options, HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN);
        const signature = await streamFile(ctx, alias!, input!, properties, 'sign');
        if (options.out !== undefined) await writeFile(options.out, signature);
        const hex = Buffer.from(signature).toString('hex');
        const size = `${signature.length} bytes`;
        const where = options.out === undefined ? hex : `${size} -> ${options.out}`;
        ctx.report({ command: 'sign', alias, input, signature: hex }, `signature: ${where}`);
      }),
    );

  program
    .command('verify <alias> <input> <signature>')
    .description('verify a signature file; a mismatch is error 12000006 (non-zero exit)')
    .option('--digest <word>', 'digest (default: the key\'s, else sha256)')
    .option('--padding <word>', 'RSA padding: pss or pkcs1 (default: the key\'s, else pss)')
    .option('--pss-salt <word>', 'RSA-PSS salt length: digest or max')
    .action(
      run<SignOptions>(async (ctx, [alias, input, signatureFile], options) => {
        const info = await readKeyInfo(ctx, alias!);
        const properties = signProperties(info, options, HuksKeyPurpose.HUKS_KEY_PURPOSE_VERIFY);
        const signature = await readFile(signatureFile!);
        await streamFile(ctx, alias!, input!, properties, 'verify', signature);
        ctx.report({ command: 'verify', alias, input, valid: true }, 'signature OK');
      }),
    );

  program
    .command('mac <alias> <input>')
    .description('compute an HMAC of a file')
    .option('-o, --out <file>', 'write the MAC here (default: print it as hex)')
    .option('--digest <word>', 'digest (default: the key\'s, else sha256)')
    .action(
      run<SignOptions>(async (ctx, [alias, input], options) => {
        const info = await readKeyInfo(ctx, alias!);
        const properties = macProperties(info, options);
        const mac = await streamFile(ctx, alias!, input!, properties, 'mac', undefined, true);
        if (options.out !== undefined) await writeFile(options.out, mac);
        const hex = Buffer.from(mac).toString('hex');
        ctx.report({ command: 'mac', alias, input, mac: hex }, `mac: ${hex}`);
      }),
    );
};

/** Streams a file through a session on `alias` and returns the finish output. */
async function streamFile(
  ctx: CliContext,
  alias: string,
  input: string,
  properties: HuksParam[],
  label: string,
  finalData?: Uint8Array,
  repeatProperties = false,
): Promise<Uint8Array> {
  const size = (await stat(input)).size;
  const all = [...properties, ...ctx.levelParams()];
  const { handle } = await ctx.huks.initSession(alias, { properties: all });
  const progress = startProgress(ctx.progress, ctx.terminal.stderr, label, size);
  const source = { path: input, start: 0, end: size };
  const { finish } = await streamSession(ctx.huks, handle, source, nullSink, {
    progress,
    finalData,
    // HMAC reads ALGORITHM from each update/finish call (algorithms.md §9.1 quirk).
    properties: repeatProperties ? all : [],
  });
  return finish;
}

function signProperties(info: KeyInfo, options: SignOptions, purpose: number): HuksParam[] {
  const signing: ReadonlySet<number> = new Set([
    A.HUKS_ALG_RSA, A.HUKS_ALG_ECC, A.HUKS_ALG_ED25519, A.HUKS_ALG_DSA, A.HUKS_ALG_SM2,
  ]);
  if (!signing.has(info.alg)) {
    throw new UsageError(`a ${nameOf(ALGORITHMS, info.alg)} key cannot sign or verify`);
  }
  const properties: HuksParam[] = [
    { tag: HuksTag.HUKS_TAG_ALGORITHM, value: info.alg },
    { tag: HuksTag.HUKS_TAG_PURPOSE, value: purpose },
  ];
  if (info.alg === A.HUKS_ALG_ED25519) return properties;

  const D = HuksKeyDigest;
  const fallback = info.alg === A.HUKS_ALG_SM2 ? D.HUKS_DIGEST_SM3 : D.HUKS_DIGEST_SHA256;
  const digest = wordOr(DIGESTS, options.digest, info.digest ?? fallback);
  properties.push({ tag: HuksTag.HUKS_TAG_DIGEST, value: digest });
  if (info.alg === A.HUKS_ALG_RSA) {
    // RSA signing needs PADDING at init even when the key stores one (algorithms.md §3.2).
    const pss = HuksKeyPadding.HUKS_PADDING_PSS;
    const padding = wordOr(PADDINGS, options.padding, info.padding ?? pss);
    properties.push({ tag: HuksTag.HUKS_TAG_PADDING, value: padding });
    const salt = wordOr(PSS_SALT_TYPES, options.pssSalt, info.pssSaltType);
    if (salt !== undefined) {
      properties.push({ tag: HuksTag.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE, value: salt });
    }
  }
  return properties;
}

function macProperties(info: KeyInfo, options: SignOptions): HuksParam[] {
  // An SM3 key MACs as SM3; any other key is used through HMAC (algorithms.md §9.3).
  const alg = info.alg === A.HUKS_ALG_SM3 ? A.HUKS_ALG_SM3 : A.HUKS_ALG_HMAC;
  const D = HuksKeyDigest;
  const fallback = alg === A.HUKS_ALG_SM3 ? D.HUKS_DIGEST_SM3 : D.HUKS_DIGEST_SHA256;
  const digest = wordOr(DIGESTS, options.digest, info.digest ?? fallback);
  return [
    { tag: HuksTag.HUKS_TAG_ALGORITHM, value: alg },
    { tag: HuksTag.HUKS_TAG_PURPOSE, value: HuksKeyPurpose.HUKS_KEY_PURPOSE_MAC },
    { tag: HuksTag.HUKS_TAG_DIGEST, value: digest },
  ];
}
