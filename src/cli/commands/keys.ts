import { readFile, writeFile } from 'node:fs/promises';

import { HuksImportKeyType, HuksTag } from '../../common/enums.js';
import type { Register } from '../command.js';
import { describeProperty } from '../describe.js';
import { readKeyInfo } from '../key-info.js';
import { isSymmetric, planImport, publicKeyDer, toPem } from '../key-material.js';
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
import { ALGORITHMS, IMPORT_TYPES, nameOf, parseWord, purposeNames } from '../words.js';

/** Key management: generate, import, export, delete, list, info. */
export const registerKeyCommands: Register = (program, run) => {
  addKeyOptions(
    program
      .command('generate <alias>')
      .description('generate a key in the keystore (e.g. --alg aes --size 256 --mode gcm)'),
  )
    .option('--force', 'replace an existing key of this alias (what it protected is lost)')
    .action(
      run<KeyWords>(async (ctx, [alias], words) => {
        const alg = algOf(words);
        if (alg === undefined) throw new UsageError('missing required option --alg');
        const size = sizeOf(words) ?? defaultSize(alg);
        const purpose = purposeOf(words, alg, false);
        const properties = [...keyProperties(words, { alg, size, purpose }), ...ctx.levelParams()];
        await ctx.huks.generateKeyItem(alias!, { properties });
        const what = `${nameOf(ALGORITHMS, alg)}-${size ?? '?'} (${purposeNames(purpose)})`;
        const json = { command: 'generate', alias, alg: nameOf(ALGORITHMS, alg), size };
        ctx.report({ ...json, purpose: purposeNames(purpose) }, `generated ${alias}: ${what}`);
      }),
    );

  addKeyOptions(
    program
      .command('import <alias> <file>')
      .description('import a key: PEM/DER key file, raw 32-byte Curve25519, raw or hex secret key'),
  )
    .option('--type <word>', 'import type: public, private or pair (read from the file by default)')
    .option('--force', 'replace an existing key of this alias (what it protected is lost)')
    .action(
      run<KeyWords & { type?: string }>(async (ctx, [alias, file], words) => {
        const type = words.type === undefined ? undefined : parseWord(IMPORT_TYPES, words.type);
        const plan = planImport(await readFile(file!), {
          alg: algOf(words),
          size: sizeOf(words),
          type,
        });
        const publicOnly = plan.importType === HuksImportKeyType.HUKS_KEY_TYPE_PUBLIC_KEY;
        const purpose = purposeOf(words, plan.alg, publicOnly);
        const properties = keyProperties(words, { alg: plan.alg, size: plan.size, purpose });
        if (!isSymmetric(plan.alg)) {
          properties.push({ tag: HuksTag.HUKS_TAG_IMPORT_KEY_TYPE, value: plan.importType });
        }
        properties.push(...ctx.levelParams());
        await ctx.huks.importKeyItem(alias!, { properties, inData: plan.data });
        const kind = isSymmetric(plan.alg) ? 'secret' : nameOf(IMPORT_TYPES, plan.importType);
        const alg = nameOf(ALGORITHMS, plan.alg);
        const purposes = purposeNames(purpose);
        ctx.report(
          { command: 'import', alias, alg, size: plan.size, type: kind, purpose: purposes },
          `imported ${alias}: ${alg}-${plan.size} ${kind} key (${purposes})`,
        );
      }),
    );

  program
    .command('export <alias>')
    .description('export the public key (DER, or PEM with --pem; PEM on stdout without --out)')
    .option('-o, --out <file>', 'write the key to this file')
    .option('--pem', 'write PEM instead of DER')
    .action(
      run<{ out?: string; pem?: boolean }>(async (ctx, [alias], options) => {
        const result = await ctx.huks.exportKeyItem(alias!, { properties: ctx.levelParams() });
        const exported = result?.outData ?? new Uint8Array(0);
        const info = await readKeyInfo(ctx, alias!);
        const der = publicKeyDer(info.alg, exported);
        const pem = toPem(der);
        if (options.out !== undefined) await writeFile(options.out, options.pem ? pem : der);
        const alg = nameOf(ALGORITHMS, info.alg);
        const json = { command: 'export', alias, alg, der: der.toString('base64'), pem };
        if (options.out !== undefined) {
          const format = options.pem ? 'PEM' : 'DER';
          const what = `${der.length}-byte public key -> ${options.out} (${format})`;
          ctx.report(json, `exported ${alias}: ${what}`);
        } else {
          ctx.report(json, pem);
        }
      }),
    );

  program
    .command('delete <alias>')
    .description('delete a key')
    .action(
      run(async (ctx, [alias]) => {
        await ctx.huks.deleteKeyItem(alias!, { properties: ctx.levelParams() });
        ctx.report({ command: 'delete', alias }, `deleted ${alias}`);
      }),
    );

  program
    .command('list')
    .description('list the aliases of the stored keys')
    .action(
      run(async (ctx) => {
        const { keyAliases } = await ctx.huks.listAliases({ properties: ctx.levelParams() });
        const aliases = [...keyAliases].sort();
        const text = aliases.length > 0 ? aliases.join('\n') : '(no keys)';
        ctx.report({ command: 'list', aliases }, text);
      }),
    );

  program
    .command('info <alias>')
    .description('show the stored properties of a key')
    .action(
      run(async (ctx, [alias]) => {
        const info = await readKeyInfo(ctx, alias!);
        const properties = info.properties.map((p) => describeProperty(p.tag, p.value));
        const width = Math.max(0, ...properties.map((p) => p.name.length));
        const lines = properties.map((p) => `  ${p.name.padEnd(width)}  ${String(p.value)}`);
        ctx.report({ command: 'info', alias, properties }, [`${alias}:`, ...lines].join('\n'));
      }),
    );
};
