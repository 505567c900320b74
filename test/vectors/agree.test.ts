// Key agreement vectors: ECDH on every curve, X25519 (raw and ASN.1 files), FFDHE.
import { test, after } from 'node:test';
import { loadVectors } from './lib/files.js';
import { openHuks, type HuksApi } from './lib/huks.js';
import { runDh, runEcdh, runX25519 } from './lib/agree.js';
import { Tally } from './lib/tally.js';

let session: { huks: HuksApi; done: () => Promise<void> } | undefined;
const huks = async (): Promise<HuksApi> => (session ??= await openHuks()).huks;
after(async () => session?.done());

for (const curve of ['secp224r1', 'secp256r1', 'secp384r1', 'secp521r1']) {
  const name = `wycheproof/ecdh_${curve}_test.json`;
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    for (const g of file.testGroups) await runEcdh({ huks: await huks(), tally }, g);
    tally.finish(t);
  });
}

const X25519 = [
  ['wycheproof/x25519_test.json', false],
  ['wycheproof/x25519_asn_test.json', true],
] as const;
for (const [name, asn] of X25519) {
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    for (const g of file.testGroups) await runX25519({ huks: await huks(), tally }, g, asn);
    tally.finish(t);
  });
}

test('extra/dh_ffdhe_test.json', async (t) => {
  const name = 'extra/dh_ffdhe_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  for (const g of file.testGroups) await runDh({ huks: await huks(), tally }, g);
  tally.finish(t);
});
