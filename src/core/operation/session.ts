import { HuksKeyAlg as A, HuksKeyPurpose as U, HuksTag as T } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import type { CryptoOperation, OperationSpec } from '../crypto/family.js';
import { checkPolicy, type InitPlan } from '../params/init-checks.js';
import type { CoreOperation, FinishResult } from '../types.js';
import { inputRule, MAX_CALL_DATA, OUTPUT_RESERVE, type InputRule } from './input-rules.js';
import { ownedCopy } from '../params/read.js';
import { secretResult } from './stored-key.js';

const EMPTY = new Uint8Array(0);

/** Builds the family's crypto operation for a spec (registry.createCryptoOperation). */
export type CryptoFactory = (keyAlgorithm: number, spec: OperationSpec) => CryptoOperation;

/**
 * One core session: the session rules of algorithms.md §1.6-§1.7 and sessions.md §7 around a
 * family's CryptoOperation. The update path does only length checks before the engine, so a
 * streaming cipher costs no more than node:crypto itself.
 */
export class CoreSession implements CoreOperation {
  private readonly plan: InitPlan;
  private readonly spec: OperationSpec;
  private readonly rule: InputRule;
  private readonly factory: CryptoFactory;
  private crypto: CryptoOperation | undefined;
  private cachedTotal = 0;
  private updated = false;
  private closed = false;

  /** `spec.material` is the session's own copy; it is zeroed by dispose. */
  constructor(plan: InitPlan, spec: OperationSpec, factory: CryptoFactory) {
    this.factory = factory;
    this.rule = inputRule(plan.purpose, plan.keyAlgorithm, plan.runtime);
    if (this.rule.kind !== 'stream') {
      // Cached and single-update operations read their init set later (CCM's nonce and AAD,
      // a derive's SALT and INFO, an agreement's KEY_SIZE): they get a set of their own, as the
      // caller's bytes may change once init returned. Streaming ones consume it right here.
      const runtime = ownedCopy(plan.runtime);
      plan = { ...plan, runtime };
      spec = { ...spec, runtime };
    }
    this.plan = plan;
    this.spec = spec;
    // Derive evaluates everything at its first update (§10); the rest is ready at init.
    this.crypto = plan.deferredPolicy === undefined ? factory(plan.keyAlgorithm, spec) : undefined;
  }

  /**
   * A promise only when the engine's step is slow (an offloaded PBKDF2); its rejection carries
   * the same codes.
   * @throws HuksFailure -3 (401) for an empty streaming update, an oversized call or cache,
   *   -2 (12000012) for a second agree/derive update, -7 (401) for too much output, family codes
   */
  update(data: Uint8Array, params: ParamSet): Uint8Array | Promise<Uint8Array> {
    this.checkCall(data, params);
    const rule = this.rule;
    if (rule.kind === 'stream') {
      if (data.length === 0) throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'empty update');
    } else if (rule.kind === 'cached') {
      this.addToCache(data.length, rule);
    } else {
      if (this.updated) throw new HuksFailure(HksErr.BAD_STATE, 'only one update is allowed');
      if (data.length === 0 && !rule.emptyUpdate) {
        throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'empty update (the peer key is missing)');
      }
      this.updated = true;
    }
    const out = this.engine().update(data);
    if (out instanceof Promise) return out.then((bytes) => checkOutput(bytes, data));
    return checkOutput(out, data);
  }

  /**
   * The session ends whatever happens (sessions.md §4).
   * @throws HuksFailure -3 (401) for an empty VERIFY signature or a finish before the single
   *   update, -7 (401) for too much output, §11 codes when storing, family codes (-31 ...)
   */
  finish(data: Uint8Array, params: ParamSet): FinishResult {
    try {
      this.checkCall(data, params);
      const purpose = this.plan.purpose;
      if (purpose === U.HUKS_KEY_PURPOSE_VERIFY) {
        if (data.length === 0) {
          throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'VERIFY needs the signature');
        }
        this.engine().finish(data); // throws CRYPTO_ENGINE_ERROR on a mismatch
        return { outData: EMPTY };
      }
      if (this.rule.kind === 'cached') this.addToCache(data.length, this.rule);
      if (this.rule.kind !== 'once') {
        return { outData: checkOutput(this.engine().finish(data), data) };
      }

      if (!this.updated) throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'finish before the update');
      // §8/§10: the finish input is ignored; the secret was computed by the update.
      const secret = this.engine().finish(EMPTY);
      const result = secretResult(purpose, this.spec.keyParams, params, secret);
      checkOutput(result.outData, data);
      return result;
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    // finish disposes, then the service's table does again as the session leaves it.
    if (this.closed) return;
    this.closed = true;
    this.crypto = undefined;
    this.spec.material.fill(0);
  }

  /** Checks every update/finish call shares, before any work. */
  private checkCall(data: Uint8Array, params: ParamSet): void {
    if (this.closed) throw new HuksFailure(HksErr.BAD_STATE, 'the session has ended');
    if (data.length > MAX_CALL_DATA) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `${data.length} bytes exceed the call limit`);
    }
    if (this.plan.purpose === U.HUKS_KEY_PURPOSE_MAC) checkMacCallAlgorithm(params);
  }

  private addToCache(length: number, rule: InputRule & { kind: 'cached' }): void {
    this.cachedTotal += length;
    if (this.cachedTotal > rule.limit) {
      throw new HuksFailure(rule.overLimit, `cached data exceeds ${rule.limit} bytes`);
    }
  }

  /** The crypto operation; a derive creates it here, after its deferred policy check. */
  private engine(): CryptoOperation {
    if (this.crypto !== undefined) return this.crypto;
    const { deferredPolicy, keyAlgorithm, purpose } = this.plan;
    if (deferredPolicy === undefined || this.closed) {
      throw new HuksFailure(HksErr.BAD_STATE, 'the session has no operation');
    }
    checkPolicy(deferredPolicy, this.spec.keyParams, this.spec.runtime, keyAlgorithm, purpose);
    this.crypto = this.factory(keyAlgorithm, this.spec);
    return this.crypto;
  }
}

/**
 * §9.1 quirk [REF]: MAC update/finish read ALGORITHM from the call's own parameters; without it
 * the reference fails with 401. Only CMAC would select another engine, which openhuks lacks.
 */
function checkMacCallAlgorithm(params: ParamSet): void {
  const algorithm = params.getNumber(T.HUKS_TAG_ALGORITHM);
  if (algorithm === undefined) {
    throw new HuksFailure(HksErr.PARAM_NOT_EXIST, 'MAC update/finish needs ALGORITHM');
  }
  if (algorithm === A.HUKS_ALG_CMAC) {
    throw new HuksFailure(HksErr.NOT_SUPPORTED, 'CMAC is not supported');
  }
}

/** §1.6: the binding's output buffer holds inData.length + 65536 bytes (-7, 401 beyond). */
function checkOutput(out: Uint8Array, data: Uint8Array): Uint8Array {
  if (out.length > data.length + OUTPUT_RESERVE) {
    throw new HuksFailure(HksErr.BUFFER_TOO_SMALL, `output of ${out.length} bytes is too large`);
  }
  return out;
}
