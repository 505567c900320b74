// SM2 vectors through the public API (algorithms.md §5; key-formats.md §3.2, §5.3, §6, §7.3).
// Signatures: the group's SPKI is imported for VERIFY (DIGEST SM3 for input=message, NONE for
// input=digest); each valid vector is also signed again with the imported key pair and that
// signature verified. Ciphertexts: the key pair (alg 150 material) decrypts each vector, and
// each valid message is encrypted again with the imported public key and decrypted back.
import { after, test } from 'node:test';
import {
  HuksImportKeyType, HuksKeyDigest, HuksKeyPurpose as U,
} from '../../src/common/enums.js';
import { hexToBytes, loadVectors, str, type VGroup } from './lib/files.js';
import {
  importKey, nextAlias, openHuks, runSession, type HuksApi, type Outcome, type Param,
} from './lib/huks.js';
import { ALG, p, T, unsigned } from './lib/material.js';
import { Tally, type Expect } from './lib/tally.js';

let session: { huks: HuksApi; done: () => Promise<void> } | undefined;
const huks = async (): Promise<HuksApi> => (session ??= await openHuks()).huks;
after(async () => session?.done());

const SM3 = HuksKeyDigest.HUKS_DIGEST_SM3;
const NONE = HuksKeyDigest.HUKS_DIGEST_NONE;
const OK: Expect = { kind: 'output', want: '' };

/** key-formats.md §3.2: SM2 material with minimal big-endian components. */
function sm2Material(g: VGroup): Uint8Array {
  const pk = g.publicKey as { x: string; y: string };
  const parts = [unsigned(pk.x), unsigned(pk.y), unsigned(str(g.privateKey, 'privateKey'))];
  const head = Buffer.alloc(20);
  const words = [ALG.HUKS_ALG_SM2, 256, ...parts.map((x) => x.length)];
  words.forEach((w, i) => head.writeUInt32LE(w, i * 4));
  return new Uint8Array(Buffer.concat([head, ...parts]));
}

const base = (purpose: number, digest: number): Param[] => [
  p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_SM2),
  p(T.HUKS_TAG_KEY_SIZE, 256),
  p(T.HUKS_TAG_PURPOSE, purpose),
  p(T.HUKS_TAG_DIGEST, digest),
];
const init = (purpose: number, digest: number): Param[] => [
  p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_SM2),
  p(T.HUKS_TAG_PURPOSE, purpose),
  p(T.HUKS_TAG_DIGEST, digest),
];
const pair = (purpose: number, digest: number): Param[] => [
  ...base(purpose, digest),
  p(T.HUKS_TAG_IMPORT_KEY_TYPE, HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR),
];

async function verify(api: HuksApi, alias: string, digest: number, msg: Uint8Array,
  sig: Uint8Array): Promise<Outcome> {
  const cut = Math.ceil(msg.length / 2);
  const updates = [msg.subarray(0, cut), msg.subarray(cut)].filter((c) => c.length > 0);
  return runSession(api, alias, { init: init(U.HUKS_KEY_PURPOSE_VERIFY, digest), updates,
    finish: sig });
}

test('extra/sm2_sign_test.json', async (t) => {
  const name = 'extra/sm2_sign_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  const api = await huks();
  for (const g of file.testGroups) {
    const digest = g.input === 'message' ? SM3 : NONE;
    const pub = nextAlias('sm2-pub');
    const signer = nextAlias('sm2-pair');
    const verifyPurpose = U.HUKS_KEY_PURPOSE_VERIFY;
    const imported = [
      await importKey(api, pub, base(verifyPurpose, digest), hexToBytes(g.publicKeyDer)),
      await importKey(api, signer, pair(U.HUKS_KEY_PURPOSE_SIGN | verifyPurpose, digest),
        sm2Material(g)),
    ];
    for (const v of g.tests) {
      const failed = imported.find((o) => !o.ok);
      if (failed) {
        tally.check(v, failed, OK);
        continue;
      }
      const msg = hexToBytes(v.msg);
      const sig = hexToBytes(v.sig);
      const checked = await verify(api, pub, digest, msg, sig);
      if (v.result !== 'valid') {
        tally.check(v, checked, { kind: 'refuse', codes: [sig.length > 72 ? 12000003 : 12000006] });
        continue;
      }
      const own = await runSession(api, signer, {
        init: init(U.HUKS_KEY_PURPOSE_SIGN, digest), updates: [msg], finish: new Uint8Array(0),
      });
      const ownChecked = own.ok ? await verify(api, pub, digest, msg, own.out) : own;
      tally.checkAll(v, [[checked, OK], [ownChecked, OK]]);
    }
  }
  tally.finish(t);
});

test('extra/sm2_encrypt_test.json', async (t) => {
  const name = 'extra/sm2_encrypt_test.json';
  const file = loadVectors(name);
  const tally = new Tally(name, file);
  const api = await huks();
  const both = U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT;
  for (const g of file.testGroups) {
    const pub = nextAlias('sm2-enc');
    const owner = nextAlias('sm2-dec');
    const imported = [
      await importKey(api, pub, base(U.HUKS_KEY_PURPOSE_ENCRYPT, SM3), hexToBytes(g.publicKeyDer)),
      await importKey(api, owner, pair(both, SM3), sm2Material(g)),
    ];
    const decrypt = (ct: Uint8Array): Promise<Outcome> => runSession(api, owner, {
      init: init(U.HUKS_KEY_PURPOSE_DECRYPT, SM3), updates: [ct.subarray(0, 10)],
      finish: ct.subarray(10),
    });
    for (const v of g.tests) {
      const failed = imported.find((o) => !o.ok);
      if (failed) {
        tally.check(v, failed, OK);
        continue;
      }
      const opened = await decrypt(hexToBytes(v.ct));
      if (v.result !== 'valid') {
        tally.check(v, opened, { kind: 'refuse', codes: [12000006] });
        continue;
      }
      const sealed = await runSession(api, pub, {
        init: init(U.HUKS_KEY_PURPOSE_ENCRYPT, SM3), updates: [], finish: hexToBytes(v.msg),
      });
      const reopened = sealed.ok ? await decrypt(sealed.out) : sealed;
      const want: Expect = { kind: 'output', want: str(v.msg, 'msg') };
      tally.checkAll(v, [[opened, want], [reopened, want]]);
    }
  }
  tally.finish(t);
});
