import { chmod, writeFile } from 'node:fs/promises';

import { addApp, listApps, removeApp } from '../../daemon/admin.js';
import { defaultHome } from '../../store/open.js';
import type { Register } from '../command.js';
import { parseCount } from '../words.js';

interface AddOptions {
  uid?: string;
  system?: boolean;
  out?: string;
}

/**
 * App identities of the keystore daemon (docs/protocol.md "App identity"): `huks app add`
 * issues a token, `list` shows the registrations, `remove` uninstalls (keys and sessions go).
 * They act on the data directory (--home) directly; a running daemon follows the change.
 */
export const registerAppCommands: Register = (program, run) => {
  const app = program.command('app').description('register the apps the keystore daemon serves');
  const home = (): string => program.opts<{ home?: string }>().home ?? defaultHome(process.env);

  app
    .command('add <bundle>')
    .description('register an app and print its token (alone on stdout); --user N picks the user')
    .option('--uid <n>', 'owner uid stored with its keys (default: derived from the bundle name)')
    .option('--system', 'a system app: may call the *AsUser functions')
    .option('-o, --out <file>', 'write the token to this file (mode 0600) instead of stdout')
    .action(
      run<AddOptions>(async (ctx, [bundle], options) => {
        const user = program.opts<{ user?: string }>().user ?? process.env['HUKS_USER'];
        const { token, record } = addApp(home(), {
          bundle: bundle!,
          userId: user === undefined ? undefined : parseCount('user id', user),
          uid: options.uid === undefined ? undefined : parseCount('uid', options.uid),
          isSystem: options.system === true,
        });
        if (options.out !== undefined) {
          await writeFile(options.out, `${token}\n`, { mode: 0o600 });
          // writeFile's mode applies only to a new file; an existing one is narrowed too.
          await chmod(options.out, 0o600);
          const text = `token for ${record.bundle} (user ${record.userId}) in ${options.out}`;
          ctx.report({ command: 'app add', ...describe(record), out: options.out }, text);
        } else if (ctx.json) {
          ctx.report({ command: 'app add', ...describe(record), token }, token);
        } else {
          ctx.terminal.stdout.write(`${token}\n`);
        }
      }),
    );

  app
    .command('list')
    .description('list the registered apps (tokens are never shown again)')
    .action(
      run(async (ctx) => {
        const apps = listApps(home()).map(describe);
        const lines = apps.map(
          (a) => `${a.bundle}\tuser ${a.user}\tuid ${a.uid}${a.system ? '\tsystem' : ''}`,
        );
        ctx.report({ command: 'app list', apps }, lines.length > 0 ? lines.join('\n') : '(none)');
      }),
    );

  app
    .command('remove <bundle>')
    .description('uninstall an app: its registrations, sessions and keys (all users)')
    .action(
      run(async (ctx, [bundle]) => {
        const { removed, keys } = removeApp(home(), bundle!);
        const text = `removed ${bundle}: ${removed.length} registration(s), ${keys} key(s)`;
        ctx.report({ command: 'app remove', bundle, registrations: removed.length, keys }, text);
      }),
    );
};

function describe(record: {
  bundle: string;
  userId: number;
  uid: number;
  isSystem: boolean;
  createdAt: number;
}) {
  return {
    bundle: record.bundle,
    user: record.userId,
    uid: record.uid,
    system: record.isSystem,
    created: new Date(record.createdAt).toISOString(),
  };
}
