import assert from 'node:assert/strict';
import {
  createHmac,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  pbkdf2Sync,
  publicEncrypt,
  constants,
  randomBytes,
  verify,
} from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { huks, huksOk, tempDir } from './helpers.js';

describe('huks CLI commands (child processes)', () => {
  let dir: { path: string; remove(): Promise<void> };
  let home: string;
  const file = (name: string): string => join(dir.path, name);

  before(async () => {
    dir = await tempDir('huks-cli-');
    home = file('home');
  });
  after(() => dir.remove());

  it('generates an AES-GCM key and round-trips a small file through encrypt/decrypt', async () => {
    await huksOk(home, 'generate', 'aes1', '--alg', 'aes', '--size', '256', '--mode', 'gcm');
    const plain = Buffer.from('hello, keystore\n');
    await writeFile(file('small.txt'), plain);
    const enc = await huksOk(home, 'encrypt', 'aes1', file('small.txt'), '-o', file('small.hkse'));
    assert.match(enc.stdout, /^encrypted .*small\.txt \(16 bytes\) -> .*\(54 bytes\)/);
    const sealed = await readFile(file('small.hkse'));
    assert.equal(sealed.subarray(0, 4).toString(), 'HKSE');
    assert.equal(sealed.length, 22 + 16 + 16);
    await huksOk(home, 'decrypt', 'aes1', file('small.hkse'), '-o', file('small.out'));
    assert.deepEqual(await readFile(file('small.out')), plain);
  });

  it('signs with P-256, exports the key as PEM, verifies (also with node:crypto)', async () => {
    await huksOk(home, 'generate', 'p256', '--alg', 'ecc', '--size', 'p-256', '--digest', 'sha256');
    const message = randomBytes(3000);
    await writeFile(file('msg.bin'), message);
    await huksOk(home, 'sign', 'p256', file('msg.bin'), '-o', file('msg.sig'));
    const ok = await huksOk(home, 'verify', 'p256', file('msg.bin'), file('msg.sig'));
    assert.match(ok.stdout, /signature OK/);

    await huksOk(home, 'export', 'p256', '--pem', '-o', file('p256.pem'));
    const pem = await readFile(file('p256.pem'), 'utf8');
    assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
    const signature = await readFile(file('msg.sig'));
    assert.equal(verify('sha256', message, createPublicKey(pem), signature), true);

    const printed = await huksOk(home, 'export', 'p256');
    assert.equal(printed.stdout, pem);

    message[0] ^= 1;
    await writeFile(file('msg.bin'), message);
    const bad = await huks(home, 'verify', 'p256', file('msg.bin'), file('msg.sig'));
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^error 12000006: /);
  });

  it('imports an RSA private key PEM, decrypts what node encrypted (OAEP-SHA256)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await writeFile(file('rsa.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const imported = await huksOk(
      home, 'import', 'rsa1', file('rsa.pem'), '--purpose', 'decrypt', '--padding', 'oaep',
      '--digest', 'sha256',
    );
    assert.match(imported.stdout, /imported rsa1: rsa-2048 pair key \(decrypt\)/);
    const secret = Buffer.from('attack at dawn');
    const oaep = { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
    await writeFile(file('rsa.enc'), publicEncrypt(oaep, secret));
    await huksOk(home, 'decrypt', 'rsa1', file('rsa.enc'), '-o', file('rsa.dec'));
    assert.deepEqual(await readFile(file('rsa.dec')), secret);
  });

  it('computes an HMAC equal to node:crypto for an imported key', async () => {
    const key = randomBytes(32);
    await writeFile(file('hmac.key'), key);
    await huksOk(home, 'import', 'hmac1', file('hmac.key'), '--alg', 'hmac', '--digest', 'sha256');
    const data = randomBytes(200_000);
    await writeFile(file('data.bin'), data);
    const result = await huksOk(home, '--json', 'mac', 'hmac1', file('data.bin'));
    const { mac } = JSON.parse(result.stdout) as { mac: string };
    assert.equal(mac, createHmac('sha256', key).update(data).digest('hex'));
  });

  it('derives HKDF and PBKDF2 keys equal to node:crypto and stores a derived key', async () => {
    const ikm = randomBytes(32);
    await writeFile(file('kdf.key'), ikm.toString('hex'));
    await huksOk(
      home, 'import', 'kdf1', file('kdf.key'), '--alg', 'aes', '--size', '256',
      '--purpose', 'derive', '--digest', 'sha256',
    );
    const salt = randomBytes(16);
    const info = Buffer.from('openhuks cli');
    await huksOk(
      home, 'derive', 'kdf1', '--alg', 'hkdf', '--length', '42', '--salt', salt.toString('hex'),
      '--info', info.toString('hex'), '-o', file('okm.bin'),
    );
    const expected = Buffer.from(hkdfSync('sha256', ikm, salt, info, 42));
    assert.deepEqual(await readFile(file('okm.bin')), expected);

    const pbkdf2 = await huksOk(
      home, '--json', 'derive', 'kdf1', '--alg', 'pbkdf2', '--length', '24', '--iterations', '1000',
      '--salt', salt.toString('hex'),
    );
    const { secret } = JSON.parse(pbkdf2.stdout) as { secret: string };
    assert.equal(secret, pbkdf2Sync(ikm, salt, 1000, 24, 'sha256').toString('hex'));

    const stored = await huksOk(
      home, 'derive', 'kdf1', '--length', '32', '--store', 'derived-aes',
      '--store-purpose', 'encrypt,decrypt', '--store-mode', 'gcm',
    );
    assert.match(stored.stdout, /derive: stored as derived-aes/);
    const list = await huksOk(home, 'list');
    assert.ok(list.stdout.split('\n').includes('derived-aes'));
  });

  it('agrees an X25519 secret equal to node:crypto on the peer side', async () => {
    await huksOk(home, 'generate', 'x1', '--alg', 'x25519');
    await huksOk(home, 'export', 'x1', '--pem', '-o', file('x1.pem'));
    const peer = generateKeyPairSync('x25519');
    await writeFile(file('peer.pem'), peer.publicKey.export({ format: 'pem', type: 'spki' }));
    const agreed = await huksOk(home, '--json', 'agree', 'x1', file('peer.pem'));
    const { secret } = JSON.parse(agreed.stdout) as { secret: string };
    const ours = createPublicKey(await readFile(file('x1.pem')));
    const expected = diffieHellman({ privateKey: peer.privateKey, publicKey: ours });
    assert.equal(secret, expected.toString('hex'));
  });

  it('agrees ECDH P-384 like node:crypto; a 48-byte secret is stored as HMAC', async () => {
    await huksOk(home, 'generate', 'e384', '--alg', 'ecc', '--size', 'p-384', '--purpose', 'agree');
    await huksOk(home, 'export', 'e384', '-o', file('e384.der'));
    const peer = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await writeFile(file('peer384.der'), peer.publicKey.export({ format: 'der', type: 'spki' }));
    const agreed = await huksOk(home, '--json', 'agree', 'e384', file('peer384.der'));
    const { secret, bytes } = JSON.parse(agreed.stdout) as { secret: string; bytes: number };
    const der = await readFile(file('e384.der'));
    const ours = createPublicKey({ key: der, format: 'der', type: 'spki' });
    const expected = diffieHellman({ privateKey: peer.privateKey, publicKey: ours });
    assert.equal(bytes, 48);
    assert.equal(secret, expected.toString('hex'));

    await huksOk(home, 'agree', 'e384', file('peer384.der'), '--store', 'agreed');
    const info = await huksOk(home, 'info', 'agreed');
    assert.match(info.stdout, /ALGORITHM\s+hmac\n/);
    assert.match(info.stdout, /KEY_SIZE\s+384\n/);
    assert.match(info.stdout, /KEY_ALIAS\s+agreed\n/);
  });

  it('lists, describes and deletes keys; a missing key is error 12000011', async () => {
    const list = await huksOk(home, '--json', 'list');
    const { aliases } = JSON.parse(list.stdout) as { aliases: string[] };
    assert.ok(aliases.includes('aes1') && aliases.includes('hmac1'));

    const info = await huksOk(home, 'info', 'aes1');
    assert.match(info.stdout, /ALGORITHM\s+aes/);
    assert.match(info.stdout, /BLOCK_MODE\s+gcm/);
    assert.match(info.stdout, /PURPOSE\s+encrypt,decrypt/);

    await huksOk(home, 'delete', 'aes1');
    for (const args of [['delete', 'aes1'], ['info', 'aes1'], ['export', 'nope']]) {
      const missing = await huks(home, ...args);
      assert.equal(missing.status, 1, args.join(' '));
      assert.equal(missing.stderr, 'error 12000011: The entity does not exist.\n');
    }
    const missing = await huks(home, 'encrypt', 'aes1', file('small.txt'), '-o', file('x.hkse'));
    assert.equal(missing.stderr, 'error 12000011: The entity does not exist.\n');
    const json = await huks(home, '--json', 'delete', 'aes1');
    assert.deepEqual(JSON.parse(json.stdout), {
      error: { code: 12000011, message: 'The entity does not exist.' },
    });
  });

  it('reports usage errors with exit status 2 and a helpful message', async () => {
    const unknown = await huks(home, 'generate', 'k', '--alg', 'aez');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /error: unknown algorithm 'aez' \(did you mean 'aes'\?\)/);
    const mode = await huks(home, 'generate', 'k', '--alg', 'aes', '--mode', 'xts');
    assert.equal(mode.status, 2);
    assert.match(mode.stderr, /unknown mode 'xts'; expected one of: ecb, cbc, ctr/);
    const noOut = await huks(home, 'encrypt', 'k', 'file');
    assert.equal(noOut.status, 2);
    assert.match(noOut.stderr, /required option '-o, --out <file>'/);
    const help = await huks(home, '--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /generate/);
    const unknownCommand = await huks(home, 'frobnicate');
    assert.equal(unknownCommand.status, 2);
    assert.match(unknownCommand.stderr, /error: unknown command 'frobnicate'/);
    const pkgUrl = new URL('../../../package.json', import.meta.url);
    const pkg = JSON.parse(await readFile(pkgUrl, 'utf8')) as { version: string };
    const version = await huks(home, '--version');
    assert.equal(version.stdout, `${pkg.version}\n`);
  });

  it('gives --json callers usage errors as objects, apart from keystore errors', async () => {
    const unknownCommand = await huks(home, '--json', 'frobnicate');
    assert.equal(unknownCommand.status, 2);
    assert.deepEqual(JSON.parse(unknownCommand.stdout), {
      error: { kind: 'usage', message: "unknown command 'frobnicate'" },
    });
    const badWord = await huks(home, '--json', 'generate', 'k', '--alg', 'aez');
    assert.equal(badWord.status, 2);
    const word = JSON.parse(badWord.stdout) as { error: { kind: string; message: string } };
    assert.equal(word.error.kind, 'usage');
    assert.match(word.error.message, /unknown algorithm 'aez'/);
    const noFile = await huks(home, '--json', 'mac', 'hmac1', join(home, 'no-such-file'));
    assert.equal(noFile.status, 2);
    const file = JSON.parse(noFile.stdout) as { error: Record<string, string> };
    assert.equal(file.error['kind'], 'usage');
    assert.equal(file.error['errno'], 'ENOENT');
    assert.equal(file.error['code'], undefined);
  });
});
