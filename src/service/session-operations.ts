import { HuksTag } from '../common/enums.js';
import { MAX_CALL_DATA } from '../core/operation/input-rules.js';
import type { FinishResult, KeystoreCore } from '../core/types.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { ParamSet } from '../params/param-set.js';
import { checkParamSetSanity } from '../params/sanity.js';
import { checkAlias } from './alias.js';
import type { KeyVault } from './key-vault.js';
import { resolveAliasRequest } from './namespace.js';
import type { SessionRecord, SessionTable } from './sessions.js';
import type { Caller, SessionHandle } from './types.js';

/**
 * The three-stage operations of sessions.md: init loads the key and lets the core prepare an
 * operation, the table admits it; update and finish run one step on a busy-marked session.
 */
export class SessionOperations {
  constructor(
    private readonly core: KeystoreCore,
    private readonly vault: KeyVault,
    private readonly table: SessionTable,
  ) {}

  /**
   * sessions.md §2.3. The request's ALGORITHM and single-bit PURPOSE are checked after the key
   * is found, because a missing alias is reported first (errors.md §7, initSession rules).
   * @throws HuksFailure: -3, -13, 12000012 codes, the core's codes, -39 at the limit.
   */
  initSession(caller: Caller, alias: Uint8Array, params: ParamSet): SessionHandle {
    const ns = resolveAliasRequest(caller, alias, params);
    const operation = this.vault.use(caller, ns, alias, (key) => {
      checkInitRequest(params);
      // The operation copies what it keeps (core/types.ts): the lent key is not kept.
      return this.core.initOperation(key.properties, key.material, params, key.identity);
    });

    try {
      const handle = this.table.open(caller, ns, operation);
      const challenge = operation.challenge;
      return challenge === undefined ? { handle } : { handle, challenge };
    } catch (err) {
      operation.dispose();
      throw err;
    }
  }

  /**
   * sessions.md §3: a failure of the step ends the session; success keeps it open. A slow step
   * (core/types.ts) gives a promise, and the session stays busy until it settles, so that a
   * concurrent call on the same handle gets 12000011 (§8) while other sessions go on.
   * @throws HuksFailure -13 (12000011) for an unknown, foreign or busy handle; the core's codes.
   */
  updateSession(
    caller: Caller,
    handle: number,
    params: ParamSet,
    data: Uint8Array,
  ): Uint8Array | Promise<Uint8Array> {
    checkParamSetSanity(params);
    checkCallSize(data);
    const record = this.table.acquire(caller, handle);
    let out: Uint8Array | Promise<Uint8Array>;
    try {
      out = record.operation.update(data, params);
    } catch (err) {
      this.table.release(record, false);
      throw err;
    }
    if (!(out instanceof Promise)) {
      this.table.release(record, true);
      return out;
    }
    return out.then(
      (bytes) => {
        this.table.release(record, true);
        return bytes;
      },
      (err: unknown) => {
        this.table.release(record, false);
        throw err;
      },
    );
  }

  /**
   * sessions.md §4: the session ends whatever happens. A derived or agreed key to keep is
   * sealed and stored in the init's namespace (algorithms.md §11, storage.md §7).
   * @throws HuksFailure -13 (12000011) for an unknown, foreign or busy handle; -167
   *   (12000017) when the stored key's alias exists and override is false; the core's codes.
   */
  finishSession(caller: Caller, handle: number, params: ParamSet, data: Uint8Array): Uint8Array {
    checkParamSetSanity(params);
    checkCallSize(data);
    const record = this.table.acquire(caller, handle);
    try {
      const result = record.operation.finish(data, params);
      this.keepStoredKey(caller, record, result);
      return result.outData;
    } finally {
      this.table.release(record, false);
    }
  }

  /**
   * sessions.md §9.1: unknown handles succeed, and the session is removed before the
   * parameter set is checked, as in the reference.
   * @throws HuksFailure -3 (401) for a malformed parameter set (the session is gone anyway).
   */
  abortSession(caller: Caller, handle: number, params: ParamSet): void {
    this.table.abort(caller, handle);
    checkParamSetSanity(params);
  }

  private keepStoredKey(caller: Caller, record: SessionRecord, result: FinishResult): void {
    const stored = result.storeKey;
    if (stored === undefined) return;
    try {
      checkAlias(stored.alias, 'stored key alias');
      this.vault.refuseExisting(record.ns, stored.alias, stored.override);
      // The request tags matter only for SPECIFIC_USER_ID, which a session key does not carry.
      this.vault.save(caller, record.ns, stored.alias, stored.key, stored.key.properties,
        stored.override);
    } finally {
      stored.key.material.fill(0);
    }
  }
}

/**
 * sessions.md §2.3 step 2: the init request names the algorithm and exactly one purpose bit.
 * @throws HuksFailure -3 (401 "Invalid parameters.").
 */
function checkInitRequest(params: ParamSet): void {
  if (params.getNumber(HuksTag.HUKS_TAG_ALGORITHM) === undefined) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'initSession needs HUKS_TAG_ALGORITHM');
  }
  const purpose = params.getNumber(HuksTag.HUKS_TAG_PURPOSE);
  if (purpose === undefined) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'initSession needs HUKS_TAG_PURPOSE');
  }
  if (purpose <= 0 || (purpose & (purpose - 1)) !== 0) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `purpose ${purpose} is not one operation`);
  }
}

/**
 * sessions.md §7.3: the reference's client refuses a call whose input cannot fit its 1 MiB IPC
 * buffer (983,040 bytes and the output reserve) before sending it, so the service never sees
 * the call and the session stays open. Checked here, before the session is looked up, for the
 * same outcome in process and through the daemon.
 * @throws HuksFailure -3 (401)
 */
function checkCallSize(data: Uint8Array): void {
  if (data.length > MAX_CALL_DATA) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT,
      `${data.length} bytes exceed the IPC limit of ${MAX_CALL_DATA} per call`);
  }
}
