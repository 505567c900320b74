// The bench's keystore daemon: `node daemon-child.js <home>`. It prints "ready" on stdout once
// the socket listens, and stops cleanly on SIGTERM or when its stdin closes, so that a bench
// that dies never leaves a daemon behind. It runs in its own process, as `huks serve` would,
// so that the daemon's CPU time is not the bench's, and logs every request at info level on
// stderr as `huks serve` does by default (the bench sends stderr to a file).
import { createStderrLogger } from '../src/daemon/logger.js';
import { startDaemon } from '../src/daemon/run-daemon.js';

const home = process.argv[2];
if (home !== undefined) {
  const daemon = await startDaemon({ home, logger: createStderrLogger('info') });
  const stop = () => {
    void daemon.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.stdin.on('close', stop).on('end', stop).resume();
  process.stdout.write('ready\n');
}
