// DSA and Ed25519 vectors: SPKI (DSA) or raw 32-byte (Ed25519) public keys for verification,
// Ed25519 key-pair material and raw private keys for RFC 8032 signing.
import { test, after } from 'node:test';
import { loadVectors } from './lib/files.js';
import { openHuks, type HuksApi } from './lib/huks.js';
import { DSA, ED25519, runEd25519Sign, runVerify } from './lib/sign.js';
import { Tally } from './lib/tally.js';

let session: { huks: HuksApi; done: () => Promise<void> } | undefined;
const huks = async (): Promise<HuksApi> => (session ??= await openHuks()).huks;
after(async () => session?.done());

const DSA_FILES = [
  'wycheproof/dsa_2048_224_sha224_test.json',
  'wycheproof/dsa_2048_224_sha256_test.json',
  'wycheproof/dsa_2048_256_sha256_test.json',
  'wycheproof/dsa_3072_256_sha256_test.json',
  'wycheproof/v0/dsa_test.json',
];

for (const name of DSA_FILES) {
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    for (const g of file.testGroups) await runVerify({ huks: await huks(), tally }, DSA, g);
    tally.finish(t);
  });
}

test('wycheproof/ed25519_test.json', async (t) => {
  const name = 'wycheproof/ed25519_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  for (const g of file.testGroups) await runVerify({ huks: await huks(), tally }, ED25519, g);
  tally.finish(t);
});

test('extra/ed25519_rfc8032_test.json', async (t) => {
  const name = 'extra/ed25519_rfc8032_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  for (const g of file.testGroups) await runEd25519Sign({ huks: await huks(), tally }, g);
  tally.finish(t);
});
