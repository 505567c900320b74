// The `openssl` command line (3.x) as an independent SM2 implementation for interop tests.
// Files go to a private temporary directory; every call is synchronous and checked.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether this openssl signs and verifies SM2 with a distinguishing ID (OpenSSL 3). */
export function opensslHasSm2(): boolean {
  const run = spawnSync('openssl', ['list', '-public-key-algorithms'], { encoding: 'utf8' });
  return run.status === 0 && /sm2/i.test(run.stdout);
}

export class OpenSslDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'openhuks-sm2-'));

  path(name: string): string {
    return join(this.dir, name);
  }

  write(name: string, data: Uint8Array): string {
    writeFileSync(this.path(name), data);
    return this.path(name);
  }

  read(name: string): Uint8Array {
    return new Uint8Array(readFileSync(this.path(name)));
  }

  /** Runs openssl; returns whether it exited 0 (stderr is kept out of the test output). */
  run(args: string[]): boolean {
    return spawnSync('openssl', args, { cwd: this.dir, stdio: 'pipe' }).status === 0;
  }

  /** Runs openssl and fails loudly when it does. */
  must(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: 'pipe' });
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
