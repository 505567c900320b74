// RSA private-key vectors (key-pair material n, e, d): deterministic PKCS#1 v1.5 signing,
// OAEP and PKCS#1 v1.5 decryption.
import { test, after } from 'node:test';
import { listVectorFiles, loadVectors } from './lib/files.js';
import { openHuks, type HuksApi } from './lib/huks.js';
import { runRsaDecrypt } from './lib/rsa-dec.js';
import { runRsaSign } from './lib/sign.js';
import { Tally } from './lib/tally.js';

let session: { huks: HuksApi; done: () => Promise<void> } | undefined;
const huks = async (): Promise<HuksApi> => (session ??= await openHuks()).huks;
after(async () => session?.done());

const all = listVectorFiles();
const pick = (re: RegExp): string[] => all.filter((f) => re.test(f));

for (const name of pick(/^wycheproof\/rsa_(pkcs1|oaep)_/)) {
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    const ctx = { huks: await huks(), tally };
    for (const [i, g] of file.testGroups.entries()) {
      if (/_sig_gen_/.test(name)) await runRsaSign(ctx, g);
      else if (/rsa_oaep_/.test(name)) await runRsaDecrypt(ctx, g, true, i);
      else await runRsaDecrypt(ctx, g, false, i);
    }
    tally.finish(t);
  });
}
