// RSA verification vectors: PKCS#1 v1.5 and PSS signatures against an SPKI public key.
import { test, after } from 'node:test';
import { listVectorFiles, loadVectors } from './lib/files.js';
import { openHuks, type HuksApi } from './lib/huks.js';
import { RSA_PKCS1, RSA_PSS, runVerify } from './lib/sign.js';
import { Tally } from './lib/tally.js';

let session: { huks: HuksApi; done: () => Promise<void> } | undefined;
const huks = async (): Promise<HuksApi> => (session ??= await openHuks()).huks;
after(async () => session?.done());

const all = listVectorFiles();
const pick = (re: RegExp): string[] => all.filter((f) => re.test(f));

for (const name of pick(/^wycheproof\/rsa_(signature|pss)_/)) {
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    const ctx = { huks: await huks(), tally };
    const scheme = /rsa_pss_/.test(name) ? RSA_PSS : RSA_PKCS1;
    for (const g of file.testGroups) await runVerify(ctx, scheme, g);
    tally.finish(t);
  });
}
