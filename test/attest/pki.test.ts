// attestation.md §6: the emulated PKI is created once per data directory, kept sealed in the
// key store under a namespace no app reaches, and shared by every instance on the directory.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import Database from 'better-sqlite3';

import { Attestation } from '../../src/core/attest/attestation.js';
import { PKI_NAMESPACE } from '../../src/core/attest/pki-record.js';
import * as x509 from '../../src/core/attest/x509.js';
import { DATABASE_FILE, openStorage } from '../../src/store/open.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';
import { certificateOf, challengeParam, KEY_TYPES, makeKey } from './helpers.js';

const CHALLENGE = challengeParam(new Uint8Array([1, 2, 3, 4]));
/** The start of an RSA PKCS#8 PrivateKeyInfo: version 0, rsaEncryption. */
const RSA_PKCS8_HEAD = Buffer.from('020100300d06092a864886f70d0101010500', 'hex');

async function chainOf(t: TempHuks, mode: 'attestKeyItem' | 'anonAttestKeyItem' = 'attestKeyItem') {
  return (await t.huks[mode]('k', { properties: [CHALLENGE] })).certChains!;
}

describe('the emulated PKI of a data directory', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'openhuks-pki-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('is created once: other and later instances on the directory get the same CAs', async () => {
    const first = tempHuks({ home });
    await makeKey(first.huks, 'k', KEY_TYPES[2]!);
    const chain1 = await chainOf(first);
    const anon1 = await chainOf(first, 'anonAttestKeyItem');
    await first.cleanup();

    const again = tempHuks({ home, app: 'com.example.other' });
    await makeKey(again.huks, 'k', KEY_TYPES[6]!);
    const chain2 = await chainOf(again);
    const anon2 = await chainOf(again, 'anonAttestKeyItem');
    await again.cleanup();

    assert.deepEqual(chain2.slice(1), chain1.slice(1));
    assert.deepEqual(anon2.slice(1), anon1.slice(1));
    assert.notEqual(chain2[0], chain1[0]);
  });

  it('exports the same root the chains end with, for verifiers to pin', async () => {
    const t = tempHuks({ home });
    const chain = await chainOf(t);
    const anon = await chainOf(t, 'anonAttestKeyItem');
    await t.cleanup();
    const storage = openStorage(home);
    try {
      const attestation = new Attestation(storage.store, storage.sealer);
      assert.equal(await attestation.rootPem('standard'), chain[3]);
      assert.equal(await attestation.rootPem('anonymous'), anon[2]);
    } finally {
      storage.close();
    }
  });

  it('keeps its records sealed, under user -1 where no app can list or reach them', async () => {
    const db = new Database(join(home, DATABASE_FILE), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT user_id, alias, sealed FROM keys WHERE app = ? ORDER BY alias')
        .all(PKI_NAMESPACE.app) as Array<{ user_id: number; alias: Buffer; sealed: Buffer }>;
      assert.deepEqual(rows.map((r) => [r.user_id, r.alias.toString()]),
        [[-1, 'anonymous-pki-v1'], [-1, 'standard-pki-v1']]);
      for (const row of rows) assert.equal(row.sealed.includes(RSA_PKCS8_HEAD), false);
    } finally {
      db.close();
    }
    const t = tempHuks({ home });
    assert.deepEqual(await t.huks.listAliases({ properties: [] }), { keyAliases: ['k'] });
    await t.cleanup();
  });

  it('CA certificates: CA=true, keyCertSign, linked by name and key id; the root self-signed',
    async () => {
      const t = tempHuks({ home });
      const chain = (await chainOf(t)).map(certificateOf);
      await t.cleanup();
      for (const ca of chain.slice(1)) {
        const constraints = ca.getExtension(x509.BasicConstraintsExtension)!;
        assert.equal(constraints.ca, true);
        const usages = ca.getExtension(x509.KeyUsagesExtension)!.usages;
        assert.ok((usages & x509.KeyUsageFlags.keyCertSign) !== 0);
      }
      for (let i = 1; i < chain.length - 1; i++) {
        assert.equal(chain[i]!.issuer, chain[i + 1]!.subject);
        const issuer = { publicKey: chain[i + 1]!, signatureOnly: true };
        assert.equal(await chain[i]!.verify(issuer), true);
      }
      const root = chain[chain.length - 1]!;
      assert.equal(await root.isSelfSigned(), true);
    });
});

describe('PKI creation and damage', () => {
  it('two instances attesting first at once agree on one root', async () => {
    const home = mkdtempSync(join(tmpdir(), 'openhuks-pki-race-'));
    const a = tempHuks({ home, app: 'com.example.a' });
    const b = tempHuks({ home, app: 'com.example.b' });
    try {
      await makeKey(a.huks, 'k', KEY_TYPES[2]!);
      await makeKey(b.huks, 'k', KEY_TYPES[2]!);
      const [chainA, chainB] = await Promise.all([chainOf(a), chainOf(b)]);
      assert.equal(chainA[3], chainB[3]);
      assert.equal(chainA[1], chainB[1]);
    } finally {
      await a.cleanup();
      await b.cleanup();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a tampered certificate makes the record fail to open: 12000012', async () => {
    const home = mkdtempSync(join(tmpdir(), 'openhuks-pki-tamper-'));
    // Closed before the edit, so that no process (in daemon mode, no daemon) holds the PKI.
    const t = tempHuks({ home });
    await makeKey(t.huks, 'k', KEY_TYPES[2]!);
    await chainOf(t);
    await t.cleanup();

    const db = new Database(join(home, DATABASE_FILE));
    try {
      const where = 'app = ? AND alias = ?';
      const alias = Buffer.from('standard-pki-v1');
      const row = db.prepare(`SELECT properties FROM keys WHERE ${where}`)
        .get(PKI_NAMESPACE.app, alias) as { properties: Buffer };
      const properties = Buffer.from(row.properties);
      properties[properties.length - 10] ^= 1;
      db.prepare(`UPDATE keys SET properties = ? WHERE ${where}`)
        .run(properties, PKI_NAMESPACE.app, alias);
    } finally {
      db.close();
    }

    const reopened = tempHuks({ home });
    try {
      await assert.rejects(chainOf(reopened), (e: { code?: number }) => e.code === 12000012);
    } finally {
      await reopened.cleanup();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
