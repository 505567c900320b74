import { HuksTag } from '../common/enums.js';
import type { Param } from '../params/param-set.js';
import { settle, type LazyClient } from './channel.js';
import type { ApiFunction } from './key-functions.js';
import { NO_PARAMS, buildParamSet, readOptions, readProperties } from './parse-params.js';
import {
  isObject,
  parseBytes,
  parseBytesView,
  parseHandle,
  pickCallback,
} from './parse-values.js';
import { ownedBytes } from './results.js';
import { SyncMsg, argFail } from './sync-errors.js';
import type { HuksReturnResult } from './types.js';

type Callback = (...args: unknown[]) => void;

const NO_BYTES = new Uint8Array(0);

interface StepArgs {
  readonly handle: number;
  readonly inData: Uint8Array;
  readonly token: Uint8Array;
  readonly callback: Callback | undefined;
  readonly options: Record<string | number, unknown>;
}

/**
 * updateSession / finishSession argument parsing, in the binding's order (api.md §4.10): handle,
 * options object, inData, the third argument, and only then the properties.
 */
function parseStepArgs(args: readonly unknown[]): StepArgs {
  if (args.length < 2) argFail(SyncMsg.NO_ENOUGH_PARAMS);
  const handle = parseHandle(args[0]);
  const options = readOptions(args[1]);
  // An inData property that exists (own or inherited) must be bytes, even when undefined. Not
  // copied here: see sessionStepFunction.
  const inData = 'inData' in options ? parseBytesView(options['inData']) : NO_BYTES;

  const third = args[2];
  let token: Uint8Array = NO_BYTES;
  let callback: Callback | undefined;
  if (typeof third === 'function') {
    callback = third as Callback;
  } else if (isObject(third)) {
    token = parseBytes(third);
    callback = pickCallback(args[3]);
  } else if (third === undefined) {
    callback = pickCallback(args[3]);
  }
  // Anything else at index 2 (null included) is ignored, and index 3 is never examined: the
  // reference's quirk, api.md §6 item 8.
  return { handle, inData, token, callback, options };
}

/** A non-empty token becomes HUKS_TAG_AUTH_TOKEN, first in the set (tags.md §2). */
function tokenParams(token: Uint8Array): readonly Param[] {
  return token.length > 0 ? [{ tag: HuksTag.HUKS_TAG_AUTH_TOKEN, value: token }] : NO_PARAMS;
}

type Step = 'updateSession' | 'finishSession';

/**
 * openhuks decision (sessions.md §3.3): both always deliver `{ outData }`, an empty Uint8Array
 * when the step produced nothing, never `null`. inData (up to 100 MiB, 64 KiB a chunk when
 * streaming) is the caller's own array when the client consumes it during the call, which the
 * eager settle guarantees happens before the caller's next statement; otherwise it is copied.
 * A client with direct session calls (in process) consumes it and answers within the call.
 */
export function sessionStepFunction(lazy: LazyClient, step: Step): ApiFunction {
  return (...args: unknown[]) => {
    const parsed = parseStepArgs(args);
    const params = buildParamSet(tokenParams(parsed.token), readProperties(parsed.options));
    const { handle, inData } = parsed;
    return settle(lazy, parsed.callback, (client) => {
      const direct = client.direct;
      if (direct !== undefined) {
        const out = direct[step](handle, params, inData);
        return out instanceof Promise ? out.then(stepResult) : stepResult(out);
      }
      const data = client.consumesInputsInCall === true ? inData : new Uint8Array(inData);
      return client[step](handle, params, data).then(stepResult);
    });
  };
}

function stepResult(out: Uint8Array): HuksReturnResult {
  return { outData: ownedBytes(out) };
}

/** abortSession: an unknown handle is not an error; success delivers `null` (api.md §4.11). */
export function abortSessionFunction(lazy: LazyClient): ApiFunction {
  return (...args: unknown[]) => {
    if (args.length < 2) argFail(SyncMsg.NO_ENOUGH_PARAMS);
    const handle = parseHandle(args[0]);
    const params = buildParamSet(NO_PARAMS, readProperties(readOptions(args[1])));
    return settle(lazy, pickCallback(args[2]), (client) =>
      client.abortSession(handle, params).then(() => null));
  };
}
