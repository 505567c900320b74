// HMAC, HMAC-SM3, HKDF and PBKDF2 vectors through the public API; CMAC and plain SM3 are
// documented skips (the spec has no such operation), with one test pinning the CMAC refusal.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { HuksKeyDigest, HuksKeyPurpose } from '../../src/common/enums.js';
import { hexToBytes, loadVectors, str } from './lib/files.js';
import { importKey, nextAlias, openHuks, runSession, type HuksApi } from './lib/huks.js';
import { ALG, p, T } from './lib/material.js';
import { runKdf, runMac } from './lib/mac-kdf.js';
import { Tally } from './lib/tally.js';

let session: { huks: HuksApi; done: () => Promise<void> } | undefined;
const huks = async (): Promise<HuksApi> => (session ??= await openHuks()).huks;
after(async () => session?.done());

const HMAC = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sm3'];
const HASH_NAME: Record<string, string> = {
  sha1: 'SHA-1', sha224: 'SHA-224', sha256: 'SHA-256',
  sha384: 'SHA-384', sha512: 'SHA-512', sm3: 'SM3',
};

for (const h of HMAC) {
  const name = `wycheproof/hmac_${h}_test.json`;
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    for (const g of file.testGroups) await runMac({ huks: await huks(), tally }, g, HASH_NAME[h]!);
    tally.finish(t);
  });
}

test('extra/hmac_sm3_gmt0042_test.json', async (t) => {
  const name = 'extra/hmac_sm3_gmt0042_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  const ctx = { huks: await huks(), tally };
  for (const g of file.testGroups) await runMac(ctx, g, str(g.hash, 'hash'));
  tally.finish(t);
});

for (const h of ['sha256', 'sha384', 'sha512']) {
  const name = `wycheproof/hkdf_${h}_test.json`;
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    const ctx = { huks: await huks(), tally };
    for (const g of file.testGroups) await runKdf(ctx, g, 'HKDF', HASH_NAME[h]!);
    tally.finish(t);
  });
}

for (const h of ['sha1', 'sha224', 'sha256', 'sha384', 'sha512']) {
  const name = `wycheproof/pbkdf2_hmac${h}_test.json`;
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    const ctx = { huks: await huks(), tally };
    for (const g of file.testGroups) await runKdf(ctx, g, 'PBKDF2', HASH_NAME[h]!);
    tally.finish(t);
  });
}

const CMAC_REASON = 'CMAC is not supported by the standard build (algorithms.md §9.3)';

test('wycheproof/aes_cmac_test.json', (t) => {
  const name = 'wycheproof/aes_cmac_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  for (const g of file.testGroups) for (const v of g.tests) tally.skip(v, CMAC_REASON);
  tally.finish(t);
});

test('CMAC use fails with 12000003 (algorithms.md §9.3, §1.5)', async () => {
  const h = await huks();
  const file = loadVectors('wycheproof/aes_cmac_test.json');
  const key = hexToBytes(file.testGroups.find((g) => g.keySize === 256)!.tests[0]!.key);
  const mac = HuksKeyPurpose.HUKS_KEY_PURPOSE_MAC;
  const cmacProps = [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_CMAC),
    p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, mac),
  ];
  const gen = await h.generateKeyItem(nextAlias('cmac'), { properties: cmacProps }).then(
    () => undefined,
    (e: { code: number }) => e.code,
  );
  assert.equal(gen, 12000003, 'generateKeyItem ALGORITHM CMAC');
  const imp = await importKey(h, nextAlias('cmac'), cmacProps, key);
  assert.equal(imp.ok ? 'imported' : imp.code, 12000003, 'importKeyItem ALGORITHM CMAC');
  // An AES MAC key is accepted (MAC table), but a CMAC/AES MAC session is refused at init.
  const alias = nextAlias('aesmac');
  const digest = HuksKeyDigest.HUKS_DIGEST_SHA256;
  const aesProps = [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_AES),
    p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, mac),
    p(T.HUKS_TAG_DIGEST, digest),
  ];
  const aes = await importKey(h, alias, aesProps, key);
  assert.ok(aes.ok, `AES-256 MAC key import: ${JSON.stringify(aes)}`);
  for (const alg of [ALG.HUKS_ALG_CMAC, ALG.HUKS_ALG_AES]) {
    const init = [
      p(T.HUKS_TAG_ALGORITHM, alg), p(T.HUKS_TAG_PURPOSE, mac), p(T.HUKS_TAG_DIGEST, digest),
    ];
    const plan = { init, updates: [], finish: new Uint8Array([1]), stepProps: init };
    const o = await runSession(h, alias, plan);
    assert.equal(o.ok ? 'mac computed' : o.code, 12000003, `MAC session with ALGORITHM ${alg}`);
  }
});

test('extra/sm3_test.json', (t) => {
  const name = 'extra/sm3_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  // api.md §1.1 has no digest function; SM3 is reached only inside HMAC-SM3 (covered above).
  for (const g of file.testGroups) {
    for (const v of g.tests) tally.skip(v, 'HUKS has no plain digest operation');
  }
  tally.finish(t);
});
