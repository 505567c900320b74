import { HuksCipherMode, HuksKeyPadding, HuksKeyPurpose } from '../../../src/common/enums.js';
import { hexToBytes, num, str, type VGroup, type VTest } from './files.js';
import {
  importKey, nextAlias, runSession, type HuksApi, type Outcome, type Param,
} from './huks.js';
import { ALG, p, T } from './material.js';
import type { Expect, Tally } from './tally.js';

const MODE: Readonly<Record<string, number>> = {
  ECB: HuksCipherMode.HUKS_MODE_ECB,
  CBC: HuksCipherMode.HUKS_MODE_CBC,
  CTR: HuksCipherMode.HUKS_MODE_CTR,
  OFB: HuksCipherMode.HUKS_MODE_OFB,
  CFB: HuksCipherMode.HUKS_MODE_CFB,
  GCM: HuksCipherMode.HUKS_MODE_GCM,
  CCM: HuksCipherMode.HUKS_MODE_CCM,
};
const ENC = HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT;
const DEC = HuksKeyPurpose.HUKS_KEY_PURPOSE_DECRYPT;
const CRYPTO_FAIL = 12000006;
const ILLEGAL = 401;
const INVALID_ARG = 12000003;

export interface CipherCtx {
  huks: HuksApi;
  tally: Tally;
  /** HUKS algorithm of the file: AES or SM4. */
  alg: number;
}

/** One imported key per (key, mode, padding): the import outcome is cached with its alias. */
const keys = new Map<string, { alias: string; outcome: Outcome }>();

async function cipherKey(c: CipherCtx, key: Uint8Array, mode: number, padding: number) {
  const id = `${c.alg}/${Buffer.from(key).toString('hex')}/${mode}/${padding}`;
  let k = keys.get(id);
  if (!k) {
    const alias = nextAlias('sym');
    const props: Param[] = [
      p(T.HUKS_TAG_ALGORITHM, c.alg),
      p(T.HUKS_TAG_KEY_SIZE, key.length * 8),
      p(T.HUKS_TAG_PURPOSE, ENC | DEC),
      p(T.HUKS_TAG_BLOCK_MODE, mode),
      p(T.HUKS_TAG_PADDING, padding),
    ];
    k = { alias, outcome: await importKey(c.huks, alias, props, key) };
    keys.set(id, k);
  }
  return k;
}

/** Block modes without padding need block-aligned chunks (algorithms.md §2.1.1). */
function chunks(data: Uint8Array, aligned: boolean): { updates: Uint8Array[]; finish: Uint8Array } {
  if (data.length < 2) return { updates: [], finish: data };
  const cut = aligned ? Math.floor(data.length / 32) * 16 : Math.floor(data.length / 2);
  if (cut === 0) return { updates: [], finish: data };
  return { updates: [data.subarray(0, cut)], finish: data.subarray(cut) };
}

/** Alternates HUKS_TAG_AAD and HUKS_TAG_ASSOCIATED_DATA so that both spellings are used. */
function aadParam(t: VTest, aad: Uint8Array): Param[] {
  if (aad.length === 0) return []; // an empty bytes tag is itself a 401 (algorithms.md §1.1)
  return [p(t.tcId % 2 ? T.HUKS_TAG_AAD : T.HUKS_TAG_ASSOCIATED_DATA, aad)];
}

/** GCM/CCM vectors: AeadTest groups (mode from the file's algorithm or the group). */
export async function runAead(c: CipherCtx, g: VGroup, modeName: string): Promise<void> {
  const mode = MODE[modeName]!;
  const gcm = modeName === 'GCM';
  const tagLen = num(g.tagSize, 'tagSize') / 8;
  for (const t of g.tests) {
    const key = hexToBytes(t.key);
    const iv = hexToBytes(t.iv);
    const aad = hexToBytes(t.aad);
    const msg = hexToBytes(t.msg);
    const ct = str(t.ct, 'ct');
    const tag = str(t.tag, 'tag');
    const k = await cipherKey(c, key, mode, HuksKeyPadding.HUKS_PADDING_NONE);
    if (c.alg === ALG.HUKS_ALG_SM4) {
      // algorithms.md §2.2: SM4 has no GCM/CCM; the mode is refused at import.
      c.tally.check(t, k.outcome, {
        kind: 'specRefuse',
        codes: [INVALID_ARG],
        reason: `SM4 has no ${modeName} mode (algorithms.md §2.2)`,
      });
      continue;
    }
    if (!k.outcome.ok) {
      c.tally.check(t, k.outcome, { kind: 'output', want: '' });
      continue;
    }
    const base: Param[] = [
      p(T.HUKS_TAG_ALGORITHM, c.alg),
      p(T.HUKS_TAG_BLOCK_MODE, mode),
      p(T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_NONE),
      p(T.HUKS_TAG_NONCE, iv),
      ...aadParam(t, aad),
      ...(gcm && tagLen === 16 ? [] : [p(T.HUKS_TAG_AE_TAG_LEN, tagLen)]),
    ];
    const decrypt = (): Promise<Outcome> =>
      runSession(c.huks, k.alias, {
        init: [p(T.HUKS_TAG_PURPOSE, DEC), ...base, p(T.HUKS_TAG_AE_TAG, hexToBytes(tag))],
        ...chunks(hexToBytes(ct), false),
      });
    const encrypt = (): Promise<Outcome> =>
      runSession(c.huks, k.alias, {
        init: [p(T.HUKS_TAG_PURPOSE, ENC), ...base],
        ...chunks(msg, false),
      });

    // What the spec refuses before any crypto, in its order: empty bytes tag (§1.1) first.
    const nonceOk = gcm ? iv.length === 12 : iv.length >= 7 && iv.length <= 13;
    const tagOk = gcm ? tagLen === 16 : [4, 6, 8, 10, 12, 14, 16].includes(tagLen);
    let refusal: { code: number; why: string } | undefined;
    if (iv.length === 0) refusal = { code: ILLEGAL, why: 'empty NONCE bytes (§1.1)' };
    else if (!tagOk) refusal = { code: INVALID_ARG, why: `AE_TAG_LEN ${tagLen} (§2.1)` };
    else if (!nonceOk) {
      refusal = { code: INVALID_ARG, why: `${iv.length}-byte ${modeName} nonce [REC] §2.1` };
    }
    if (refusal) {
      if (t.result === 'invalid') {
        c.tally.checkAll(t, [
          [await encrypt(), { kind: 'refuse', codes: [refusal.code] }],
          [await decrypt(), { kind: 'refuse', codes: [refusal.code] }],
        ]);
      } else {
        // The [REC] pins the GCM nonce length for encryption only; decryption may go either way.
        c.tally.checkAll(t, [
          [await decrypt(), { kind: 'either', want: toHexStr(msg), codes: [refusal.code] }],
          [await encrypt(), { kind: 'specRefuse', codes: [refusal.code], reason: refusal.why }],
        ]);
      }
      continue;
    }
    if (t.result === 'valid') {
      c.tally.checkAll(t, [
        [await encrypt(), { kind: 'output', want: ct + tag }],
        [await decrypt(), { kind: 'output', want: toHexStr(msg) }],
      ]);
    } else {
      c.tally.check(t, await decrypt(), { kind: 'refuse', codes: [CRYPTO_FAIL] });
    }
  }
}

const toHexStr = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** ECB/CBC/CTR/CFB/OFB vectors (IndCpaTest), PKCS7 ("PKCS5" for AES-CBC) or no padding. */
export async function runIndCpa(c: CipherCtx, g: VGroup, modeName: string, pad: string) {
  const mode = MODE[modeName]!;
  const padded = pad !== 'NoPadding';
  const padding = padded ? HuksKeyPadding.HUKS_PADDING_PKCS7 : HuksKeyPadding.HUKS_PADDING_NONE;
  const aligned = !padded && (modeName === 'ECB' || modeName === 'CBC');
  for (const t of g.tests) {
    const k = await cipherKey(c, hexToBytes(t.key), mode, padding);
    if (!k.outcome.ok) {
      c.tally.check(t, k.outcome, { kind: 'output', want: '' });
      continue;
    }
    const iv = hexToBytes(t.iv);
    const base: Param[] = [
      p(T.HUKS_TAG_ALGORITHM, c.alg),
      p(T.HUKS_TAG_BLOCK_MODE, mode),
      p(T.HUKS_TAG_PADDING, padding),
      ...(modeName === 'ECB' ? [] : [p(T.HUKS_TAG_IV, iv)]),
    ];
    const run = (purpose: number, data: Uint8Array): Promise<Outcome> =>
      runSession(c.huks, k.alias, {
        init: [p(T.HUKS_TAG_PURPOSE, purpose), ...base],
        ...chunks(data, aligned),
      });
    const msg = str(t.msg, 'msg');
    const ct = str(t.ct, 'ct');
    if (t.result === 'valid') {
      const steps: Array<[Outcome, Expect]> = [
        [await run(ENC, hexToBytes(msg)), { kind: 'output', want: ct }],
        [await run(DEC, hexToBytes(ct)), { kind: 'output', want: msg }],
      ];
      c.tally.checkAll(t, steps);
    } else {
      // Bad padding or a ragged length: the decryption fails in the engine (§2.1.1).
      c.tally.check(t, await run(DEC, hexToBytes(ct)), { kind: 'refuse', codes: [CRYPTO_FAIL] });
    }
  }
}
