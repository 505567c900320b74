// The bench's keystore daemon: `node daemon-child.js <home>`. It prints "ready" on stdout once
// the socket listens, and stops cleanly on SIGTERM or when its stdin closes, so that a bench
// that dies never leaves a daemon behind. It runs in its own process, as `huks serve` would,
// so that the daemon's CPU time is not the bench's, and logs at info level on stderr as
// `huks serve` does by default (the bench sends stderr to /dev/null).
import { createStderrLogger } from '../src/daemon/logger.js';
import { startDaemon } from '../src/daemon/run-daemon.js';

const home = process.argv[2];
if (home !== undefined) {
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  try {
    daemon = await startDaemon({ home, logger: createStderrLogger('info') });
  } catch (error) {
    // stderr goes to /dev/null in the bench (daemon-process.ts): the reason goes to stdout.
    process.stdout.write(`failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const stop = () => {
    void daemon.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.stdin.on('close', stop).on('end', stop).resume();
  process.stdout.write('ready\n');
}
