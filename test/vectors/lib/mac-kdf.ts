import { HuksKeyPurpose } from '../../../src/common/enums.js';
import { hexToBytes, num, str, toHex, type VGroup } from './files.js';
import {
  importKey, nextAlias, runSession, type HuksApi, type Outcome, type Param,
} from './huks.js';
import { ALG, DIGEST, p, T } from './material.js';
import type { Expect, Tally } from './tally.js';

const MAC = HuksKeyPurpose.HUKS_KEY_PURPOSE_MAC;
const DERIVE = HuksKeyPurpose.HUKS_KEY_PURPOSE_DERIVE;

export interface Ctx {
  huks: HuksApi;
  tally: Tally;
}

const imported = new Map<string, { alias: string; outcome: Outcome }>();

async function importCached(c: Ctx, id: string, props: Param[], key: Uint8Array) {
  let k = imported.get(id);
  if (!k) {
    const alias = nextAlias('mk');
    k = { alias, outcome: await importKey(c.huks, alias, props, key) };
    imported.set(id, k);
  }
  return k;
}

/** HUKS returns the full MAC; truncated vector tags are compared on their prefix. */
function truncate(o: Outcome, len: number): Outcome {
  return o.ok ? { ok: true, out: o.out.subarray(0, len) } : o;
}

/** Streaming MACs refuse an empty update (algorithms.md §1.6): empty messages go to finish. */
function macPlan(props: Param[], msg: Uint8Array) {
  const cut = Math.floor(msg.length / 2);
  return {
    init: props,
    updates: cut > 0 ? [msg.subarray(0, cut)] : [],
    finish: msg.subarray(cut),
    stepProps: props, // the MAC handlers read ALGORITHM from each call (algorithms.md §9.1)
  };
}

/**
 * HMAC vectors: raw key with ALGORITHM HMAC (and, for SM3, also as an SM3 key, §9.2).
 * `hash` is the Wycheproof hash name.
 */
export async function runMac(c: Ctx, g: VGroup, hash: string): Promise<void> {
  const digest = DIGEST[hash]!;
  const tagLen = num(g.tagSize, 'tagSize') / 8;
  const algs = hash === 'SM3' ? [ALG.HUKS_ALG_HMAC, ALG.HUKS_ALG_SM3] : [ALG.HUKS_ALG_HMAC];
  for (const t of g.tests) {
    const key = hexToBytes(t.key);
    const msg = hexToBytes(t.msg);
    const tag = str(t.tag, 'tag');
    const steps: Array<[Outcome, Expect]> = [];
    for (const alg of algs) {
      const keyProps = [
        p(T.HUKS_TAG_ALGORITHM, alg),
        p(T.HUKS_TAG_KEY_SIZE, key.length * 8),
        p(T.HUKS_TAG_PURPOSE, MAC),
        p(T.HUKS_TAG_DIGEST, digest),
      ];
      const k = await importCached(c, `${alg}/${digest}/${toHex(key)}`, keyProps, key);
      if (!k.outcome.ok) {
        steps.push([k.outcome, { kind: 'output', want: '' }]);
        break;
      }
      const init = [
        p(T.HUKS_TAG_ALGORITHM, alg), p(T.HUKS_TAG_PURPOSE, MAC), p(T.HUKS_TAG_DIGEST, digest),
      ];
      const o = truncate(await runSession(c.huks, k.alias, macPlan(init, msg)), tagLen);
      // An invalid MAC vector states a wrong tag: the keystore must not reproduce it.
      const e: Expect = t.result === 'valid'
        ? { kind: 'output', want: tag }
        : { kind: 'notReproduce', want: tag, codes: [] };
      steps.push([o, e]);
    }
    c.tally.checkAll(t, steps);
  }
}

/**
 * A derive base key is an AES (16/24/32 bytes) or DES (8 bytes) key (algorithms.md §10); other
 * lengths cannot be imported for derivation, so those vectors are skipped with that reason.
 */
function baseKeyAlg(len: number): { alg: number; name: string } | undefined {
  if (len === 16 || len === 24 || len === 32) return { alg: ALG.HUKS_ALG_AES, name: 'AES' };
  if (len === 8) return { alg: ALG.HUKS_ALG_DES, name: 'DES' };
  return undefined;
}

const DERIVE_DIGESTS = ['SHA-256', 'SHA-384', 'SHA-512'];

export async function runKdf(
  c: Ctx,
  g: VGroup,
  kdf: 'HKDF' | 'PBKDF2',
  hash: string,
): Promise<void> {
  const digest = DIGEST[hash]!;
  for (const t of g.tests) {
    const secret = hexToBytes(kdf === 'HKDF' ? t.ikm : t.password);
    const base = baseKeyAlg(secret.length);
    if (!base) {
      // No derive base key has this length: as an AES key it is refused at import (§1.4 step 1).
      const what = kdf === 'HKDF' ? 'IKM' : 'password';
      const asAes = [
        p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_AES),
        p(T.HUKS_TAG_KEY_SIZE, secret.length * 8),
        p(T.HUKS_TAG_PURPOSE, DERIVE),
      ];
      const k = await importCached(c, `aes-derive/${toHex(secret)}`, asAes, secret);
      c.tally.check(t, k.outcome, {
        kind: 'specRefuse',
        codes: [401],
        reason: `${what} not 8/16/24/32 bytes: no AES/DES base key (§1.4, §10)`,
      });
      continue;
    }
    const keyProps = [
      p(T.HUKS_TAG_ALGORITHM, base.alg),
      p(T.HUKS_TAG_KEY_SIZE, secret.length * 8),
      p(T.HUKS_TAG_PURPOSE, DERIVE),
      p(T.HUKS_TAG_DIGEST, digest),
    ];
    const k = await importCached(c, `derive/${digest}/${toHex(secret)}`, keyProps, secret);
    if (!DERIVE_DIGESTS.includes(hash)) {
      c.tally.check(t, k.outcome, {
        kind: 'specRefuse',
        codes: [12000003],
        reason: `${hash} is not a derive digest (DERIVE table, algorithms.md §1.2/§10)`,
      });
      continue;
    }
    if (!k.outcome.ok) {
      c.tally.check(t, k.outcome, { kind: 'output', want: '' });
      continue;
    }
    const salt = hexToBytes(t.salt);
    const size = num(kdf === 'HKDF' ? t.size : t.dkLen, 'size');
    const init: Param[] = [
      p(T.HUKS_TAG_ALGORITHM, kdf === 'HKDF' ? ALG.HUKS_ALG_HKDF : ALG.HUKS_ALG_PBKDF2),
      p(T.HUKS_TAG_PURPOSE, DERIVE),
      p(T.HUKS_TAG_DIGEST, digest),
      p(T.HUKS_TAG_DERIVE_KEY_SIZE, size),
      // Absent salt/info mean empty; an empty bytes tag would itself be a 401 (§1.1).
      ...(salt.length ? [p(T.HUKS_TAG_SALT, salt)] : []),
    ];
    if (kdf === 'HKDF') {
      const info = hexToBytes(t.info);
      if (info.length) init.push(p(T.HUKS_TAG_INFO, info));
    } else {
      init.push(p(T.HUKS_TAG_ITERATION, num(t.iterationCount, 'iterationCount')));
    }
    // The derivation runs in the single update, whose inData is ignored and may be empty (§10).
    const empty = new Uint8Array(0);
    const o = await runSession(c.huks, k.alias, { init, updates: [empty], finish: empty });
    const want = str(kdf === 'HKDF' ? t.okm : t.dk, 'output');
    if (t.result === 'valid') c.tally.check(t, o, { kind: 'output', want });
    else c.tally.check(t, o, { kind: 'notReproduce', want, codes: [12000006] }); // L > 255·HashLen
  }
}
