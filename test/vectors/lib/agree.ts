import { createPrivateKey, createPublicKey } from 'node:crypto';
import { HuksImportKeyType, HuksKeyPurpose } from '../../../src/common/enums.js';
import { hexToBytes, num, str, toHex, type VGroup, type VTest } from './files.js';
import {
  importKey, nextAlias, runSession, type HuksApi, type Outcome, type Param,
} from './huks.js';
import { ALG, CURVES, eccMaterial, eccPublic, p, pairMaterial, T, unsigned } from './material.js';
import type { Expect, Tally } from './tally.js';
import { BUDGET_REASON, sampled } from './budget.js';

const AGREE = HuksKeyPurpose.HUKS_KEY_PURPOSE_AGREE;
const KEY_PAIR = HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR;
const PRIVATE_KEY = HuksImportKeyType.HUKS_KEY_TYPE_PRIVATE_KEY;

export interface Ctx {
  huks: HuksApi;
  tally: Tally;
}

/** Own keys are imported once per private value (many vectors share one). */
const own = new Map<string, { alias: string; outcome: Outcome }>();

async function ownKey(c: Ctx, id: string, props: Param[], material: Uint8Array) {
  let k = own.get(id);
  if (!k) {
    const alias = nextAlias('agree');
    k = { alias, outcome: await importKey(c.huks, alias, props, material) };
    own.set(id, k);
  }
  return k;
}

/** Exactly one update with the peer key; finish returns the secret (algorithms.md §8). */
const agreePlan = (init: Param[], peer: Uint8Array) => ({
  init, updates: [peer], finish: new Uint8Array(0),
});

/**
 * ECDH: own key as ECC key-pair material (z from the vector, x/y computed), peer as the SPKI
 * given. The spec: a malformed peer key gives 401, a wrong curve or invalid point 12000006.
 */
export async function runEcdh(c: Ctx, g: VGroup): Promise<void> {
  const curve = str(g.curve, 'curve');
  const bits = CURVES[curve]!.bits;
  const props = [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_ECC),
    p(T.HUKS_TAG_KEY_SIZE, bits),
    p(T.HUKS_TAG_PURPOSE, AGREE),
    p(T.HUKS_TAG_IMPORT_KEY_TYPE, KEY_PAIR),
  ];
  const init = [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_ECDH),
    p(T.HUKS_TAG_PURPOSE, AGREE),
    p(T.HUKS_TAG_KEY_SIZE, bits),
  ];
  for (const t of g.tests) {
    // Each vector has its own private key: an import plus an agreement, ~10-20 ms on P-384/521.
    if (!sampled(t, 4)) {
      c.tally.skip(t, BUDGET_REASON + ': 1 in 4 valid/acceptable cases run');
      continue;
    }
    const z = unsigned(str(t.private, 'private'));
    const { x, y } = eccPublic(curve, z);
    const k = await ownKey(c, `ecdh/${curve}/${toHex(z)}`, props, eccMaterial(bits, x, y, z));
    if (!k.outcome.ok) {
      c.tally.check(t, k.outcome, { kind: 'output', want: '' });
      continue;
    }
    const o = await runSession(c.huks, k.alias, agreePlan(init, hexToBytes(t.public)));
    const flags = t.flags ?? [];
    // Wrong curve and off-curve points are pinned by §8; other defects may be caught while
    // parsing (401) or in the engine (12000006), the spec does not say which.
    const pinned = flags.includes('WrongCurve') || flags.includes('InvalidCurveAttack');
    const codes = pinned ? [12000006] : [401, 12000006];
    c.tally.check(t, o, expectFor(t, str(t.shared, 'shared'), codes));
  }
}

function expectFor(t: VTest, shared: string, codes: number[]): Expect {
  if (t.result === 'valid') return { kind: 'output', want: shared };
  if (t.result === 'invalid') return { kind: 'refuse', codes };
  return { kind: 'either', want: shared, codes };
}

/** Raw 32 bytes of an X25519 SPKI/PKCS#8, or undefined if it is not an X25519 key. */
function rawX25519(der: Uint8Array, kind: 'spki' | 'pkcs8'): Uint8Array | undefined {
  try {
    const key = kind === 'spki'
      ? createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' })
      : createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'x25519') return undefined;
    const jwk = key.export({ format: 'jwk' });
    return new Uint8Array(Buffer.from(String(kind === 'spki' ? jwk.x : jwk.d), 'base64url'));
  } catch {
    return undefined;
  }
}

function x25519PublicOf(pri: Uint8Array): Uint8Array {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), pri]);
  const jwk = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }))
    .export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(String(jwk.x), 'base64url'));
}

/**
 * X25519: HUKS takes raw 32-byte keys (algorithms.md §8.2, key-formats.md §2). The ASN.1 file
 * is converted to raw bytes; where its DER is not an X25519 key the DER itself is passed, which
 * the keystore must refuse with 401 (not 32 bytes). Own keys alternate between key-pair
 * material and the raw private key, so both import formats are used.
 */
export async function runX25519(c: Ctx, g: VGroup, asn: boolean): Promise<void> {
  const init = [p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_X25519), p(T.HUKS_TAG_PURPOSE, AGREE)];
  for (const t of g.tests) {
    const priDer = hexToBytes(t.private);
    const pubDer = hexToBytes(t.public);
    const pri = asn ? rawX25519(priDer, 'pkcs8') ?? priDer : priDer;
    const pub = asn ? rawX25519(pubDer, 'spki') ?? pubDer : pubDer;
    const pair = t.tcId % 2 === 0 && pri.length === 32;
    const props = [
      p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_X25519),
      p(T.HUKS_TAG_KEY_SIZE, 256),
      p(T.HUKS_TAG_PURPOSE, AGREE),
      p(T.HUKS_TAG_IMPORT_KEY_TYPE, pair ? KEY_PAIR : PRIVATE_KEY),
    ];
    const material = pair ? pairMaterial(ALG.HUKS_ALG_X25519, 256, x25519PublicOf(pri), pri) : pri;
    const k = await ownKey(c, `x25519/${pair}/${toHex(pri)}`, props, material);
    const shared = str(t.shared, 'shared');
    if (t.result === 'invalid') {
      // Only DER-level defects are invalid here; they reach HUKS as non-32-byte keys: 401.
      const o = k.outcome.ok ? await runSession(c.huks, k.alias, agreePlan(init, pub)) : k.outcome;
      c.tally.check(t, o, { kind: 'refuse', codes: [401] });
      continue;
    }
    if (!k.outcome.ok) {
      c.tally.check(t, k.outcome, { kind: 'output', want: '' });
      continue;
    }
    const o = await runSession(c.huks, k.alias, agreePlan(init, pub));
    if (/^(00)+$/.test(shared)) {
      c.tally.check(t, o, {
        kind: 'specRefuse',
        codes: [12000006],
        reason: 'all-zero X25519 secret (algorithms.md §8.2)',
      });
    } else c.tally.check(t, o, expectFor(t, shared, [12000006]));
  }
}

/** FFDHE: own key-pair material y‖x (key-formats.md §3.4), peer SPKI DER (§5.5). */
export async function runDh(c: Ctx, g: VGroup): Promise<void> {
  const bits = num(g.keySize, 'keySize');
  const props = [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_DH),
    p(T.HUKS_TAG_KEY_SIZE, bits),
    p(T.HUKS_TAG_PURPOSE, AGREE),
    p(T.HUKS_TAG_IMPORT_KEY_TYPE, KEY_PAIR),
  ];
  const init = [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_DH),
    p(T.HUKS_TAG_PURPOSE, AGREE),
    p(T.HUKS_TAG_KEY_SIZE, bits),
  ];
  for (const t of g.tests) {
    const y = unsigned(str(t.publicY, 'publicY'));
    const x = unsigned(str(t.privateX, 'privateX'));
    const k = await ownKey(c, `dh/${toHex(x)}`, props, pairMaterial(ALG.HUKS_ALG_DH, bits, y, x));
    if (!k.outcome.ok) {
      c.tally.check(t, k.outcome, { kind: 'output', want: '' });
      continue;
    }
    const o = await runSession(c.huks, k.alias, agreePlan(init, hexToBytes(t.peerPublic)));
    // The secret is left-padded to len(p) and cut to KEY_SIZE/8 = all of it (§8.3).
    c.tally.check(t, o, expectFor(t, str(t.sharedPadded, 'sharedPadded'), [12000006]));
  }
}
