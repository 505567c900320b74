// ECDSA verification vectors (all curves and hashes): SPKI public key, DER signatures
// (key-formats.md §6), message through updates, signature in finish.
import { test, after } from 'node:test';
import { loadVectors } from './lib/files.js';
import { openHuks, type HuksApi } from './lib/huks.js';
import { ECDSA, runVerify } from './lib/sign.js';
import { Tally } from './lib/tally.js';

let session: { huks: HuksApi; done: () => Promise<void> } | undefined;
const huks = async (): Promise<HuksApi> => (session ??= await openHuks()).huks;
after(async () => session?.done());

const FILES = [
  'secp224r1_sha224', 'secp224r1_sha256', 'secp224r1_sha512', 'secp256r1_sha256',
  'secp256r1_sha512', 'secp384r1_sha256', 'secp384r1_sha384', 'secp384r1_sha512',
  'secp521r1_sha512',
].map((f) => `wycheproof/ecdsa_${f}_test.json`);

for (const name of FILES) {
  test(name, async (t) => {
    const file = loadVectors(name);
    const tally = new Tally(name, file);
    for (const g of file.testGroups) await runVerify({ huks: await huks(), tally }, ECDSA, g);
    tally.finish(t);
  });
}
