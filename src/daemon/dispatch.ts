import { InternalTag } from '../common/enums.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import { ParamSet } from '../params/param-set.js';
import type { Request } from '../protocol/messages.js';
import { Op, type FieldValue, type ResultValue } from '../protocol/operations.js';
import type { LocalKeystoreService } from '../service/keystore-service.js';
import type { Caller } from '../service/types.js';

/**
 * Runs one decoded request on the service for the connection's caller and returns the value
 * the REPLY carries: the session steps within the call (the service's direct forms, so that a
 * small operation is answered in the same turn of the loop that read it), the rest as a
 * promise. Failures are the service's own HuksFailure, thrown or rejected, sent back unchanged.
 * CLOSE is the connection's business and never reaches here.
 */
export function dispatch(
  service: LocalKeystoreService,
  caller: Caller,
  request: Request,
): ResultValue | Promise<ResultValue> {
  const f = request.fields;
  const params = ParamSet.deserialize(bytes(f, paramsAt(request)));
  requireSystemFor(caller, params);

  switch (request.op) {
    case Op.INIT_SESSION:
      return service.initSessionNow(caller, bytes(f, 0), params);
    case Op.UPDATE_SESSION:
      return service.updateSessionNow(caller, number(f, 0), params, bytes(f, 2));
    case Op.FINISH_SESSION:
      return service.finishSessionNow(caller, number(f, 0), params, bytes(f, 2));
    default:
      return dispatchKeyRequest(service, caller, request, params);
  }
}

async function dispatchKeyRequest(
  service: LocalKeystoreService,
  caller: Caller,
  request: Request,
  params: ParamSet,
): Promise<ResultValue> {
  const f = request.fields;
  switch (request.op) {
    case Op.GENERATE_KEY:
      await service.generateKey(caller, bytes(f, 0), params);
      return undefined;
    case Op.IMPORT_KEY:
      await service.importKey(caller, bytes(f, 0), params, bytes(f, 2));
      return undefined;
    case Op.IMPORT_WRAPPED_KEY:
      await service.importWrappedKey(caller, bytes(f, 0), bytes(f, 1), params, bytes(f, 3));
      return undefined;
    case Op.EXPORT_KEY:
      return service.exportKey(caller, bytes(f, 0), params);
    case Op.DELETE_KEY:
      await service.deleteKey(caller, bytes(f, 0), params);
      return undefined;
    case Op.GET_KEY_PROPERTIES:
      return (await service.getKeyProperties(caller, bytes(f, 0), params)).serialize();
    case Op.KEY_EXISTS:
      return service.keyExists(caller, bytes(f, 0), params);
    case Op.LIST_ALIASES:
      return service.listAliases(caller, params);
    case Op.ATTEST_KEY: {
      const chain = await service.attestKey(caller, bytes(f, 0), params);
      return chain.map((item) => new Uint8Array(Buffer.from(item, 'utf8')));
    }
    case Op.INIT_SESSION:
    case Op.UPDATE_SESSION:
    case Op.FINISH_SESSION:
      throw new HuksFailure(HksErr.INTERNAL_ERROR, 'session steps are dispatched directly');
    case Op.ABORT_SESSION:
      await service.abortSession(caller, number(f, 0), params);
      return undefined;
    case Op.CLOSE:
      throw new HuksFailure(HksErr.INTERNAL_ERROR, 'CLOSE is handled by the connection');
  }
}

/** The index of the serialized ParamSet among the request's fields. */
function paramsAt(request: Request): number {
  switch (request.op) {
    case Op.LIST_ALIASES:
      return 0;
    case Op.IMPORT_WRAPPED_KEY:
      return 2;
    case Op.CLOSE:
      throw new HuksFailure(HksErr.INTERNAL_ERROR, 'CLOSE has no parameters');
    default:
      return 1;
  }
}

/**
 * The api layer refuses an *AsUser call of an ordinary app with 202 before anything else
 * (api/as-user.ts requireSystem). A remote client may not know yet whether its app is a system
 * app when it makes its first call, so the daemon repeats that check here, first, for exactly
 * the requests the *AsUser functions make: those carrying HKS_TAG_SPECIFIC_USER_ID.
 */
function requireSystemFor(caller: Caller, params: ParamSet): void {
  if (!caller.isSystem && params.has(InternalTag.HKS_TAG_SPECIFIC_USER_ID)) {
    throw new HuksFailure(HksErr.NOT_SYSTEM_APP, '*AsUser needs a system app');
  }
}

// readFields already checked every field against the operation's shape.
function bytes(fields: readonly FieldValue[], i: number): Uint8Array {
  return fields[i] as Uint8Array;
}

function number(fields: readonly FieldValue[], i: number): number {
  return fields[i] as number;
}
