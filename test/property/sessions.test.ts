// Property: random session sequences (init/update/finish/abort over real keys, with mutated
// parameters, random data, random and stale handles, promise and callback forms) only deliver
// documented results and errors, and a session that ended stays ended (sessions.md §3-§4, §8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HuksTag as T } from '../../src/common/enums.js';
import {
  bytesArb, handleArb, paramArb, POOL_ALIASES, propertiesArb,
} from './lib/arbitraries.js';
import {
  assertProperty, invoke, show, stray, type Api, type Delivered,
} from './lib/check.js';
import { baseInit, openApi, seedPool, type Param } from './lib/instance.js';

let api: { huks: Api; BusinessError: Function; done: () => Promise<void> };
let pool: string[] = [];
before(async () => {
  api = await openApi();
  pool = await seedPool(api.huks);
});
after(async () => api.done());

/** Expensive values are capped so that a run stays fast; they are not what is tested here. */
function capCost(props: unknown): unknown {
  if (!Array.isArray(props)) return props;
  const caps = new Map<unknown, number>([
    [T.HUKS_TAG_ITERATION, 1000],
    [T.HUKS_TAG_DERIVE_KEY_SIZE, 4096],
  ]);
  return props.map((q: { tag?: unknown; value?: unknown } | null) => {
    const cap = caps.get(q?.tag);
    if (cap === undefined || typeof q?.value !== 'number') return q;
    return { ...q, value: Math.min(q.value, cap) };
  });
}

const initArb = fc.record({
  op: fc.constant('init' as const),
  alias: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...POOL_ALIASES) },
    { weight: 1, arbitrary: fc.string() },
  ),
  flip: fc.boolean(),
  iv: fc.oneof(
    { weight: 4, arbitrary: fc.uint8Array({ minLength: 16, maxLength: 16 }) },
    fc.uint8Array({ maxLength: 20 }),
  ),
  drop: fc.option(fc.nat(), { freq: 3 }),
  add: fc.array(paramArb, { maxLength: 2 }),
  callback: fc.boolean(),
});

const stepArb = fc.record({
  op: fc.constantFrom('updateSession', 'finishSession', 'abortSession'),
  /** An index into the sessions opened so far, or any handle value at all. */
  target: fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((n) => ({ index: n })) },
    { weight: 1, arbitrary: handleArb },
  ),
  reuseInit: fc.boolean(),
  props: propertiesArb,
  inData: fc.oneof(
    { weight: 6, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    bytesArb,
    fc.constant(undefined),
  ),
  token: fc.option(bytesArb, { freq: 5 }),
  callback: fc.boolean(),
});

type InitOp = typeof initArb extends fc.Arbitrary<infer X> ? X : never;
type StepOp = typeof stepArb extends fc.Arbitrary<infer X> ? X : never;
type Op = InitOp | StepOp;
const opArb: fc.Arbitrary<Op> = fc.oneof(initArb as fc.Arbitrary<Op>, stepArb, stepArb);
const opsArb = fc.array(opArb, { minLength: 1, maxLength: 8 });

interface Live {
  handle: number;
  init: Param[];
  /** 'ended': any later update/finish must give 12000011; 'unknown' after an ambiguous 401. */
  state: 'open' | 'ended' | 'unknown';
}

function errorOf(d: Delivered): { code?: number } | undefined {
  if (d.kind === 'rejected') return d.error as { code?: number };
  if (d.kind === 'callback' && d.args.length === 1) return d.args[0] as { code?: number };
  return undefined;
}

function valueOf(d: Delivered): unknown {
  if (d.kind === 'resolved') return d.value;
  if (d.kind === 'callback' && d.args.length === 2) return d.args[1];
  return undefined;
}

/** Whether the call got past argument parsing (a synchronous throw never reaches a session). */
const reached = (d: Delivered): boolean =>
  d.kind === 'resolved' || d.kind === 'rejected' || d.kind === 'callback';

class Sequence {
  readonly live: Live[] = [];
  readonly problems: string[] = [];
  readonly log: string[] = [];

  private async call(name: string, args: unknown[]): Promise<Delivered> {
    const r = await invoke(api.huks, api.BusinessError, name, args, false);
    this.log.push(`${name}(${args.map(show).join(', ')}) -> ${show(r.delivered)}`);
    this.problems.push(...r.problems);
    return r.delivered;
  }

  async init(o: InitOp): Promise<void> {
    let init = pool.includes(o.alias) ? baseInit(o.alias, o.flip, o.iv) : [];
    const drop = o.drop;
    if (drop !== null && init.length > 0) init = init.filter((_, i) => i !== drop % init.length);
    init = capCost([...init, ...(o.add as Param[])]) as Param[];
    const args: unknown[] = [o.alias, { properties: init }];
    if (o.callback) args.push(() => undefined);
    const v = valueOf(await this.call('initSession', args)) as { handle?: unknown } | undefined;
    if (v === undefined) return;
    const h = v?.handle;
    if (typeof h !== 'number' || !Number.isInteger(h) || h < 0 || h >= 2 ** 53) {
      this.problems.push(`initSession delivered ${show(v)}: no usable handle (api.md §4.9)`);
      return;
    }
    for (const l of this.live) if (l.handle === h) l.state = 'unknown'; // a reissued number
    this.live.push({ handle: h, init, state: 'open' });
  }

  async step(o: StepOp): Promise<void> {
    const index = (o.target as { index?: unknown })?.index;
    const l = typeof index === 'number' && this.live.length > 0
      ? this.live[index % this.live.length]
      : undefined;
    const handle = l ? l.handle : typeof index === 'number' ? 0x7fffffff : o.target;
    const options: Record<string, unknown> = {
      properties: o.reuseInit && l ? l.init : capCost(o.props),
    };
    if (o.inData !== undefined) options['inData'] = o.inData;
    const args: unknown[] = [handle, options];
    if (o.op !== 'abortSession' && o.token !== null) args.push(o.token);
    if (o.callback) args.push(() => undefined);
    const d = await this.call(o.op, args);
    const code = errorOf(d)?.code;
    const value = valueOf(d);
    if (o.op !== 'abortSession' && value !== undefined) {
      // sessions.md §3.3 (openhuks decision): always { outData: Uint8Array }, never null.
      const out = (value as { outData?: unknown } | null)?.outData;
      if (!(out instanceof Uint8Array)) this.problems.push(`${o.op} gave ${show(value)}`);
    }
    if (!l || !reached(d)) return;
    // An ended session is gone (12000011); a parameter check may answer first (401).
    if (l.state === 'ended' && o.op !== 'abortSession' && code !== 12000011 && code !== 401) {
      this.problems.push(`${o.op} on an ended session: ${show(d)}, not 12000011 (§3.2, §4)`);
    }
    // Whether a 401 from parameter checks ends the session is not pinned; everything else is.
    if (o.op === 'abortSession') l.state = 'ended';
    else if (code === 401) l.state = l.state === 'ended' ? 'ended' : 'unknown';
    else if (o.op === 'finishSession' || code !== undefined) l.state = 'ended';
  }

  async close(): Promise<void> {
    for (const l of this.live) {
      await (api.huks['abortSession']!(l.handle, {}) as Promise<unknown>).catch(() => 0);
    }
  }
}

async function runSequence(ops: Array<InitOp | StepOp>): Promise<void> {
  const s = new Sequence();
  try {
    for (const o of ops) {
      if (o.op === 'init') await s.init(o as InitOp);
      else await s.step(o as StepOp);
    }
  } finally {
    await s.close();
  }
  assert.deepEqual(s.problems, [], s.log.join('\n'));
}

test('random session sequences: documented outcomes', { timeout: 120_000 }, async () => {
  await assertProperty(fc.asyncProperty(opsArb, runSequence), 300);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(stray.map(show), [], 'unhandled rejections or uncaught exceptions');
});
