import { writeFile } from 'node:fs/promises';

import type { Command } from 'commander';

import { HuksTag } from '../../common/enums.js';
import { Attestation } from '../../core/attest/attestation.js';
import { toBusinessError } from '../../errors/business-error.js';
import { defaultHome, openStorage } from '../../store/open.js';
import type { Register } from '../command.js';
import type { CliContext, GlobalOptions } from '../context.js';
import type { HuksApi, HuksParam } from '../huks-api.js';
import { UsageError } from '../usage-error.js';
import { parseHex } from '../words.js';

/**
 * `huks attest --alias K --challenge HEX [--out chain.pem]`: the key's attestation chain, leaf
 * first, one PEM certificate after another (attestation.md §4), ready for
 * `openssl verify -CAfile root.pem -untrusted chain.pem`. `huks attest root` prints the emulated
 * root certificate that verifiers pin.
 */

interface AttestOptions {
  alias?: string;
  challenge?: string;
  anonymous?: boolean;
  offline?: boolean;
  idAlias?: string;
  out?: string;
}

interface AttestResult {
  certChains?: string[];
}

/** The attestation functions of the namespace, which the CLI's HuksApi view leaves out. */
interface AttestingHuks {
  attestKeyItem(alias: string, options: { properties: HuksParam[] }): Promise<AttestResult>;
  anonAttestKeyItem(alias: string, options: { properties: HuksParam[] }): Promise<AttestResult>;
  anonAttestKeyItemOffline(alias: string, properties: HuksParam[]): Promise<AttestResult>;
}

export const registerAttestCommands: Register = (program, run) => {
  program
    .command('attest [root]')
    .description('attest a key (its certificate chain, leaf first, as PEM); ' +
      '"attest root" prints the root certificate to pin')
    .option('--alias <alias>', 'the key to attest')
    .option('--challenge <hex>', 'the verifier\'s challenge (nonce), as hex')
    .option('--anonymous', 'anonymous attestation: 3 certificates, no app identity permission')
    .option('--offline', 'offline anonymous attestation: 4 certificates')
    .option('--id-alias <text>', 'text recorded as the key id claim')
    .option('-o, --out <file>', 'write the PEM here (default: print it)')
    .action(
      run<AttestOptions>(async (ctx, [target], options) => {
        if (target === undefined) return attestKey(ctx, options);
        if (target !== 'root') throw new UsageError(`unknown attest target '${target}'`);
        return exportRoot(ctx, program, options);
      }),
    );
};

async function attestKey(ctx: CliContext, options: AttestOptions): Promise<void> {
  if (options.alias === undefined) throw new UsageError('missing required option --alias');
  if (options.challenge === undefined) throw new UsageError('missing required option --challenge');
  const challenge = parseHex('challenge', options.challenge);
  const properties: HuksParam[] = [
    { tag: HuksTag.HUKS_TAG_ATTESTATION_CHALLENGE, value: challenge },
    ...ctx.levelParams(),
  ];
  if (options.idAlias !== undefined) {
    const value = new TextEncoder().encode(options.idAlias);
    properties.push({ tag: HuksTag.HUKS_TAG_ATTESTATION_ID_ALIAS, value });
  }

  const huks = attesting(ctx.huks);
  const alias = options.alias;
  const result = options.offline === true
    ? await huks.anonAttestKeyItemOffline(alias, properties)
    : options.anonymous === true
      ? await huks.anonAttestKeyItem(alias, { properties })
      : await huks.attestKeyItem(alias, { properties });
  const chain = result.certChains ?? [];

  const text = `${chain.join('\n')}\n`;
  if (options.out !== undefined) await writeFile(options.out, text);
  const json = { command: 'attest', alias, certificates: chain.length, out: options.out ?? null };
  if (options.out === undefined) {
    ctx.report({ ...json, certChains: chain }, text);
  } else {
    ctx.report(json, `${chain.length} certificates -> ${options.out}`);
  }
}

/**
 * Reads the root from the data directory itself (--home, HUKS_HOME or the default), creating the
 * PKI if this is its first use: the root is what a verifier pins, so it is taken from where the
 * keystore keeps it, not from a chain the verifier is about to check.
 */
async function exportRoot(ctx: CliContext, program: Command, options: AttestOptions) {
  const globals = program.opts<GlobalOptions>();
  const home = globals.home ?? (process.env.HUKS_HOME || defaultHome());
  const kind = options.anonymous === true || options.offline === true ? 'anonymous' : 'standard';
  let pem: string;
  try {
    const storage = openStorage(home);
    try {
      pem = await new Attestation(storage.store, storage.sealer).rootPem(kind);
    } finally {
      storage.close();
    }
  } catch (error) {
    // Keystore failures read as the keystore's error codes, like every other command's.
    throw toBusinessError(error);
  }

  if (options.out !== undefined) await writeFile(options.out, `${pem}\n`);
  const json = { command: 'attest root', kind, out: options.out ?? null };
  if (options.out === undefined) ctx.report({ ...json, certificate: pem }, pem);
  else ctx.report(json, `${kind} root certificate -> ${options.out}`);
}

function attesting(huks: HuksApi): AttestingHuks {
  const candidate = huks as HuksApi & Partial<AttestingHuks>;
  if (typeof candidate.attestKeyItem !== 'function') {
    throw new Error('this keystore has no attestation functions');
  }
  return candidate as AttestingHuks;
}
