import type { KeystoreClient } from '../client/types.js';
import { HuksTag } from '../common/enums.js';
import { HksErr, HuksFailure, isHuksFailure } from '../errors/failure.js';
import type { ParamSet } from '../params/param-set.js';
import { deliver, type LazyClient } from './channel.js';
import type { ApiFunction } from './key-functions.js';
import { pickCallback } from './parse-values.js';
import { freshBytes, toHuksParams } from './results.js';
import { EngineMsg, engineFail } from './sync-errors.js';
import type { HuksHandle, HuksParam, HuksResult } from './types.js';
import { SilentReturn, v8Alias, v8Bytes, v8Handle, v8Options, v8Properties } from './v8-parse.js';

/**
 * The deprecated API 8 functions (api.md §5, errors.md §1.3). They report the raw internal code:
 * the promise never rejects, and the callback always receives `({ code }, result)`.
 */

type Callback = (...args: unknown[]) => void;

interface Outcome<T> {
  readonly code: number;
  readonly value: T;
}

/**
 * Runs the work and turns any failure into its internal code and the function's failure value.
 * The work starts inside the call, as in settle (channel.ts), so v8 and v9 calls issued back to
 * back run in issue order; a synchronous throw of the work is a failure like any other.
 */
function settle8<T>(
  lazy: LazyClient,
  callback: Callback | undefined,
  work: (client: KeystoreClient) => Promise<T>,
  failed: (code: number) => T,
): Promise<T> | null {
  const failure = (error: unknown): Outcome<T> => {
    const code = isHuksFailure(error) ? error.internal : HksErr.INTERNAL_ERROR;
    return { code, value: failed(code) };
  };
  let outcome: Promise<Outcome<T>>;
  try {
    outcome = work(lazy.get()).then((value) => ({ code: 0, value }), failure);
  } catch (error) {
    outcome = Promise.resolve(failure(error));
  }
  if (callback === undefined) return outcome.then((o) => o.value);

  outcome.then((o) => deliver(callback, { code: o.code }, o.value));
  return null;
}

/** Turns the parsers' "over 100 MiB" signal into the reference's silent `undefined`. */
function silently(fn: ApiFunction): ApiFunction {
  return (...args: unknown[]) => {
    try {
      return fn(...args);
    } catch (error) {
      if (error instanceof SilentReturn) return undefined;
      throw error;
    }
  };
}

/** HuksResult always has exactly errorCode, outData and properties, in that order. */
function huksResult(
  errorCode: number,
  outData: Uint8Array | null = null,
  properties: HuksParam[] | null = null,
): HuksResult {
  return { errorCode, outData, properties };
}

function bytesOrNull(bytes: Uint8Array): Uint8Array | null {
  return bytes.length > 0 ? freshBytes(bytes) : null;
}

interface AliasCall {
  readonly alias: Uint8Array;
  readonly options: Record<string | number, unknown>;
  readonly params: ParamSet;
  readonly callback: Callback | undefined;
}

function parseAliasCall(args: readonly unknown[]): AliasCall {
  if (args.length < 2) engineFail(EngineMsg.INVALID_ARGUMENTS);
  const alias = v8Alias(args[0]);
  const options = v8Options(args[1]);
  return { alias, options, params: v8Properties(options), callback: pickCallback(args[2]) };
}

type AliasWork<T> = (client: KeystoreClient, call: AliasCall, inData: Uint8Array) => Promise<T>;

function aliasFunction<T>(
  lazy: LazyClient,
  work: AliasWork<T>,
  failed: (code: number) => T,
  readsInData = false,
): ApiFunction {
  return silently((...args: unknown[]) => {
    const call = parseAliasCall(args);
    const inData = readsInData ? v8Bytes(call.options['inData']) : new Uint8Array(0);
    return settle8(lazy, call.callback, (client) => work(client, call, inData), failed);
  });
}

const plainFailure = (code: number): HuksResult => huksResult(code);

export function v8KeyFunctions(lazy: LazyClient): Record<string, ApiFunction> {
  return {
    generateKey: aliasFunction(lazy, async (c, call) => {
      await c.generateKey(call.alias, call.params);
      return huksResult(0);
    }, plainFailure),
    deleteKey: aliasFunction(lazy, async (c, call) => {
      await c.deleteKey(call.alias, call.params);
      return huksResult(0);
    }, plainFailure),
    importKey: aliasFunction(lazy, async (c, call, inData) => {
      await c.importKey(call.alias, call.params, inData);
      return huksResult(0);
    }, plainFailure, true),
    exportKey: aliasFunction(lazy, async (c, call) => {
      return huksResult(0, bytesOrNull(await c.exportKey(call.alias, call.params)));
    }, plainFailure),
    getKeyProperties: aliasFunction(lazy, async (c, call) => {
      const stored = await c.getKeyProperties(call.alias, call.params);
      return huksResult(0, null, toHuksParams(stored));
    }, (code) => huksResult(code, null, [])),
    // true only for internal result 0; any failure, not only "not found", reads as false.
    isKeyExist: aliasFunction(lazy, async (c, call) => {
      if (await c.keyExists(call.alias, call.params)) return true;
      throw notFound();
    }, () => false),
    init: aliasFunction(lazy, async (c, call): Promise<HuksHandle> => {
      const session = await c.initSession(call.alias, call.params);
      const challenge = session.challenge;
      return {
        errorCode: 0,
        handle: session.handle >>> 0,
        token: challenge && challenge.length > 0 ? freshBytes(challenge) : null,
      };
    }, (code): HuksHandle => ({ errorCode: code })),
  };
}

function notFound(): HuksFailure {
  return new HuksFailure(HksErr.NOT_EXIST, 'key not found');
}

interface StepCall {
  readonly handle: number;
  readonly params: ParamSet;
  readonly inData: Uint8Array;
  readonly callback: Callback | undefined;
}

/**
 * update/finish read `(handle, options, token?, callback?)` - not the declared order (api.md §5).
 * Index 2 is the callback if it is a function, otherwise a Uint8Array token; after a token, an
 * existing fourth argument must be a function or the call silently does nothing.
 */
function parseStepCall(args: readonly unknown[]): StepCall {
  if (args.length < 2) engineFail(EngineMsg.INVALID_ARGUMENTS);
  const handle = v8Handle(args[0]);
  const options = v8Options(args[1]);
  const inData = 'inData' in options ? v8Bytes(options['inData']) : new Uint8Array(0);

  let token: Uint8Array = new Uint8Array(0);
  let callback: Callback | undefined;
  if (args.length > 2) {
    callback = pickCallback(args[2]);
    if (callback === undefined) {
      token = v8Bytes(args[2]);
      if (args.length > 3) {
        callback = pickCallback(args[3]);
        if (callback === undefined) throw new SilentReturn('fourth argument is not a function');
      }
    }
  }
  const implicit = token.length > 0 ? [{ tag: HuksTag.HUKS_TAG_AUTH_TOKEN, value: token }] : [];
  return { handle, params: v8Properties(options, implicit), inData, callback };
}

function stepFunction(lazy: LazyClient, step: 'updateSession' | 'finishSession'): ApiFunction {
  return silently((...args: unknown[]) => {
    const call = parseStepCall(args);
    const work = async (client: KeystoreClient) => {
      const out = await client[step](call.handle, call.params, call.inData);
      return huksResult(0, bytesOrNull(out));
    };
    return settle8(lazy, call.callback, work, plainFailure);
  });
}

export function v8SessionFunctions(lazy: LazyClient): Record<string, ApiFunction> {
  return {
    update: stepFunction(lazy, 'updateSession'),
    finish: stepFunction(lazy, 'finishSession'),
    abort: silently((...args: unknown[]) => {
      if (args.length < 2) engineFail(EngineMsg.INVALID_ARGUMENTS);
      const handle = v8Handle(args[0]);
      const params = v8Properties(v8Options(args[1]));
      const work = async (client: KeystoreClient) => {
        await client.abortSession(handle, params);
        return huksResult(0);
      };
      return settle8(lazy, pickCallback(args[2]), work, plainFailure);
    }),
  };
}
