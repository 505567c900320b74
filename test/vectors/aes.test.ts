// AES-GCM/CCM/CBC/ECB/CTR and SM4 vectors through the public API: import the raw key
// (key-formats.md §2), run encrypt and decrypt sessions, compare with the vector.
import { test, after } from 'node:test';
import { loadVectors, str } from './lib/files.js';
import { openHuks, type HuksApi } from './lib/huks.js';
import { ALG } from './lib/material.js';
import { Tally } from './lib/tally.js';
import { runAead, runIndCpa } from './lib/cipher.js';

let session: { huks: HuksApi; done: () => Promise<void> } | undefined;
const huks = async (): Promise<HuksApi> => (session ??= await openHuks()).huks;
after(async () => session?.done());

const AEAD = ['wycheproof/aes_gcm_test.json', 'wycheproof/aes_ccm_test.json'];
for (const name of AEAD) {
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    const ctx = { huks: await huks(), tally, alg: ALG.HUKS_ALG_AES };
    const mode = file.algorithm.split('-')[1]!;
    for (const g of file.testGroups) await runAead(ctx, g, mode);
    tally.finish(t);
  });
}

test('wycheproof/aes_cbc_pkcs5_test.json', async (t) => {
  const name = 'wycheproof/aes_cbc_pkcs5_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  const ctx = { huks: await huks(), tally, alg: ALG.HUKS_ALG_AES };
  for (const g of file.testGroups) await runIndCpa(ctx, g, 'CBC', 'PKCS5');
  tally.finish(t);
});

test('extra/aes_ecb_cbc_ctr_test.json', async (t) => {
  const name = 'extra/aes_ecb_cbc_ctr_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  const ctx = { huks: await huks(), tally, alg: ALG.HUKS_ALG_AES };
  for (const g of file.testGroups) {
    await runIndCpa(ctx, g, str(g.mode, 'mode'), str(g.padding, 'padding'));
  }
  tally.finish(t);
});

test('extra/sm4_test.json', async (t) => {
  const name = 'extra/sm4_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  const ctx = { huks: await huks(), tally, alg: ALG.HUKS_ALG_SM4 };
  for (const g of file.testGroups) {
    const mode = str(g.mode, 'mode');
    if (g.type === 'IteratedBlockTest') {
      // GB/T 32907 example 2 chains 1,000,000 single-block encryptions: one session call
      // each, far beyond the suite's time budget; example 1 covers the same key and block.
      for (const v of g.tests) tally.skip(v, '1,000,000 chained ECB calls, too slow for npm test');
    } else if (g.type === 'AeadTest') await runAead(ctx, g, mode);
    else await runIndCpa(ctx, g, mode, str(g.padding, 'padding'));
  }
  tally.finish(t);
});

for (const name of ['wycheproof/sm4_gcm_test.json', 'wycheproof/sm4_ccm_test.json']) {
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    const ctx = { huks: await huks(), tally, alg: ALG.HUKS_ALG_SM4 };
    const mode = file.algorithm.split('-')[1]!;
    for (const g of file.testGroups) await runAead(ctx, g, mode);
    tally.finish(t);
  });
}
