// Property: every namespace function, fed random arguments (random tags and values of right
// and wrong types, random bytes, odd aliases, wrong arities), in promise and callback form,
// either delivers a documented result or fails through a documented channel with a documented
// code and message (errors.md §1, §2, §6); nothing escapes as an unhandled rejection or crash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HuksTag } from '../../src/common/enums.js';
import { argsArb, anythingArb } from './lib/arbitraries.js';
import { assertProperty, invoke, show, stray, type Api } from './lib/check.js';
import { API8, AS_USER, V9, type Signature } from './lib/signatures.js';
import { openApi, seedPool } from './lib/instance.js';

type Opened = { huks: Api; BusinessError: Function; done: () => Promise<void> };
let api: Opened;
/** A system app: its *AsUser calls pass the 202 check and reach the keystore. */
let system: Opened;
before(async () => {
  api = await openApi();
  await seedPool(api.huks);
  system = await openApi({ system: true });
  await seedPool(system.huks);
});
after(async () => {
  await api.done();
  await system.done();
});

/** Key generation with huge sizes would make a run slow, not wrong: cap RSA/DSA and the rest. */
function capSizes(args: unknown[], sig: Signature): unknown[] {
  if (!sig.generates) return args;
  return args.map((a) => {
    const props0 = (a as { properties?: unknown } | null)?.properties;
    if (a === null || typeof a !== 'object' || !Array.isArray(props0)) return a;
    const props = (a as { properties: unknown[] }).properties.map((p) => {
      const q = p as { tag?: unknown; value?: unknown } | null;
      if (q?.tag === HuksTag.HUKS_TAG_KEY_SIZE && typeof q.value === 'number' && q.value > 1024) {
        return { ...q, value: 1024 };
      }
      return p;
    });
    return { ...(a as object), properties: props };
  });
}

/** Runs one random call of one of `sigs`, in promise form or with a callback at its index. */
function callProperty(sigs: readonly Signature[], on: () => Opened = () => api) {
  const call = fc
    .constantFrom(...sigs)
    .chain((sig) => fc.tuple(fc.constant(sig), argsArb(sig.args), fc.boolean(), anythingArb));
  return fc.asyncProperty(call, async ([sig, rawArgs, withCallback, filler]) => {
    let args = capSizes(rawArgs, sig);
    if (withCallback && sig.callback !== undefined) {
      args = [...args];
      while (args.length < sig.callback) args.push(filler);
      args[sig.callback] = () => undefined; // replaced by a spy in invoke
    }
    const api8 = sig.api8 === true;
    const { huks, BusinessError } = on();
    const { problems } = await invoke(huks, BusinessError, sig.name, args, api8);
    assert.deepEqual(problems, [], `${sig.name}(${args.map(show).join(', ')})`);
  });
}

async function noStrays(): Promise<void> {
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(stray.map(show), [], 'unhandled rejections or uncaught exceptions');
}

test('v9+ functions: documented results and errors', { timeout: 120_000 }, async () => {
  await assertProperty(callProperty(V9), 500);
  await noStrays();
});

test('*AsUser functions (ordinary app): documented results', { timeout: 60_000 }, async () => {
  await assertProperty(callProperty(AS_USER), 200);
  await noStrays();
});

test('*AsUser functions (system app): documented results', { timeout: 60_000 }, async () => {
  await assertProperty(callProperty(AS_USER, () => system), 200);
  await noStrays();
});

test('API-8 functions: never reject, raw codes', { timeout: 60_000 }, async () => {
  await assertProperty(callProperty(API8), 300);
  await noStrays();
});

test('getSdkVersion ignores its argument', async () => {
  await fc.assert(
    fc.property(anythingArb, (a) => {
      assert.equal((api.huks['getSdkVersion'] as (x: unknown) => unknown)(a), '2.0.0.5');
    }),
    { numRuns: 50 },
  );
});
