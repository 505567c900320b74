import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { CLI, huks, huksOk, tempDir } from './helpers.js';

/** The CLI through the keystore daemon: `huks serve`, `huks app add`, then --socket. */
describe('huks CLI through the keystore daemon', () => {
  let dir: { path: string; remove(): Promise<void> };
  let daemon: ChildProcess;
  let home: string;
  let socket: string;
  const file = (name: string): string => join(dir.path, name);

  before(async () => {
    dir = await tempDir('huks-daemon-');
    home = file('home');
    socket = join(home, 'huks.sock');
    daemon = spawn(process.execPath, [CLI, '--home', home, 'serve', '--log-level', 'silent'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      if (await access(socket).then(() => true, () => false)) break;
      await sleep(50);
    }
    await huksOk(home, '--home', home, 'app', 'add', 'com.cli.test', '-o', file('token'));
  });

  after(async () => {
    daemon.kill('SIGTERM');
    await new Promise((resolve) => daemon.once('exit', resolve));
    await dir.remove();
  });

  it('generates, streams a file both ways and lists keys over the socket', async () => {
    const remote = ['--socket', socket, '--app-token-file', file('token')];
    await huksOk(home, ...remote, 'generate', 'd1', '--alg', 'aes', '--mode', 'gcm');
    const plain = randomBytes(1024 * 1024 + 5);
    await writeFile(file('in.bin'), plain);
    await huksOk(home, ...remote, 'encrypt', 'd1', file('in.bin'), '-o', file('in.hkse'));
    await huksOk(home, ...remote, 'decrypt', 'd1', file('in.hkse'), '-o', file('in.out'));
    assert.deepEqual(await readFile(file('in.out')), plain);

    const list = await huksOk(home, ...remote, '--json', 'list');
    assert.deepEqual(JSON.parse(list.stdout), { command: 'list', aliases: ['d1'] });
    const missing = await huks(home, ...remote, 'delete', 'nope');
    assert.equal(missing.stderr, 'error 12000011: The entity does not exist.\n');
  });
});
