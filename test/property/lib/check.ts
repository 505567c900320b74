import { inspect } from 'node:util';
import fc from 'fast-check';
import {
  ASYNC_MESSAGES, CODES, SYNC_CODES, SYNC_MESSAGES, isEngineMessage,
} from './catalogue.js';

const SETTLE_MS = 10_000;

export type Api = Record<string, (...args: unknown[]) => unknown>;

/** Errors and rejections nobody handled: registered once per process, checked per property. */
export const stray: unknown[] = [];
process.on('unhandledRejection', (reason) => stray.push(reason));
process.on('uncaughtException', (error) => stray.push(error));

/** OPENHUKS_PROPERTY_SCALE=10 runs every property ten times as often (a local bug hunt). */
const SCALE = Math.max(1, Number(process.env['OPENHUKS_PROPERTY_SCALE'] ?? 1) || 1);

/** fc.assert, but the failure message carries the failing call's own report (the log). */
export async function assertProperty<T>(
  property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>,
  numRuns: number,
): Promise<void> {
  const runs = Math.round(numRuns * SCALE);
  const details = await fc.check(property as fc.IAsyncPropertyWithHooks<T>, { numRuns: runs });
  if (!details.failed) return;
  const inner = (details.errorInstance as Error | undefined)?.message ?? '';
  throw new Error(`${fc.defaultReportMessage(details)}\n${inner.slice(0, 6000)}`);
}

export const show = (v: unknown): string =>
  inspect(v, { depth: 3, maxArrayLength: 8, maxStringLength: 60, breakLength: Infinity });

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  name?: unknown;
}

/** A built-in JS error as `cause`: a bug below the api layer reported as 12000012. */
function internalCrash(e: ErrorLike): string | undefined {
  const c = e.cause;
  if (c instanceof TypeError || c instanceof RangeError || c instanceof ReferenceError ||
    c instanceof SyntaxError) {
    return `internal ${c.name} "${c.message}" at ${String(c.stack).split('\n')[1]?.trim()}`;
  }
  return undefined;
}

/** errors.md §1.2 + §2 + §4: a rejection is a BusinessError with a catalogued code/message. */
export function asyncErrorProblem(e: unknown, BusinessError: Function): string | undefined {
  if (!(e instanceof BusinessError)) return `rejection is not a BusinessError: ${show(e)}`;
  const err = e as ErrorLike;
  if (typeof err.code !== 'number' || !CODES.has(err.code)) {
    return `undocumented code ${show(err.code)}`;
  }
  if (typeof err.message !== 'string') return `message is not a string: ${show(err.message)}`;
  if (!ASYNC_MESSAGES[err.code]!.includes(err.message)) {
    return `message "${err.message}" is not documented for ${err.code}`;
  }
  return internalCrash(err);
}

/** errors.md §1.1/§6: a throw is a BusinessError with a sync code, or an engine Error. */
export function syncErrorProblem(
  e: unknown,
  BusinessError: Function,
  api8: boolean,
): string | undefined {
  if (!(e instanceof Error)) return `threw a non-Error: ${show(e)}`;
  const err = e as ErrorLike;
  if (typeof err.code === 'number' && !api8) {
    if (!(e instanceof BusinessError)) return `coded throw is not a BusinessError: ${show(e)}`;
    if (!SYNC_CODES.has(err.code)) {
      return `undocumented synchronous code ${err.code} "${e.message}"`;
    }
    if (!SYNC_MESSAGES[err.code]!.includes(e.message)) {
      return `synchronous message "${e.message}" is not documented for ${err.code}`;
    }
    return undefined;
  }
  if (isEngineMessage(e.message)) return undefined;
  return `undocumented throw ${e.name}: "${e.message}" ${String(e.stack).split('\n')[1]?.trim()}`;
}

interface Spy {
  fn: (...args: unknown[]) => void;
  calls: unknown[][];
}

/** Wakes every waiter; spies and promise settlement call it, so waiting needs no polling. */
let wake: () => void = () => undefined;

function spy(): Spy {
  const s: Spy = {
    calls: [],
    fn: (...args) => {
      s.calls.push(args);
      wake();
    },
  };
  return s;
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    const left = end - Date.now();
    if (left <= 0) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(left, 50));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
  return true;
}

export type Delivered =
  | { kind: 'threw'; error: unknown }
  | { kind: 'resolved'; value: unknown }
  | { kind: 'rejected'; error: unknown }
  | { kind: 'callback'; args: unknown[] }
  | { kind: 'returned'; value: unknown };

/**
 * Calls `name` with `args`, every function argument replaced by a spy, and checks how the
 * outcome is delivered (api.md §2.1, §5; errors.md §1). Returns the problems found (empty if
 * none) and what was delivered.
 */
export async function invoke(
  huks: Api,
  BusinessError: Function,
  name: string,
  args: unknown[],
  api8: boolean,
): Promise<{ problems: string[]; delivered: Delivered }> {
  const problems: string[] = [];
  const spies: Spy[] = [];
  const real = args.map((a) => {
    if (typeof a !== 'function') return a;
    const s = spy();
    spies.push(s);
    return s.fn;
  });
  const called = () => spies.filter((s) => s.calls.length > 0);
  let ret: unknown;
  try {
    ret = huks[name]!(...real);
  } catch (e) {
    const p = syncErrorProblem(e, BusinessError, api8);
    if (p) problems.push(p);
    await turns(2);
    if (called().length > 0) problems.push('callback called after a synchronous throw');
    return { problems, delivered: { kind: 'threw', error: e } };
  }
  if (ret !== null && typeof (ret as Promise<unknown>)?.then === 'function') {
    let settled: Delivered | undefined;
    (ret as Promise<unknown>).then(
      (value) => {
        settled = { kind: 'resolved', value };
        wake();
      },
      (error) => {
        settled = { kind: 'rejected', error };
        wake();
      },
    );
    if (!(await waitFor(() => settled !== undefined, SETTLE_MS))) {
      problems.push(`promise not settled within ${SETTLE_MS} ms`);
      return { problems, delivered: { kind: 'returned', value: ret } };
    }
    const d = settled!;
    if (d.kind === 'rejected') {
      if (api8) problems.push(`API-8 promise rejected: ${show(d.error)}`); // api.md §5
      else {
        const p = asyncErrorProblem(d.error, BusinessError);
        if (p) problems.push(p);
      }
    } else problems.push(...valueProblems(name, (d as { value: unknown }).value, api8));
    if (called().length > 0) problems.push('a callback was called although a promise was returned');
    return { problems, delivered: d };
  }
  // No promise: either callback mode (v9: returns null) or an API-8 silent return (undefined).
  const silent = api8 && ret === undefined; // api.md §5: returns undefined, does nothing
  if (spies.length === 0 || (silent && !(await waitFor(() => called().length > 0, 200)))) {
    if (!silent) problems.push(`returned ${show(ret)} without a promise or callback`);
    return { problems, delivered: { kind: 'returned', value: ret } };
  }
  if (!api8 && ret !== null) problems.push(`callback mode returned ${show(ret)}, not null`);
  if (!(await waitFor(() => called().length > 0, SETTLE_MS))) {
    problems.push(`callback not called within ${SETTLE_MS} ms`);
    return { problems, delivered: { kind: 'returned', value: ret } };
  }
  await turns(3); // a second call would show up here
  const all = spies.flatMap((s) => s.calls);
  if (all.length !== 1) problems.push(`callbacks called ${all.length} times`);
  const cbArgs = all[0]!;
  problems.push(...callbackProblems(name, cbArgs, BusinessError, api8));
  return { problems, delivered: { kind: 'callback', args: cbArgs } };
}

function callbackProblems(
  name: string,
  a: unknown[],
  BusinessError: Function,
  api8: boolean,
): string[] {
  if (api8) {
    // api.md §5: always two arguments, ({ code }, result).
    const first = a[0] as { code?: unknown } | null;
    if (a.length !== 2 || typeof first?.code !== 'number') {
      return [`API-8 callback args ${show(a)}`];
    }
    const code = field(a[1], 'errorCode');
    if (code !== undefined && code !== first.code) {
      return [`API-8 callback code ${first.code} but errorCode ${show(code)}`];
    }
    return valueProblems(name, a[1], true);
  }
  if (a.length === 1) {
    const p = asyncErrorProblem(a[0], BusinessError);
    return p ? [p] : [];
  }
  if (a.length === 2 && a[0] === null) return valueProblems(name, a[1], false);
  return [`callback arguments ${show(a)}: expected (error) or (null, value)`];
}

/** api.md §1.1 and §2.2: what a success delivers, per function (AsUser forms alike). */
const SHAPES: Record<string, (v: unknown) => boolean> = {
  generateKeyItem: (v) => v === null,
  deleteKeyItem: (v) => v === null,
  importKeyItem: (v) => v === null,
  importWrappedKeyItem: (v) => v === null,
  abortSession: (v) => v === null,
  isKeyItemExist: (v) => v === true, // a missing key rejects; it never yields false (§4.8)
  hasKeyItem: (v) => typeof v === 'boolean',
  exportKeyItem: (v) => field(v, 'outData') instanceof Uint8Array,
  getKeyItemProperties: (v) => Array.isArray(field(v, 'properties')),
  initSession: (v) => typeof field(v, 'handle') === 'number',
  // sessions.md §3.3 (openhuks decision): always { outData }, never null.
  updateSession: (v) => field(v, 'outData') instanceof Uint8Array,
  finishSession: (v) => field(v, 'outData') instanceof Uint8Array,
  listAliases: (v) => {
    const a = field(v, 'keyAliases');
    return Array.isArray(a) && a.every((x) => typeof x === 'string');
  },
  attestKeyItem: (v) => Array.isArray(field(v, 'certChains')),
  anonAttestKeyItem: (v) => Array.isArray(field(v, 'certChains')),
};

function field(v: unknown, name: string): unknown {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
}

/** api.md §2.2 and §5: the shapes a success may deliver. */
function valueProblems(name: string, v: unknown, api8: boolean): string[] {
  if (api8) {
    if (name === 'isKeyExist') return typeof v === 'boolean' ? [] : [`isKeyExist gave ${show(v)}`];
    // HuksResult/HuksHandle: errorCode is the raw internal code, 0 or negative (errors.md §1.3).
    const code = field(v, 'errorCode');
    if (typeof code === 'number' && Number.isInteger(code) && code <= 0) return [];
    return [`API-8 result without a raw errorCode: ${show(v)}`];
  }
  const shape = SHAPES[name.replace(/AsUser$/, '')];
  if (shape) return shape(v) ? [] : [`${name} delivered ${show(v)}`];
  if (v === null || typeof v === 'object') return [];
  return [`success value ${show(v)}`];
}
