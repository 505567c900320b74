import {
  HuksImportKeyType,
  HuksKeyPadding,
  HuksKeyPurpose,
  HuksRsaPssSaltLenType,
} from '../../../src/common/enums.js';
import { hexToBytes, num, str, type VGroup, type VTest } from './files.js';
import {
  importKey, nextAlias, runSession, type HuksApi, type Outcome, type Param,
} from './huks.js';
import {
  ALG, CURVES, DIGEST, HASH_LEN, p, pairMaterial, rsaMaterial, T, unsigned,
} from './material.js';
import type { Expect, Tally } from './tally.js';

const SIGN = HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN;
const VERIFY = HuksKeyPurpose.HUKS_KEY_PURPOSE_VERIFY;

export interface Ctx {
  huks: HuksApi;
  tally: Tally;
}

/** The message of a verification goes through updates only; finish carries the signature. */
function verifyPlan(init: Param[], msg: Uint8Array, sig: Uint8Array) {
  const cut = Math.ceil(msg.length / 2);
  const updates = [msg.subarray(0, cut), msg.subarray(cut)].filter((c) => c.length > 0);
  return { init, updates, finish: sig }; // empty updates are a 401 for hashed streams (§1.6)
}

/** Signing: half the message in an update, the rest in finish (included for SIGN, §3.2). */
function signPlan(init: Param[], msg: Uint8Array) {
  const cut = Math.floor(msg.length / 2);
  return { init, updates: cut > 0 ? [msg.subarray(0, cut)] : [], finish: msg.subarray(cut) };
}

/** A verification scheme: how to import the group's public key and which codes refusals use. */
export interface Scheme {
  name: string;
  /** Import properties and key bytes, or a skip reason. */
  key(g: VGroup): { props: Param[]; key: Uint8Array } | { skip: string };
  init(g: VGroup): Param[];
  /** The spec's code for a signature that does not verify (algorithms.md §3.2, §4, §6, §7). */
  refusal(g: VGroup, sig: Uint8Array): number;
}

function sigCode(sig: Uint8Array, maxLen: number | undefined, minLen = 0): number {
  if (sig.length === 0) return 401; // empty finish inData of a VERIFY (§1.6)
  if (maxLen !== undefined && sig.length > maxLen) return 12000003; // INVALID_SIGNATURE_SIZE
  if (sig.length < minLen) return 12000003;
  return 12000006;
}

const digestOf = (g: VGroup): number => {
  const d = DIGEST[str(g.sha, 'sha')];
  if (d === undefined) throw new Error('unsupported hash ' + String(g.sha));
  return d;
};

export const ECDSA: Scheme = {
  name: 'ECDSA',
  key(g) {
    const pk = g.publicKey as { curve: string };
    const c = CURVES[pk.curve];
    if (!c) return { skip: `curve ${pk.curve} is not a HUKS ECC size (algorithms.md §4)` };
    const props = [
      p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_ECC),
      p(T.HUKS_TAG_KEY_SIZE, c.bits),
      p(T.HUKS_TAG_PURPOSE, VERIFY),
      p(T.HUKS_TAG_DIGEST, digestOf(g)),
    ];
    return { props, key: hexToBytes(g.publicKeyDer) }; // SPKI DER, key-formats.md §2
  },
  init: (g) => [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_ECC),
    p(T.HUKS_TAG_PURPOSE, VERIFY),
    p(T.HUKS_TAG_DIGEST, digestOf(g)),
  ],
  refusal(g, sig) {
    const bits = CURVES[(g.publicKey as { curve: string }).curve]!.bits;
    return sigCode(sig, 2 * (Math.floor(bits / 8) + (bits % 8)) + 8); // algorithms.md §4
  },
};

export const DSA: Scheme = {
  name: 'DSA',
  key(g) {
    const pk = (g.publicKey ?? g.key) as { keySize: number };
    const props = [
      p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_DSA),
      p(T.HUKS_TAG_KEY_SIZE, pk.keySize), // DSA skips the size comparison (§1.4 step 6)
      p(T.HUKS_TAG_PURPOSE, VERIFY),
      p(T.HUKS_TAG_DIGEST, digestOf(g)),
    ];
    return { props, key: hexToBytes(g.publicKeyDer ?? g.keyDer) };
  },
  init: (g) => [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_DSA),
    p(T.HUKS_TAG_PURPOSE, VERIFY),
    p(T.HUKS_TAG_DIGEST, digestOf(g)),
  ],
  refusal: (_g, sig) => sigCode(sig, undefined), // no DSA size bound in §7
};

const rsaBytes = (g: VGroup): number =>
  unsigned(str((g.publicKey as { modulus: string }).modulus, 'modulus')).length;

function rsaVerifyScheme(padding: number, name: string): Scheme {
  const pss = padding === HuksKeyPadding.HUKS_PADDING_PSS;
  const saltType = (g: VGroup): number | string => {
    const sha = str(g.sha, 'sha');
    if (g.mgf !== 'MGF1' || g.mgfSha !== sha) {
      return `MGF1 with ${String(g.mgfSha)} differs from ${sha}; HUKS uses one hash (§3.2)`;
    }
    const sLen = num(g.sLen, 'sLen');
    const emLen = Math.ceil((num(g.keySize, 'keySize') - 1) / 8);
    if (sLen === HASH_LEN[sha]) return HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_DIGEST;
    if (sLen === emLen - HASH_LEN[sha]! - 2) return HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_MAX;
    return `salt length is neither DIGEST (hash length) nor MAX (§3.2)`;
  };
  const common = (g: VGroup): Param[] => {
    const s = pss ? saltType(g) : undefined;
    return [
      p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_RSA),
      p(T.HUKS_TAG_PURPOSE, VERIFY),
      p(T.HUKS_TAG_DIGEST, digestOf(g)),
      p(T.HUKS_TAG_PADDING, padding),
      ...(typeof s === 'number' ? [p(T.HUKS_TAG_RSA_PSS_SALT_LEN_TYPE, s)] : []),
    ];
  };
  return {
    name,
    key(g) {
      if (DIGEST[str(g.sha, 'sha')] === undefined) return { skip: `hash ${String(g.sha)}` };
      const s = pss ? saltType(g) : undefined;
      if (typeof s === 'string') return { skip: s };
      const props = [...common(g), p(T.HUKS_TAG_KEY_SIZE, rsaBytes(g) * 8)];
      return { props, key: hexToBytes(g.publicKeyDer) };
    },
    init: common,
    refusal: (g, sig) => sigCode(sig, rsaBytes(g)), // longer than k: 12000003 (§3.2)
  };
}

export const RSA_PKCS1 = rsaVerifyScheme(HuksKeyPadding.HUKS_PADDING_PKCS1_V1_5, 'RSA PKCS1');
export const RSA_PSS = rsaVerifyScheme(HuksKeyPadding.HUKS_PADDING_PSS, 'RSA PSS');

export const ED25519: Scheme = {
  name: 'Ed25519',
  key(g) {
    const props = [
      p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_ED25519),
      p(T.HUKS_TAG_KEY_SIZE, 256),
      p(T.HUKS_TAG_PURPOSE, VERIFY),
    ];
    return { props, key: hexToBytes((g.publicKey as { pk: string }).pk) }; // raw 32 bytes
  },
  init: () => [p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_ED25519), p(T.HUKS_TAG_PURPOSE, VERIFY)],
  refusal: (_g, sig) => sigCode(sig, undefined, 64), // shorter than 64: 12000003 (§6)
};

/** Verification vectors: one public-key import per group, one session per test. */
export async function runVerify(c: Ctx, s: Scheme, g: VGroup): Promise<void> {
  const k = s.key(g);
  if ('skip' in k) {
    for (const t of g.tests) c.tally.skip(t, k.skip);
    return;
  }
  const alias = nextAlias('pub');
  const imported = await importKey(c.huks, alias, k.props, k.key);
  for (const t of g.tests) {
    if (!imported.ok) {
      c.tally.check(t, imported, { kind: 'output', want: '' });
      continue;
    }
    const sig = hexToBytes(t.sig);
    const o = await runSession(c.huks, alias, verifyPlan(s.init(g), hexToBytes(t.msg), sig));
    const code = s.refusal(g, sig);
    const e: Expect =
      t.result === 'valid' ? { kind: 'output', want: '' }
        : t.result === 'invalid' ? { kind: 'refuse', codes: [code] }
          : { kind: 'either', want: '', codes: [code] };
    c.tally.check(t, o, e);
  }
  await c.huks.deleteKeyItem(alias, { properties: [] }).catch(() => undefined);
}

const KEY_PAIR = HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR;

/** RSASSA-PKCS1-v1_5 generation vectors: deterministic, so the signature must match exactly. */
export async function runRsaSign(c: Ctx, g: VGroup): Promise<void> {
  const pk = g.privateKey as { modulus: string; publicExponent: string; privateExponent: string };
  const n = unsigned(pk.modulus);
  const bits = num(g.keySize, 'keySize');
  const base = [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_RSA),
    p(T.HUKS_TAG_DIGEST, digestOf(g)),
    p(T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_PKCS1_V1_5),
  ];
  const alias = nextAlias('rsasig');
  const material = rsaMaterial(bits, n, unsigned(pk.publicExponent), unsigned(pk.privateExponent));
  const props = [...base, p(T.HUKS_TAG_KEY_SIZE, bits), p(T.HUKS_TAG_PURPOSE, SIGN | VERIFY),
    p(T.HUKS_TAG_IMPORT_KEY_TYPE, KEY_PAIR)];
  const imported = await importKey(c.huks, alias, props, material);
  for (const t of g.tests) await signAndVerify(c, t, imported, alias, base);
  await c.huks.deleteKeyItem(alias, { properties: [] }).catch(() => undefined);
}

async function signAndVerify(c: Ctx, t: VTest, imported: Outcome, alias: string, base: Param[]) {
  if (!imported.ok) {
    c.tally.check(t, imported, { kind: 'output', want: '' });
    return;
  }
  const msg = hexToBytes(t.msg);
  const sig = str(t.sig, 'sig');
  // "acceptable" here only flags a weak key or hash; the signature is still exact (README).
  c.tally.checkAll(t, [
    [await runSession(c.huks, alias, signPlan([p(T.HUKS_TAG_PURPOSE, SIGN), ...base], msg)),
      { kind: 'output', want: sig }],
    [await runSession(c.huks, alias,
      verifyPlan([p(T.HUKS_TAG_PURPOSE, VERIFY), ...base], msg, hexToBytes(sig))),
    { kind: 'output', want: '' }],
  ]);
}

/** RFC 8032 signing: key pair material pk‖sk (§3.4) and the raw private key (§2). */
export async function runEd25519Sign(c: Ctx, g: VGroup): Promise<void> {
  const pub = hexToBytes(g.publicKey);
  const pri = hexToBytes(g.privateKey);
  const base = [p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_ED25519)];
  const props = (type: number, purpose: number) => [...base, p(T.HUKS_TAG_KEY_SIZE, 256),
    p(T.HUKS_TAG_PURPOSE, purpose), p(T.HUKS_TAG_IMPORT_KEY_TYPE, type)];
  const pairAlias = nextAlias('ed');
  const pair = await importKey(c.huks, pairAlias, props(KEY_PAIR, SIGN | VERIFY),
    pairMaterial(ALG.HUKS_ALG_ED25519, 256, pub, pri));
  const priAlias = nextAlias('ed');
  const priOnly = await importKey(c.huks, priAlias,
    props(HuksImportKeyType.HUKS_KEY_TYPE_PRIVATE_KEY, SIGN), pri);
  for (const t of g.tests) {
    const msg = hexToBytes(t.msg);
    const sig = str(t.sig, 'sig');
    const steps: Array<[Outcome, Expect]> = [];
    for (const [alias, imported] of [[pairAlias, pair], [priAlias, priOnly]] as const) {
      if (!imported.ok) {
        steps.push([imported, { kind: 'output', want: '' }]);
        continue;
      }
      const plan = signPlan([...base, p(T.HUKS_TAG_PURPOSE, SIGN)], msg);
      steps.push([await runSession(c.huks, alias, plan), { kind: 'output', want: sig }]);
    }
    const verify = verifyPlan([...base, p(T.HUKS_TAG_PURPOSE, VERIFY)], msg, hexToBytes(sig));
    steps.push([await runSession(c.huks, pairAlias, verify), { kind: 'output', want: '' }]);
    c.tally.checkAll(t, steps);
  }
}
