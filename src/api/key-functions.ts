import type { Param } from '../params/param-set.js';
import { checkAsUserArity, refuseGroupOrExtension, requireSystem, userIdParam } from './as-user.js';
import { settle, type LazyClient } from './channel.js';
import type { KeyOp, KeyRequest } from './key-ops.js';
import { buildParamSet, readOptions, readProperties } from './parse-params.js';
import { parseAlias, parseBytes, pickCallback } from './parse-values.js';
import { SyncMsg, argFail } from './sync-errors.js';

/** A function as installed on the namespace (its result: a promise, `null` or a value). */
export type ApiFunction = (...args: unknown[]) => unknown;

interface Parsed {
  readonly request: KeyRequest;
  /** The caller's own parameters (after the AAD merge), without the implicit ones. */
  readonly caller: readonly Param[];
}

const NO_BYTES = new Uint8Array(0);

/**
 * Parses `alias[, wrappingAlias], options` starting at `start`, strictly left to right (api.md
 * §2.6): aliases, the options object, its properties, then the required inData.
 */
function parseKeyRequest(
  args: readonly unknown[],
  start: number,
  op: KeyOp<unknown>,
  user: Param | undefined,
): Parsed {
  const alias = parseAlias(args[start]);
  const wrappingAlias = op.aliases === 2 ? parseAlias(args[start + 1]) : NO_BYTES;
  const options = readOptions(args[start + op.aliases]);
  const caller = readProperties(options);
  // SPECIFIC_USER_ID (the *AsUser forms) goes before the operation's own implicit parameters.
  const implicit = user === undefined ? op.implicit : [user, ...op.implicit];
  const params = buildParamSet(implicit, caller);
  // A missing inData reads as undefined, which is not a typed array (api.md §2.6).
  const inData = op.inData ? parseBytes(options['inData']) : NO_BYTES;
  return { request: { alias, wrappingAlias, params, inData }, caller };
}

/** The plain form: a minimum argument count and an optional callback after `options`. */
export function keyFunction<T>(lazy: LazyClient, op: KeyOp<T>): ApiFunction {
  const callbackIndex = op.aliases + 1;
  return (...args: unknown[]) => {
    if (args.length < callbackIndex) argFail(SyncMsg.NO_ENOUGH_PARAMS);
    const { request } = parseKeyRequest(args, 0, op, undefined);
    return settle(lazy, pickCallback(args[callbackIndex]), (client) => op.run(client, request));
  };
}

/** The *AsUser form: `userId` first, an exact count, promise only (api.md §4.2). */
export function keyFunctionAsUser<T>(lazy: LazyClient, op: KeyOp<T>): ApiFunction {
  return (...args: unknown[]) => {
    checkAsUserArity(args, op.aliases + 2);
    const user = userIdParam(args[0]);
    const { request, caller } = parseKeyRequest(args, 1, op, user);
    refuseGroupOrExtension(caller);
    return settle(lazy, undefined, (client) => {
      requireSystem(client);
      return op.run(client, request);
    });
  };
}
