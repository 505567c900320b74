import { createPublicKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

import { innerPublicKey, wrapKey, WrapSuite } from '../../wrap/index.js';
import type { Register } from '../command.js';
import { UsageError } from '../usage-error.js';
import { ALGORITHMS, parseHex, parseWord } from '../words.js';

interface WrapOptions {
  suite?: string;
  wrappingKey?: string;
  aad?: string;
  signer?: string;
  innerPublic?: boolean;
  alg?: string;
  out?: string;
}

/** Suite words; the numbers (1-5) are accepted as well. */
const SUITES: ReadonlyMap<string, number> = new Map([
  ['x25519', WrapSuite.X25519_AES_256_GCM],
  ['ecdh', WrapSuite.ECDH_AES_256_GCM],
  ['sm2-sm4-cbc-verify', WrapSuite.SM2_SM4_CBC_VERIFY],
  ['sm2-sm4-cbc', WrapSuite.SM2_SM4_CBC],
  ['envelope', WrapSuite.SM2_SM4_ECB_ENVELOPE],
]);

/**
 * `huks wrap`: the server side of importWrappedKeyItem (key-formats.md §8). It needs no
 * keystore: it reads the device's exported wrapping public key and writes the wrapped blob
 * that the device passes as inData with HUKS_TAG_UNWRAP_ALGORITHM_SUITE.
 */
export const registerWrapCommands: Register = (program, run) => {
  program
    .command('wrap <key-file>')
    .description('wrap key data for a device\'s wrapping public key (importWrappedKeyItem inData)')
    .requiredOption('--suite <suite>', 'x25519 (1), ecdh (2), sm2-sm4-cbc-verify (3), '
      + 'sm2-sm4-cbc (4) or envelope (5)')
    .requiredOption('--wrapping-key <file>', 'the exported wrapping public key (DER, PEM or raw)')
    .option('--aad <hex>', 'suites 1/2: additional authenticated data (default: random)')
    .option('--signer <file>', 'suite 3: the sender\'s 32-byte SM2 private key')
    .option('--inner-public', 'key-file is a public key: wrap its inner form (§3.6)')
    .option('--alg <word>', 'with --inner-public and a raw 32-byte key: x25519 or ed25519')
    .option('--out <file>', 'write the blob here (default: hex on stdout)')
    .action(
      run<WrapOptions>(async (ctx, [keyFile], options) => {
        const suite = suiteOf(options.suite!);
        const wrappingPublicKey = publicKeyBytes(await readFile(options.wrappingKey!));
        const file = await readFile(keyFile!);
        const alg = options.alg === undefined ? undefined : parseWord(ALGORITHMS, options.alg);
        const key = options.innerPublic
          ? innerPublicKey(publicKeyBytes(file), alg)
          : new Uint8Array(file);
        const blob = wrapKey({
          suite,
          wrappingPublicKey,
          key,
          ...(options.aad === undefined ? {} : { aad: parseHex('--aad', options.aad) }),
          ...(options.signer === undefined
            ? {}
            : { signerPrivateKey: new Uint8Array(await readFile(options.signer)) }),
        });
        if (options.out !== undefined) await writeFile(options.out, blob);
        const hex = Buffer.from(blob).toString('hex');
        const json = { command: 'wrap', suite, bytes: blob.length };
        const out = options.out;
        if (out === undefined) ctx.report({ ...json, data: hex }, hex);
        else ctx.report({ ...json, out }, `wrote ${blob.length} bytes to ${out}`);
      }),
    );
};

function suiteOf(word: string): number {
  const suite = /^[1-5]$/.test(word) ? Number(word) : SUITES.get(word.toLowerCase());
  if (suite === undefined) {
    throw new UsageError(`invalid suite '${word}'; expected ${[...SUITES.keys()].join(', ')}`);
  }
  return suite;
}

/** DER or raw bytes as they are; a PEM public key becomes DER (raw for X25519/Ed25519). */
function publicKeyBytes(file: Buffer): Uint8Array {
  const pem = file.subarray(0, 10).toString('latin1') === '-----BEGIN';
  if (!pem) return new Uint8Array(file);
  const key = createPublicKey(file);
  if (key.asymmetricKeyType === 'x25519' || key.asymmetricKeyType === 'ed25519') {
    return new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url'));
  }
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }));
}
