// Property: random session sequences (init/update/finish/abort over real keys, with mutated
// parameters, random data, random and stale handles, promise and callback forms) only deliver
// documented results and errors, and a session that ended stays ended (sessions.md §3-§4, §8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HuksCipherMode, HuksKeyAlg, HuksKeyDigest, HuksKeyPadding, HuksKeyPurpose, HuksTag,
} from '../../src/common/enums.js';
import { bytesArb, handleArb, paramArb, POOL_ALIASES, propertiesArb } from './lib/arbitraries.js';
import { invoke, show, stray, type Api, type Delivered } from './lib/check.js';
import { openApi, seedPool } from './lib/instance.js';

let api: { huks: Api; BusinessError: Function; done: () => Promise<void> };
let pool: string[] = [];
before(async () => {
  api = await openApi();
  pool = await seedPool(api.huks);
});
after(async () => api.done());

const T = HuksTag;
const P = HuksKeyPurpose;
type Param = { tag: number; value: unknown };
const p = (tag: number, value: unknown): Param => ({ tag, value });

/** Init parameters that suit each pool key; mutations then make many of them wrong. */
function baseInit(alias: string, purposeBit: number, iv: Uint8Array): Param[] {
  switch (alias) {
    case 'pool-aes':
      return [p(T.HUKS_TAG_ALGORITHM, HuksKeyAlg.HUKS_ALG_AES),
        p(T.HUKS_TAG_PURPOSE, purposeBit ? P.HUKS_KEY_PURPOSE_ENCRYPT : P.HUKS_KEY_PURPOSE_DECRYPT),
        p(T.HUKS_TAG_BLOCK_MODE, HuksCipherMode.HUKS_MODE_CBC),
        p(T.HUKS_TAG_PADDING, HuksKeyPadding.HUKS_PADDING_PKCS7), p(T.HUKS_TAG_IV, iv)];
    case 'pool-hmac':
      return [p(T.HUKS_TAG_ALGORITHM, HuksKeyAlg.HUKS_ALG_HMAC), p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_MAC),
        p(T.HUKS_TAG_DIGEST, HuksKeyDigest.HUKS_DIGEST_SHA256)];
    case 'pool-ecc':
      return [p(T.HUKS_TAG_ALGORITHM, HuksKeyAlg.HUKS_ALG_ECC),
        p(T.HUKS_TAG_PURPOSE, purposeBit ? P.HUKS_KEY_PURPOSE_SIGN : P.HUKS_KEY_PURPOSE_VERIFY),
        p(T.HUKS_TAG_DIGEST, HuksKeyDigest.HUKS_DIGEST_SHA256)];
    case 'pool-x25519':
      return [p(T.HUKS_TAG_ALGORITHM, HuksKeyAlg.HUKS_ALG_X25519), p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_AGREE)];
    default:
      return [p(T.HUKS_TAG_ALGORITHM, purposeBit ? HuksKeyAlg.HUKS_ALG_HKDF : HuksKeyAlg.HUKS_ALG_PBKDF2),
        p(T.HUKS_TAG_PURPOSE, P.HUKS_KEY_PURPOSE_DERIVE), p(T.HUKS_TAG_DIGEST, HuksKeyDigest.HUKS_DIGEST_SHA256),
        p(T.HUKS_TAG_DERIVE_KEY_SIZE, 32), p(T.HUKS_TAG_SALT, iv), p(T.HUKS_TAG_ITERATION, 100)];
  }
}

/** Expensive values are capped so that a run stays fast; they are not what is tested here. */
function capCost(props: unknown): unknown {
  if (!Array.isArray(props)) return props;
  return props.map((q: { tag?: unknown; value?: unknown } | null) => {
    if (q?.tag === T.HUKS_TAG_ITERATION && typeof q.value === 'number') return { ...q, value: Math.min(q.value, 1000) };
    if (q?.tag === T.HUKS_TAG_DERIVE_KEY_SIZE && typeof q.value === 'number') {
      return { ...q, value: Math.min(q.value, 4096) };
    }
    return q;
  });
}

const initArb = fc.record({
  op: fc.constant('init' as const),
  alias: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...POOL_ALIASES) }, { weight: 1, arbitrary: fc.string() }),
  purposeBit: fc.integer({ min: 0, max: 1 }),
  iv: fc.oneof({ weight: 4, arbitrary: fc.uint8Array({ minLength: 16, maxLength: 16 }) }, fc.uint8Array({ maxLength: 20 })),
  drop: fc.option(fc.nat(), { freq: 3 }),
  add: fc.array(paramArb, { maxLength: 2 }),
  callback: fc.boolean(),
});

const stepArb = fc.record({
  op: fc.constantFrom('update' as const, 'finish' as const, 'abort' as const),
  target: fc.oneof({ weight: 6, arbitrary: fc.nat().map((n) => ({ index: n })) }, { weight: 1, arbitrary: handleArb }),
  reuseInit: fc.boolean(),
  props: propertiesArb,
  inData: fc.oneof({ weight: 6, arbitrary: fc.uint8Array({ maxLength: 64 }) }, bytesArb, fc.constant(undefined)),
  token: fc.option(bytesArb, { freq: 5 }),
  callback: fc.boolean(),
});

type Op = fc.Arbitrary<unknown>;
const opsArb = fc.array(fc.oneof(initArb as Op, stepArb as Op, stepArb as Op), { minLength: 1, maxLength: 8 });

interface Live {
  handle: number;
  init: Param[];
  /** 'open', 'ended' (any later update/finish must give 12000011) or 'unknown'. */
  state: 'open' | 'ended' | 'unknown';
}

const rejectedCode = (d: Delivered): number | undefined => {
  const e = d.kind === 'rejected' ? d.error : d.kind === 'callback' && d.args.length === 1 ? d.args[0] : undefined;
  return (e as { code?: number } | undefined)?.code;
};
const succeeded = (d: Delivered): unknown =>
  d.kind === 'resolved' ? d.value : d.kind === 'callback' && d.args.length === 2 ? d.args[1] : undefined;
const reached = (d: Delivered): boolean => d.kind === 'resolved' || d.kind === 'rejected' || d.kind === 'callback';

async function runSequence(ops: unknown[]): Promise<void> {
  const live: Live[] = [];
  const problems: string[] = [];
  const log: string[] = [];
  try {
    for (const raw of ops) {
      const o = raw as Record<string, unknown>;
      if (o['op'] === 'init') {
        const alias = o['alias'] as string;
        let init = pool.includes(alias) ? baseInit(alias, o['purposeBit'] as number, o['iv'] as Uint8Array) : [];
        const drop = o['drop'] as number | null;
        if (drop !== null && init.length > 0) init = init.filter((_, i) => i !== drop % init.length);
        init = capCost([...init, ...(o['add'] as Param[])]) as Param[];
        const args: unknown[] = [alias, { properties: init }];
        if (o['callback']) args.push(() => undefined);
        const r = await invoke(api.huks, api.BusinessError, 'initSession', args, false);
        log.push(`initSession(${show(alias)}, ${show(init)}) -> ${show(r.delivered)}`);
        problems.push(...r.problems);
        const v = succeeded(r.delivered) as { handle?: unknown } | undefined;
        if (v !== undefined) {
          const h = v?.handle;
          if (typeof h !== 'number' || !Number.isInteger(h) || h < 0 || h >= 2 ** 53) {
            problems.push(`initSession delivered ${show(v)}: no usable handle (api.md §4.9)`);
          } else {
            for (const l of live) if (l.handle === h) l.state = 'unknown'; // a reissued number
            live.push({ handle: h, init, state: 'open' });
          }
        }
        continue;
      }
      const target = o['target'] as { index?: number } | unknown;
      const l = typeof (target as { index?: number })?.index === 'number' && live.length > 0
        ? live[(target as { index: number }).index % live.length]
        : undefined;
      const handle = l ? l.handle : typeof (target as { index?: number })?.index === 'number' ? 0x7fffffff : target;
      const options: Record<string, unknown> = {
        properties: o['reuseInit'] && l ? l.init : capCost(o['props']),
      };
      if (o['inData'] !== undefined) options['inData'] = o['inData'];
      const name = o['op'] === 'abort' ? 'abortSession' : o['op'] === 'update' ? 'updateSession' : 'finishSession';
      const args: unknown[] = [handle, options];
      if (name !== 'abortSession' && o['token'] !== null) args.push(o['token']);
      if (o['callback']) args.push(() => undefined);
      const r = await invoke(api.huks, api.BusinessError, name, args, false);
      log.push(`${name}(${args.map(show).join(', ')}) -> ${show(r.delivered)}`);
      problems.push(...r.problems);
      const code = rejectedCode(r.delivered);
      const value = succeeded(r.delivered);
      if (name !== 'abortSession' && value !== undefined) {
        // sessions.md §3.3 (openhuks decision): always { outData: Uint8Array }, never null.
        const out = (value as { outData?: unknown } | null)?.outData;
        if (!(out instanceof Uint8Array)) problems.push(`${name} delivered ${show(value)}, not { outData }`);
      }
      if (!l) continue;
      if (l.state === 'ended' && name !== 'abortSession' && reached(r.delivered) && code !== 12000011) {
        problems.push(`${name} on an ended session gave ${show(r.delivered)}, not 12000011 (§3.2)`);
      }
      if (!reached(r.delivered)) continue;
      if (name === 'abortSession') l.state = 'ended';
      else if (code === 401) l.state = l.state === 'ended' ? 'ended' : 'unknown';
      else if (name === 'finishSession' || code !== undefined) l.state = 'ended';
    }
  } finally {
    for (const l of live) await (api.huks['abortSession']!(l.handle, {}) as Promise<unknown>).catch(() => 0);
  }
  assert.deepEqual(problems, [], log.join('\n'));
}

test('random session sequences: documented outcomes, ended sessions stay ended', { timeout: 120_000 }, async () => {
  await fc.assert(fc.asyncProperty(opsArb, runSequence), { numRuns: 300 });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(stray.map(show), [], 'unhandled rejections or uncaught exceptions');
});
