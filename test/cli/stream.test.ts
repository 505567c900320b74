import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { huks, huksOk, tempDir } from './helpers.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('huks CLI streaming of multi-MiB files', () => {
  let dir: { path: string; remove(): Promise<void> };
  let home: string;
  const file = (name: string): string => join(dir.path, name);
  // 6 MiB plus an odd tail: many 64 KiB updates and a final partial chunk.
  const plain = randomBytes(6 * 1024 * 1024 + 12345);

  before(async () => {
    dir = await tempDir('huks-stream-');
    home = file('home');
    await writeFile(file('big.bin'), plain);
  });
  after(() => dir.remove());

  for (const mode of ['gcm', 'cbc', 'ctr']) {
    it(`round-trips AES-256-${mode.toUpperCase()}`, async () => {
      await huksOk(home, 'generate', `aes-${mode}`, '--alg', 'aes', '--mode', mode);
      await huksOk(home, 'encrypt', `aes-${mode}`, file('big.bin'), '-o', file(`big.${mode}`));
      const sealed = await readFile(file(`big.${mode}`));
      assert.notEqual(sha256(sealed.subarray(40, 1040)), sha256(plain.subarray(0, 1000)));
      const out = file(`big.${mode}.out`);
      await huksOk(home, 'decrypt', `aes-${mode}`, file(`big.${mode}`), '-o', out);
      assert.equal(sha256(await readFile(out)), sha256(plain));
    });
  }

  it('leaves no plaintext behind when the GCM tag does not verify', async () => {
    const sealed = await readFile(file('big.gcm'));
    sealed[sealed.length - 100] ^= 0x01;
    await writeFile(file('tampered.gcm'), sealed);
    const result = await huks(home, 'decrypt', 'aes-gcm', file('tampered.gcm'), '-o', file('t'));
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error 12000006: /);
    await assert.rejects(access(file('t')));
    const size = (await stat(file('big.gcm'))).size;
    assert.equal(size, plain.length + 22 + 16);
  });

  it('fails, writing nothing, with a key made for another mode', async () => {
    const result = await huks(home, 'decrypt', 'aes-cbc', file('big.gcm'), '-o', file('x.out'));
    assert.notEqual(result.status, 0);
    await assert.rejects(access(file('x.out')));

    await huksOk(home, 'generate', 'sm4k', '--alg', 'sm4');
    const foreign = await huks(home, 'decrypt', 'sm4k', file('big.gcm'), '-o', file('x.out'));
    assert.equal(foreign.status, 2);
    assert.match(foreign.stderr, /was encrypted with aes, but key sm4k is sm4/);
    const notOurs = await huks(home, 'decrypt', 'aes-gcm', file('big.bin'), '-o', file('x.out'));
    assert.equal(notOurs.status, 2);
    assert.match(notOurs.stderr, /^error: not a huks encrypted file/);
  });
});
