import { tempHuks } from '../../helpers/instance.js';

/** A HUKS parameter as the public API takes it. */
export interface Param {
  tag: number;
  value: number | boolean | Uint8Array;
}

interface Options {
  properties?: Param[];
  inData?: Uint8Array;
}

interface ReturnResult {
  outData?: Uint8Array;
}

/** The slice of the @ohos.security.huks namespace the vector runners use (promise forms). */
export interface HuksApi {
  importKeyItem(alias: string, options: Options): Promise<unknown>;
  generateKeyItem(alias: string, options: Options): Promise<unknown>;
  deleteKeyItem(alias: string, options: Options): Promise<unknown>;
  initSession(alias: string, options: Options): Promise<{ handle: number }>;
  updateSession(handle: number, options: Options): Promise<ReturnResult | null>;
  finishSession(handle: number, options: Options): Promise<ReturnResult | null>;
  abortSession(handle: number, options: Options): Promise<unknown>;
  close?: () => unknown;
}

/** Result of one public-API call: either the bytes produced or the delivered error code. */
export type Outcome =
  | { ok: true; out: Uint8Array }
  | { ok: false; code: number | undefined; message: string; stage: string };

/** One keystore per test file, in its own temporary home (the shared test helper). */
export async function openHuks(): Promise<{ huks: HuksApi; done: () => Promise<void> }> {
  const t = tempHuks();
  return { huks: t.huks as unknown as HuksApi, done: () => t.cleanup() };
}

let aliasCounter = 0;
export const nextAlias = (prefix: string): string => `${prefix}-${++aliasCounter}`;

function failure(e: unknown, stage: string): Outcome {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'number' ? err.code : undefined;
  return { ok: false, code, message: String(err?.message ?? e), stage };
}

/** importKeyItem; the outcome's `out` is empty on success. */
export async function importKey(
  huks: HuksApi,
  alias: string,
  properties: Param[],
  key: Uint8Array,
): Promise<Outcome> {
  try {
    await huks.importKeyItem(alias, { properties, inData: key });
    return { ok: true, out: new Uint8Array(0) };
  } catch (e) {
    return failure(e, 'import');
  }
}

export interface SessionPlan {
  init: Param[];
  /** inData of each updateSession, in order (none: finish only). */
  updates: Uint8Array[];
  finish: Uint8Array;
  /** Properties of update/finish (HMAC needs ALGORITHM there, algorithms.md §9.1). */
  stepProps?: Param[];
}

const concat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/**
 * init -> update* -> finish. Output is the concatenation of every step's outData. On a failure
 * the session is aborted as well: the spec ends it already, but a leaked session would count
 * against the 15-session limit (sessions.md §5) and turn one bug into a cascade.
 */
export async function runSession(
  huks: HuksApi,
  alias: string,
  plan: SessionPlan,
): Promise<Outcome> {
  let handle: number;
  try {
    handle = (await huks.initSession(alias, { properties: plan.init })).handle;
  } catch (e) {
    return failure(e, 'init');
  }
  const props = plan.stepProps ?? [];
  const outs: Uint8Array[] = [];
  let stage = 'update';
  try {
    for (const chunk of plan.updates) {
      const r = await huks.updateSession(handle, { properties: props, inData: chunk });
      if (r?.outData) outs.push(r.outData);
    }
    stage = 'finish';
    const r = await huks.finishSession(handle, { properties: props, inData: plan.finish });
    if (r?.outData) outs.push(r.outData);
    return { ok: true, out: concat(outs) };
  } catch (e) {
    await huks.abortSession(handle, { properties: [] }).catch(() => undefined);
    return failure(e, stage);
  }
}

/** Splits data into an update part and a finish part so that streaming is exercised. */
export function splitForStreaming(data: Uint8Array): { updates: Uint8Array[]; finish: Uint8Array } {
  if (data.length < 2) return { updates: [], finish: data };
  const cut = Math.floor(data.length / 2);
  return { updates: [data.subarray(0, cut)], finish: data.subarray(cut) };
}
