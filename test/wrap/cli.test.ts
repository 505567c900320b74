// `huks wrap` (the server side on the command line): blobs it writes for a device's exported
// wrapping key import on that device; a PEM wrapping key and a wrapped public key work too.
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  HuksImportKeyType as I, HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPurpose as U,
  HuksTag as T,
} from '../../src/common/enums.js';
import { huks as cli, huksOk, tempDir } from '../cli/helpers.js';
import { tempHuks } from '../helpers/instance.js';
import { assertSameKey, cipherProps, p, wrappingKey } from './helpers.js';

const t = tempHuks();
const dir = await tempDir('openhuks-wrap-cli-');
after(async () => {
  await dir.remove();
  await t.cleanup();
});
const file = (name: string): string => join(dir.path, name);

test('huks wrap --suite x25519 and --suite 2 with a PEM key: the device imports the key',
  async () => {
    const key = new Uint8Array(randomBytes(32));
    await writeFile(file('aes.key'), key);
    await writeFile(file('w1.raw'), await wrappingKey(t.huks, 'w1', 1));
    await huksOk(dir.path, 'wrap', file('aes.key'), '--suite', 'x25519', '--wrapping-key',
      file('w1.raw'), '--out', file('blob1'));
    await t.huks.importWrappedKeyItem('k1', 'w1', { properties: cipherProps(A.HUKS_ALG_AES, 256,
      1), inData: new Uint8Array(await readFile(file('blob1'))) });
    await assertSameKey(t.huks, 'k1', A.HUKS_ALG_AES, key);

    const spki = await wrappingKey(t.huks, 'w2', 2);
    const pem = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' })
      .export({ format: 'pem', type: 'spki' });
    await writeFile(file('w2.pem'), pem);
    const out = await huksOk(dir.path, 'wrap', file('aes.key'), '--suite', '2',
      '--wrapping-key', file('w2.pem'), '--aad', '61626162');
    const blob = new Uint8Array(Buffer.from(out.stdout.trim(), 'hex'));
    await t.huks.importWrappedKeyItem('k2', 'w2', { properties: cipherProps(A.HUKS_ALG_AES, 256,
      2), inData: blob });
    await assertSameKey(t.huks, 'k2', A.HUKS_ALG_AES, key);
  });

test('huks wrap --inner-public wraps a PEM public key in the §3.6 form', async () => {
  await writeFile(file('w.raw'), await wrappingKey(t.huks, 'w-inner', 1));
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  await writeFile(file('pub.pem'), pair.publicKey.export({ format: 'pem', type: 'spki' }));
  await huksOk(dir.path, 'wrap', file('pub.pem'), '--suite', 'x25519', '--inner-public',
    '--wrapping-key', file('w.raw'), '--out', file('blob-pub'));
  await t.huks.importWrappedKeyItem('pub', 'w-inner', {
    properties: [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ECC), p(T.HUKS_TAG_KEY_SIZE, 256),
      p(T.HUKS_TAG_PURPOSE, U.HUKS_KEY_PURPOSE_VERIFY), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256),
      p(T.HUKS_TAG_IMPORT_KEY_TYPE, I.HUKS_KEY_TYPE_PUBLIC_KEY),
      p(T.HUKS_TAG_UNWRAP_ALGORITHM_SUITE, 1)],
    inData: new Uint8Array(await readFile(file('blob-pub'))),
  });
  const exported = (await t.huks.exportKeyItem('pub', { properties: [] })).outData!;
  assert.deepEqual(Buffer.from(exported), pair.publicKey.export({ format: 'der', type: 'spki' }));
});

test('huks wrap with an unknown suite is a usage error (status 2)', async () => {
  const result = await cli(dir.path, 'wrap', file('aes.key'), '--suite', 'rot13',
    '--wrapping-key', file('w1.raw'));
  assert.equal(result.status, 2);
  assert.match(result.stderr, /invalid suite 'rot13'/);
});
