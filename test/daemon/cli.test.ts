// `huks serve` and `huks app` as an administrator runs them.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';

import { createHuks } from '../../src/index.js';
import { aesKey, rejectsWithCode } from './helpers.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const TOKEN = /^hk1_[A-Za-z0-9_-]{43}$/;
const EMPTY = { properties: [] };

async function huks(home: string, ...args: string[]) {
  return promisify(execFile)(process.execPath, [CLI, '--home', home, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

describe('huks app and huks serve', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'openhuks-cli-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('app add prints the token alone, or writes it to a 0600 file', async () => {
    const added = await huks(home, 'app', 'add', 'com.example.cli');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout.trim(), TOKEN);
    assert.equal(added.stdout, `${added.stdout.trim()}\n`);

    const out = join(home, 'token.txt');
    const filed = await huks(home, '--user', '101', 'app', 'add', 'com.example.cli', '--out', out);
    assert.equal(filed.code, 0, filed.stderr);
    assert.match(readFileSync(out, 'utf8').trim(), TOKEN);
    assert.equal(statSync(out).mode & 0o777, 0o600);

    const again = await huks(home, 'app', 'add', 'com.example.cli');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already registered for user 100/);

    const list = await huks(home, '--json', 'app', 'list');
    const { apps } = JSON.parse(list.stdout) as { apps: { bundle: string; user: number }[] };
    assert.deepEqual(apps.map((a) => [a.bundle, a.user]), [
      ['com.example.cli', 100],
      ['com.example.cli', 101],
    ]);
    assert.ok(!list.stdout.includes('hk1_'));
  });

  it('serve runs until SIGTERM (exit 0); app remove uninstalls, daemon running', async () => {
    const token = (await huks(home, 'app', 'add', 'com.example.served')).stdout.trim();
    const daemon = spawn(process.execPath, [CLI, '--home', home, 'serve'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    daemon.stderr.setEncoding('utf8').on('data', (text: string) => {
      log += text;
    });
    const exited = new Promise<number | null>((resolve) => daemon.once('exit', resolve));
    try {
      while (!log.includes('"event":"start"')) await new Promise((r) => setTimeout(r, 20));
      const socket = join(home, 'huks.sock');
      const app = createHuks({ socket, appToken: token });
      await app.generateKeyItem('k', { properties: aesKey() });
      assert.equal(await app.hasKeyItem('k', EMPTY), true);

      const removed = await huks(home, 'app', 'remove', 'com.example.served');
      assert.equal(removed.code, 0, removed.stderr);
      assert.match(removed.stdout, /1 registration\(s\), 1 key\(s\)/);
      await rejectsWithCode(app.hasKeyItem('k', EMPTY), 12000005);
      await app.close();

      daemon.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.equal(existsSync(socket), false);
      assert.match(log, /"event":"app-removed"/);
    } finally {
      daemon.kill('SIGKILL');
    }
  });
});
