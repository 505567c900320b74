import { settle, type LazyClient } from './channel.js';
import type { ApiFunction } from './key-functions.js';
import { buildParamSet, readOptions, readProperties } from './parse-params.js';
import { latin1 } from './results.js';
import { SyncMsg, argFail } from './sync-errors.js';
import type { HuksListAliasesReturnResult } from './types.js';

/**
 * listAliases(options) (api.md §4.15): exactly one argument, promise only. Delivers
 * `{ keyAliases }`, an empty array when there are none, each alias decoded as Latin-1.
 */
export function listAliasesFunction(lazy: LazyClient): ApiFunction {
  return (...args: unknown[]) => {
    // The reference reports too many arguments with the same "no enough" text.
    if (args.length !== 1) argFail(SyncMsg.NO_ENOUGH_PARAMS);
    const params = buildParamSet([], readProperties(readOptions(args[0])));
    return settle(lazy, undefined, async (client): Promise<HuksListAliasesReturnResult> => {
      const aliases = await client.listAliases(params);
      return { keyAliases: aliases.map(latin1) };
    });
  };
}

/** getSdkVersion (deprecated since 11): a constant; its argument is not even read. */
export function getSdkVersion(): string {
  return '2.0.0.5';
}
