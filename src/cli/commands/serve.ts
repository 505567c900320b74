import { createStderrLogger } from '../../daemon/logger.js';
import { runDaemon } from '../../daemon/run-daemon.js';
import { isSessionPolicy } from '../../service/session-policy.js';
import { defaultHome } from '../../store/open.js';
import type { Register } from '../command.js';
import { UsageError } from '../usage-error.js';

interface ServeOptions {
  socket?: string;
  socketGroup?: string;
  sessionPolicy?: string;
  logLevel?: string;
}

/**
 * `huks serve`: the keystore daemon in the foreground (daemon/run-daemon.ts). Logs go to
 * stderr as JSON lines; SIGTERM or SIGINT stop it cleanly with status 0.
 */
export const registerServeCommand: Register = (program, run) => {
  program
    .command('serve')
    .description('run the keystore daemon on the data directory (--home) until SIGTERM/SIGINT')
    .option('--socket <path>', 'Unix socket to listen on (default: <home>/huks.sock)')
    .option('--socket-group <group>', 'let this group connect too (socket mode 0660)')
    .option('--session-policy <policy>', "api9 (15 sessions in all) or current (96/32, eviction)")
    .option('--log-level <level>',
      'pino level: debug (also each session step), info (default), warn, error, silent')
    .action(
      run<ServeOptions>(async (_ctx, _args, options) => {
        const policy = options.sessionPolicy ?? process.env['HUKS_SESSION_POLICY'] ?? 'api9';
        if (!isSessionPolicy(policy)) {
          throw new UsageError(`invalid session policy '${policy}'; expected api9 or current`);
        }
        const home = program.opts<{ home?: string }>().home ?? defaultHome(process.env);
        const logger = createStderrLogger(options.logLevel ?? 'info');
        await runDaemon({
          home,
          sessionPolicy: policy,
          logger,
          ...(options.socket === undefined ? {} : { socketPath: options.socket }),
          ...(options.socketGroup === undefined ? {} : { socketGroup: options.socketGroup }),
        });
      }),
    );
};
