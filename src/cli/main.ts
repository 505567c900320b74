#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Command, CommanderError } from 'commander';

import type { Runner } from './command.js';
import { registerAppCommands } from './commands/app.js';
import { registerAttestCommands } from './commands/attest.js';
import { registerCipherCommands } from './commands/cipher.js';
import { registerIamCommands } from './commands/iam.js';
import { registerKdfCommands } from './commands/kdf.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSignatureCommands } from './commands/signature.js';
import { registerWrapCommands } from './commands/wrap.js';
import { CliContext, type GlobalOptions, type Terminal } from './context.js';
import { isBusinessError } from './huks-api.js';
import { UsageError } from './usage-error.js';

/**
 * The `huks` command. Exit status: 0 success, 1 a keystore error (printed as
 * `error <code>: <message>`), 2 a usage error (unknown word, missing option, bad file).
 */

export const EXIT_OK = 0;
export const EXIT_KEYSTORE = 1;
export const EXIT_USAGE = 2;

/** Runs one command line (without the `node main.js` prefix) and resolves the exit status. */
export async function runCli(argv: string[], terminal: Terminal = process): Promise<number> {
  let status = EXIT_OK;
  const fail = (error: unknown, json: boolean): void => {
    status = reportError(error, json, terminal);
  };

  const run: Runner = (action) => async (...commanderArgs) => {
    const command = commanderArgs[commanderArgs.length - 1] as Command;
    const options = commanderArgs[commanderArgs.length - 2] as never;
    const args = commanderArgs.slice(0, -2) as string[];
    const globals = command.optsWithGlobals<GlobalOptions>();
    const ctx = new CliContext(globals, terminal);
    try {
      await action(ctx, args, options);
    } catch (error) {
      fail(error, ctx.json);
    } finally {
      await ctx.close().catch((error: unknown) => fail(error, ctx.json));
    }
  };

  const program = buildProgram(run, terminal);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (error.exitCode === 0) return EXIT_OK;
      // commander has printed the text form on stderr; a --json caller gets the object too.
      if (wantsJson(argv)) writeJsonError(terminal, usageBody(commanderMessage(error)));
      return EXIT_USAGE;
    }
    fail(error, wantsJson(argv));
  }
  return status;
}

/** --json among the options, before any `--` that ends them. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** commander's message without its "error: " prefix ("unknown command 'x'"). */
function commanderMessage(error: CommanderError): string {
  return error.message.replace(/^error: /, '');
}

export function buildProgram(run: Runner, terminal: Terminal): Command {
  const program = new Command('huks')
    .description('OpenHarmony Universal Keystore (HUKS) on the command line')
    .version(packageVersion(), '--version', 'print the openhuks version')
    .option('--home <dir>', 'keystore directory (default: $HUKS_HOME, else the library default)')
    .option('--app <name>', 'app identity that owns the keys (default: $HUKS_APP)')
    .option('--user <id>', 'OS user id (default: $HUKS_USER)')
    .option('--level <word>', 'storage level: de, ce or ece (default: ce)')
    .option('--socket <path>', 'use the keystore daemon at this socket (default: $HUKS_SOCKET)')
    .option(
      '--app-token-file <file>',
      'file holding the app token for the daemon (default: the token itself in $HUKS_APP_TOKEN)',
    )
    .option('--json', 'print one JSON object per command on stdout')
    .option('--no-progress', 'never draw a progress bar')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal.stdout.write(text),
      writeErr: (text) => terminal.stderr.write(text),
    })
    .showHelpAfterError('(run huks --help for usage)');

  registerKeyCommands(program, run);
  registerCipherCommands(program, run);
  registerSignatureCommands(program, run);
  registerKdfCommands(program, run);
  registerServeCommand(program, run);
  registerAppCommands(program, run);
  registerAttestCommands(program, run);
  registerIamCommands(program, run);
  registerWrapCommands(program, run);
  for (const command of program.commands) command.exitOverride();
  return program;
}

function reportError(error: unknown, json: boolean, terminal: Terminal): number {
  if (isBusinessError(error)) {
    terminal.stderr.write(`error ${error.code}: ${error.message}\n`);
    if (json) writeJsonError(terminal, { code: error.code, message: error.message });
    return EXIT_KEYSTORE;
  }
  const message = error instanceof Error ? error.message : String(error);
  terminal.stderr.write(`error: ${message}\n`);
  // Files the user named that cannot be read are usage errors too (ENOENT, EACCES, ...).
  const fileCode = (error as { code?: unknown } | null)?.code;
  const isFileError = typeof fileCode === 'string';
  if (!(error instanceof UsageError) && !isFileError) {
    if (json) writeJsonError(terminal, { kind: 'internal', message });
    return EXIT_KEYSTORE;
  }
  if (json) {
    const body = usageBody(message);
    writeJsonError(terminal, isFileError ? { ...body, errno: fileCode } : body);
  }
  return EXIT_USAGE;
}

/**
 * JSON errors: a keystore failure carries the HUKS `code`; a mistake in the command line or a
 * file that cannot be read is `kind: "usage"` (with the system's `errno` name for files), so a
 * script can tell the two apart without parsing the text.
 */
function usageBody(message: string): Record<string, string> {
  return { kind: 'usage', message };
}

function writeJsonError(terminal: Terminal, body: Record<string, unknown>): void {
  terminal.stdout.write(`${JSON.stringify({ error: body })}\n`);
}

/** The package version, read from package.json next to dist/ (this file is dist/src/cli). */
function packageVersion(): string {
  try {
    const url = new URL('../../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = await runCli(process.argv.slice(2));
}
