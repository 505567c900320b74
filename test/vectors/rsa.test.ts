// RSA vectors: PKCS#1 v1.5 and PSS verification (SPKI public key), PKCS#1 v1.5 signing
// (deterministic, key-pair material), OAEP and PKCS#1 v1.5 decryption (key-pair material).
import { test, after } from 'node:test';
import { listVectorFiles, loadVectors } from './lib/files.js';
import { openHuks, type HuksApi } from './lib/huks.js';
import { runRsaDecrypt } from './lib/rsa-dec.js';
import { RSA_PKCS1, RSA_PSS, runRsaSign, runVerify } from './lib/sign.js';
import { Tally } from './lib/tally.js';

let session: { huks: HuksApi; done: () => Promise<void> } | undefined;
const huks = async (): Promise<HuksApi> => (session ??= await openHuks()).huks;
after(async () => session?.done());

const all = listVectorFiles();
const pick = (re: RegExp): string[] => all.filter((f) => re.test(f));

for (const name of pick(/^wycheproof\/rsa_/)) {
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    const ctx = { huks: await huks(), tally };
    for (const [i, g] of file.testGroups.entries()) {
      if (/rsa_signature_/.test(name)) await runVerify(ctx, RSA_PKCS1, g);
      else if (/rsa_pss_/.test(name)) await runVerify(ctx, RSA_PSS, g);
      else if (/_sig_gen_/.test(name)) await runRsaSign(ctx, g);
      else if (/rsa_oaep_/.test(name)) await runRsaDecrypt(ctx, g, true, i);
      else await runRsaDecrypt(ctx, g, false, i);
    }
    tally.finish(t);
  });
}
