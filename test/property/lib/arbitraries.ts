import fc from 'fast-check';
import {
  HuksCipherMode,
  HuksKeyAlg,
  HuksKeyDigest,
  HuksKeyPadding,
  HuksKeyPurpose,
  HuksKeySize,
  HuksTag,
  InternalTag,
} from '../../../src/common/enums.js';

const values = (o: object): number[] => Object.values(o) as number[];

/** Aliases of keys that exist in the instance, so that calls get past the key lookup. */
export const POOL_ALIASES = ['pool-aes', 'pool-hmac', 'pool-ecc', 'pool-x25519', 'pool-derive'];

/** Tags: public, internal, made up, and ones with an invalid type nibble (0 or > 5). */
export const tagArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 24, arbitrary: fc.constantFrom(...values(HuksTag)) },
  { weight: 4, arbitrary: fc.constantFrom(...values(InternalTag)) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 0x60000001, 0xf0000003, -1, 1.5, NaN, 2 ** 40) },
  { weight: 1, arbitrary: fc.constantFrom('1', null, undefined, true, {}, 1n) },
);

const numberArb = fc.oneof(
  fc.integer({ min: -5, max: 600 }),
  fc.constantFrom(...values(HuksKeyAlg), ...values(HuksKeySize), ...values(HuksKeyPurpose)),
  fc.integer(),
  fc.constantFrom(-1, 0.5, NaN, Infinity, -Infinity, 2 ** 32, 2 ** 53, -(2 ** 63), 4294967295),
);

/** Uint8Array-like and not: every kind the binding distinguishes (api.md §2.4). */
export const bytesArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.uint8Array({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => b.subarray(1)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(new Int8Array(4), new Uint16Array(2), new Uint8ClampedArray(3),
      new Float64Array(1), new BigInt64Array(1)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(new ArrayBuffer(4), new DataView(new ArrayBuffer(2)), [1, 2],
      { 0: 1, length: 1 }),
  },
);

/** Any JS value, including the ones no binding expects. */
export const anythingArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -1, NaN, '', 'x', 1n, Symbol('s')),
  fc.constantFrom(() => 1, [], {}),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  bytesArb,
);

/** A value of the type the tag's nibble wants, most of the time (tags.md §1). */
function valueFor(tag: unknown): fc.Arbitrary<unknown> {
  const nibble = typeof tag === 'number' ? (tag >>> 28) & 0xf : -1;
  const typed = nibble === 4 ? fc.boolean() : nibble === 5 ? bytesArb : numberArb;
  return fc.oneof({ weight: 20, arbitrary: typed }, { weight: 1, arbitrary: anythingArb });
}

export const paramArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 30, arbitrary: tagArb.chain((tag) => valueFor(tag).map((value) => ({ tag, value }))) },
  { weight: 1, arbitrary: tagArb.map((tag) => ({ tag })) },
  { weight: 1, arbitrary: anythingArb },
);

const pick = <T>(o: Record<string, T>): fc.Arbitrary<T> => fc.constantFrom(...Object.values(o));

/** Parameter sets a keystore could accept: right types, plausible values. */
export const realisticParamsArb: fc.Arbitrary<unknown[]> = fc
  .record(
    {
      alg: pick(HuksKeyAlg),
      purpose: fc.oneof(pick(HuksKeyPurpose), fc.constantFrom(3, 12, 5, 0)),
      size: pick(HuksKeySize),
      digest: pick(HuksKeyDigest),
      padding: pick(HuksKeyPadding),
      mode: pick(HuksCipherMode),
      iv: fc.uint8Array({ minLength: 0, maxLength: 20 }),
      inData: fc.uint8Array({ maxLength: 64 }),
    },
    { requiredKeys: ['alg', 'purpose'] },
  )
  .map((r) => {
    const out: unknown[] = [
      { tag: HuksTag.HUKS_TAG_ALGORITHM, value: r.alg },
      { tag: HuksTag.HUKS_TAG_PURPOSE, value: r.purpose },
    ];
    if (r.size !== undefined) out.push({ tag: HuksTag.HUKS_TAG_KEY_SIZE, value: r.size });
    if (r.digest !== undefined) out.push({ tag: HuksTag.HUKS_TAG_DIGEST, value: r.digest });
    if (r.padding !== undefined) out.push({ tag: HuksTag.HUKS_TAG_PADDING, value: r.padding });
    if (r.mode !== undefined) out.push({ tag: HuksTag.HUKS_TAG_BLOCK_MODE, value: r.mode });
    if (r.iv !== undefined) out.push({ tag: HuksTag.HUKS_TAG_IV, value: r.iv });
    return out;
  });

export const propertiesArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.array(paramArb, { maxLength: 6 }) },
  { weight: 4, arbitrary: realisticParamsArb },
  {
    weight: 2,
    arbitrary: fc
      .tuple(realisticParamsArb, fc.array(paramArb, { maxLength: 3 }))
      .map(([a, b]) => [...a, ...b]),
  },
  // Over the 42-parameter capacity (api.md §2.4), and walks that stop at a hole.
  { weight: 1, arbitrary: fc.array(paramArb, { minLength: 43, maxLength: 50 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(undefined, null, 'props', 5, { 0: { tag: 1, value: 1 } }),
  },
);

/** HuksOptions: present, absent or explicit-undefined keys; or not an object at all. */
export const optionsArb: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record(
      { properties: propertiesArb, inData: fc.oneof(bytesArb, fc.constant(undefined)) },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 1, 'options', true, []) },
);

export const aliasArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...POOL_ALIASES) },
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.integer({ min: 120, max: 200 }).map((n) => 'a'.repeat(n)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 50 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('\uD800x', 'é'.repeat(70), '😀'.repeat(33), 'a\u0000b'),
  },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 1, {}, ['a'], 1n) },
);

export const handleArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0.5, NaN, Infinity, 2 ** 53, 2 ** 64) },
  { weight: 1, arbitrary: fc.constantFrom('1', null, undefined, {}, 1n) },
);

export const userIdArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(100, 0, 101) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom('100', null, undefined, NaN) },
);

export type ArgKind = 'alias' | 'options' | 'handle' | 'userId' | 'params' | 'bytes' | 'optAlias';

const BY_KIND: Record<ArgKind, fc.Arbitrary<unknown>> = {
  alias: aliasArb,
  options: optionsArb,
  handle: handleArb,
  userId: userIdArb,
  params: propertiesArb,
  bytes: bytesArb,
  optAlias: fc.oneof(aliasArb, fc.constant(undefined)),
};

/**
 * Arguments for a signature: each position usually of its declared kind, sometimes anything;
 * the count varies (missing trailing arguments, extra ones).
 */
export function argsArb(kinds: readonly ArgKind[]): fc.Arbitrary<unknown[]> {
  const slots = kinds.map((k) =>
    fc.oneof({ weight: 30, arbitrary: BY_KIND[k] }, { weight: 1, arbitrary: anythingArb }));
  const delta = fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, fc.constantFrom(-2, -1, 1));
  return fc.tuple(fc.tuple(...slots), delta, anythingArb).map(
    ([args, delta, extra]) => {
      if (delta < 0) return args.slice(0, Math.max(0, args.length + delta));
      return delta > 0 ? [...args, extra] : args;
    },
  );
}
