// Property: random messages cut at random places into update/finish chunks give the same bytes
// as node:crypto in one piece (encryption, decryption, MAC), whatever the chunking; the chunk
// rules of algorithms.md §1.6/§2.1.1 (no empty update, aligned finish for NoPadding) hold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHmac, randomBytes, type CipherGCM } from 'node:crypto';
import fc from 'fast-check';
import {
  HuksCipherMode as M, HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPadding as Pad,
  HuksKeyPurpose as P, HuksTag as T,
} from '../../src/common/enums.js';
import { assertProperty, show, stray, type Api } from './lib/check.js';
import { openApi, p, type Param } from './lib/instance.js';

let api: { huks: Api; done: () => Promise<void> };
const aesKey = randomBytes(32);
const hmacKey = randomBytes(40);
before(async () => {
  api = await openApi();
  const sym = (alg: number, bits: number, purpose: number, extra: Param[] = []) => [
    p(T.HUKS_TAG_ALGORITHM, alg), p(T.HUKS_TAG_KEY_SIZE, bits), p(T.HUKS_TAG_PURPOSE, purpose),
    ...extra,
  ];
  await call('importKeyItem', 'stream-aes', {
    properties: sym(A.HUKS_ALG_AES, 256, P.HUKS_KEY_PURPOSE_ENCRYPT | P.HUKS_KEY_PURPOSE_DECRYPT),
    inData: aesKey,
  });
  await call('importKeyItem', 'stream-hmac', {
    properties: sym(A.HUKS_ALG_HMAC, 320, P.HUKS_KEY_PURPOSE_MAC),
    inData: hmacKey,
  });
});
after(async () => api.done());

const call = (name: string, ...args: unknown[]) => api.huks[name]!(...args) as Promise<unknown>;

interface Mode {
  name: string;
  mode: number;
  padding: number;
  node: string;
  /** NoPadding ECB/CBC: the data is whole blocks and the finish chunk must be too. */
  aligned: boolean;
}

const mode = (name: string, m: number, padding: number, node: string, aligned = false): Mode =>
  ({ name, mode: m, padding, node, aligned });

const MODES: Mode[] = [
  mode('CBC/PKCS7', M.HUKS_MODE_CBC, Pad.HUKS_PADDING_PKCS7, 'aes-256-cbc'),
  mode('ECB/PKCS7', M.HUKS_MODE_ECB, Pad.HUKS_PADDING_PKCS7, 'aes-256-ecb'),
  mode('CBC/NONE', M.HUKS_MODE_CBC, Pad.HUKS_PADDING_NONE, 'aes-256-cbc', true),
  mode('CTR/NONE', M.HUKS_MODE_CTR, Pad.HUKS_PADDING_NONE, 'aes-256-ctr'),
  mode('GCM/NONE', M.HUKS_MODE_GCM, Pad.HUKS_PADDING_NONE, 'aes-256-gcm'),
];

/** Cuts `data` at sorted positions: non-empty update chunks, the rest (maybe empty) to finish. */
function chunk(data: Uint8Array, cuts: number[], alignFinish: boolean) {
  let points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  if (alignFinish) points = points.map((c) => c - (c % 16));
  points = [...new Set(points)].filter((c) => c > 0 && c < data.length);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const c of points) {
    parts.push(data.subarray(at, c));
    at = c;
  }
  return { updates: parts, finish: data.subarray(at) };
}

type Plan = ReturnType<typeof chunk>;

async function session(alias: string, init: Param[], plan: Plan, step: Param[] = []) {
  const { handle } = (await call('initSession', alias, { properties: init })) as { handle: number };
  const out: Uint8Array[] = [];
  try {
    for (const u of plan.updates) {
      const r = await call('updateSession', handle, { properties: step, inData: u });
      out.push((r as { outData: Uint8Array }).outData);
    }
    const r = (await call('finishSession', handle, { properties: step, inData: plan.finish })) as {
      outData: Uint8Array;
    };
    out.push(r.outData);
  } catch (e) {
    await call('abortSession', handle, {}).catch(() => 0);
    throw e;
  }
  return Buffer.concat(out);
}

const cutsArb = fc.array(fc.nat({ max: 400 }), { maxLength: 5 });

test('AES encrypt/decrypt: any chunking gives node:crypto bytes', { timeout: 90_000 }, async () => {
  const arb = fc.record({
    mode: fc.constantFrom(...MODES),
    msg: fc.uint8Array({ maxLength: 200 }),
    aad: fc.uint8Array({ maxLength: 20 }),
    iv: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    encCuts: cutsArb,
    decCuts: cutsArb,
  });
  await assertProperty(fc.asyncProperty(arb, async (r) => {
    const gcm = r.mode.mode === M.HUKS_MODE_GCM;
    const msg = r.mode.aligned ? r.msg.subarray(0, r.msg.length - (r.msg.length % 16)) : r.msg;
    const iv = gcm ? r.iv.subarray(0, 12) : r.iv;
    const ecb = r.mode.mode === M.HUKS_MODE_ECB;
    const node = createCipheriv(r.mode.node, aesKey, ecb ? null : iv) as CipherGCM;
    if (gcm && r.aad.length) node.setAAD(r.aad);
    if (r.mode.aligned) node.setAutoPadding(false);
    const ct = Buffer.concat([node.update(msg), node.final()]);
    const tag = gcm ? node.getAuthTag() : Buffer.alloc(0);
    const base: Param[] = [
      p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_AES), p(T.HUKS_TAG_BLOCK_MODE, r.mode.mode),
      p(T.HUKS_TAG_PADDING, r.mode.padding),
    ];
    if (gcm) base.push(p(T.HUKS_TAG_NONCE, iv));
    else if (r.mode.mode !== M.HUKS_MODE_ECB) base.push(p(T.HUKS_TAG_IV, iv));
    if (gcm && r.aad.length) base.push(p(T.HUKS_TAG_AAD, r.aad));
    const encInit = [p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_ENCRYPT), ...base];
    const enc = await session('stream-aes', encInit, chunk(msg, r.encCuts, r.mode.aligned));
    const want = Buffer.concat([ct, tag]).toString('hex');
    assert.equal(enc.toString('hex'), want, `${r.mode.name} encrypt`);
    const decInit = [p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_DECRYPT), ...base];
    if (gcm) decInit.push(p(T.HUKS_TAG_AE_TAG, tag));
    const dec = await session('stream-aes', decInit, chunk(ct, r.decCuts, false));
    assert.equal(dec.toString('hex'), Buffer.from(msg).toString('hex'), `${r.mode.name} decrypt`);
  }), 200);
  assert.deepEqual(stray.map(show), []);
});

test('HMAC: any chunking gives node:crypto bytes', { timeout: 60_000 }, async () => {
  const arb = fc.record({
    digest: fc.constantFrom(['sha256', D.HUKS_DIGEST_SHA256], ['sha1', D.HUKS_DIGEST_SHA1],
      ['sha512', D.HUKS_DIGEST_SHA512], ['sm3', D.HUKS_DIGEST_SM3]),
    msg: fc.uint8Array({ maxLength: 300 }),
    cuts: cutsArb,
  });
  await assertProperty(fc.asyncProperty(arb, async (r) => {
    const [name, digest] = r.digest as [string, number];
    const init = [
      p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_HMAC), p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_MAC),
      p(T.HUKS_TAG_DIGEST, digest),
    ];
    const mac = await session('stream-hmac', init, chunk(r.msg, r.cuts, false), init);
    assert.equal(mac.toString('hex'), createHmac(name, hmacKey).update(r.msg).digest('hex'));
  }), 200);
});

test('ECDSA/Ed25519: sign then verify with any chunking; a changed message fails', async () => {
  const keys: Array<[string, Param[]]> = [
    ['stream-ecc', [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ECC), p(T.HUKS_TAG_KEY_SIZE, 256),
      p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256)]],
    ['stream-ed', [p(T.HUKS_TAG_ALGORITHM, A.HUKS_ALG_ED25519), p(T.HUKS_TAG_KEY_SIZE, 256)]],
  ];
  for (const [alias, props] of keys) {
    const purpose = p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_SIGN | P.HUKS_KEY_PURPOSE_VERIFY);
    await call('generateKeyItem', alias, { properties: [...props, purpose] });
  }
  const arb = fc.record({
    key: fc.constantFrom(...keys),
    msg: fc.uint8Array({ minLength: 1, maxLength: 200 }),
    signCuts: cutsArb,
    verifyCuts: cutsArb,
    flip: fc.nat(),
  });
  await assertProperty(fc.asyncProperty(arb, async (r) => {
    const [alias, props] = r.key;
    const base = props.filter((q) => q.tag !== T.HUKS_TAG_KEY_SIZE);
    const sign = [...base, p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_SIGN)];
    const sig = await session(alias, sign, chunk(r.msg, r.signCuts, false));
    const verify = [...base, p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_VERIFY)];
    // The message goes through updates only; finish carries the signature (sessions.md §7).
    const all = (m: Uint8Array): Plan => {
      const c = chunk(m, r.verifyCuts, false);
      return { updates: [...c.updates, c.finish].filter((u) => u.length > 0), finish: sig };
    };
    await session(alias, verify, all(r.msg));
    const bad = Uint8Array.from(r.msg);
    bad[r.flip % bad.length]! ^= 1;
    await assert.rejects(session(alias, verify, all(bad)), { code: 12000006 });
  }), 100);
});
