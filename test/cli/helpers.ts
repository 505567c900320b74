import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI entry, next to this file's compiled form (dist/test/cli -> dist/src/cli). */
export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `huks ...args` as a child process with its own keystore home. */
export function huks(home: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const env = { ...process.env, HUKS_HOME: home };
    execFile(
      process.execPath,
      [CLI, '--no-progress', ...args],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** Like huks(), but fails the test with the CLI's own stderr when it exits non-zero. */
export async function huksOk(home: string, ...args: string[]): Promise<CliResult> {
  const result = await huks(home, ...args);
  if (result.status !== 0) {
    throw new Error(`huks ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return result;
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
