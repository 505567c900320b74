// `huks attest` and `huks attest root` as a verifier uses them: the chain file and the pinned
// root go straight into `openssl verify`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ClaimOid } from '../../src/core/attest/oids.js';
import { readOctetString } from '../../src/core/attest/claims-der.js';
import { huks, huksOk, tempDir } from '../cli/helpers.js';
import { claim, claimsOf, PEM_FORMAT } from './helpers.js';

describe('huks attest', () => {
  let dir: { path: string; remove(): Promise<void> };
  let home: string;
  const file = (name: string): string => join(dir.path, name);
  const verify = (root: string, chain: string): string =>
    execFileSync('openssl', ['verify', '-CAfile', root, '-untrusted', chain, chain], {
      encoding: 'utf8',
    });

  before(async () => {
    dir = await tempDir('huks-attest-cli-');
    home = file('home');
    await huksOk(home, 'generate', 'k', '--alg', 'ecc', '--size', '256');
  });
  after(() => dir.remove());

  it('writes a 4-certificate chain that verifies against the exported root', async () => {
    const out = await huksOk(home, 'attest', '--alias', 'k', '--challenge', 'c0ffee00',
      '--out', file('chain.pem'));
    assert.match(out.stdout, /^4 certificates -> /);
    await huksOk(home, 'attest', 'root', '--out', file('root.pem'));
    assert.equal(verify(file('root.pem'), file('chain.pem')).trim(), `${file('chain.pem')}: OK`);

    const chain = (await readFile(file('chain.pem'), 'utf8')).trimEnd().split('\n-----B');
    assert.equal(chain.length, 4);
    const leaf = chain[0]!;
    assert.match(leaf, PEM_FORMAT);
    const challenge = readOctetString(claim(claimsOf(leaf), ClaimOid.CHALLENGE).value);
    assert.deepEqual(Buffer.from(challenge).toString('hex'), 'c0ffee00');
  });

  it('--anonymous: 3 certificates under the anonymous root; --json prints them', async () => {
    const out = await huksOk(home, '--json', 'attest', '--alias', 'k', '--challenge', '01',
      '--anonymous');
    const body = JSON.parse(out.stdout) as { certificates: number; certChains: string[] };
    assert.equal(body.certificates, 3);
    assert.equal(body.certChains.length, 3);
    const root = await huksOk(home, 'attest', 'root', '--anonymous');
    assert.equal(root.stdout, `${body.certChains[2]}\n`);
  });

  it('a missing key is 12000011; a missing option or a bad target a usage error', async () => {
    const missing = await huks(home, 'attest', '--alias', 'nope', '--challenge', '00');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^error 12000011: The entity does not exist\./);
    assert.equal((await huks(home, 'attest', '--alias', 'k')).status, 2);
    assert.equal((await huks(home, 'attest', '--alias', 'k', '--challenge', 'xyz')).status, 2);
    assert.equal((await huks(home, 'attest', 'leaf')).status, 2);
  });
});
