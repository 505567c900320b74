import type { ParamSet } from '../params/param-set.js';
import type { LocalServiceHost } from '../service/local-host.js';
import type { Caller, SessionHandle } from '../service/types.js';
import type { DirectSessionCalls, KeystoreClient } from './types.js';

/**
 * A KeystoreClient that binds one caller identity and calls the service in process
 * (ARCHITECTURE.md: the same service later sits behind the daemon's remote client). Each method
 * hands back the service's own promise, without an async wrapper of its own (one promise and
 * two microtask turns less per call); opening storage may throw synchronously, which the api
 * layer delivers as the call's rejection (KeystoreClient).
 */
export class LocalKeystoreClient implements KeystoreClient {
  constructor(
    private readonly caller: Caller,
    private readonly host: LocalServiceHost,
  ) {}

  /**
   * The service runs each call synchronously up to its result, and the core copies whatever it
   * keeps past the call (service/session-operations.ts, core/operation/session.ts).
   */
  readonly consumesInputsInCall = true;

  /** Session steps without a promise of their own (KeystoreClient.direct). */
  readonly direct: DirectSessionCalls = {
    initSession: (alias, params) => this.host.acquire().initSessionNow(this.caller, alias, params),
    updateSession: (handle, params, data) =>
      this.host.acquire().updateSessionNow(this.caller, handle, params, data),
    finishSession: (handle, params, data) =>
      this.host.acquire().finishSessionNow(this.caller, handle, params, data),
  };

  get isSystem(): boolean {
    return this.caller.isSystem;
  }

  generateKey(alias: Uint8Array, params: ParamSet): Promise<void> {
    return this.host.acquire().generateKey(this.caller, alias, params);
  }

  importKey(alias: Uint8Array, params: ParamSet, key: Uint8Array): Promise<void> {
    return this.host.acquire().importKey(this.caller, alias, params, key);
  }

  importWrappedKey(
    alias: Uint8Array,
    wrappingAlias: Uint8Array,
    params: ParamSet,
    wrapped: Uint8Array,
  ): Promise<void> {
    const service = this.host.acquire();
    return service.importWrappedKey(this.caller, alias, wrappingAlias, params, wrapped);
  }

  exportKey(alias: Uint8Array, params: ParamSet): Promise<Uint8Array> {
    return this.host.acquire().exportKey(this.caller, alias, params);
  }

  deleteKey(alias: Uint8Array, params: ParamSet): Promise<void> {
    return this.host.acquire().deleteKey(this.caller, alias, params);
  }

  getKeyProperties(alias: Uint8Array, params: ParamSet): Promise<ParamSet> {
    return this.host.acquire().getKeyProperties(this.caller, alias, params);
  }

  keyExists(alias: Uint8Array, params: ParamSet): Promise<boolean> {
    return this.host.acquire().keyExists(this.caller, alias, params);
  }

  listAliases(params: ParamSet): Promise<Uint8Array[]> {
    return this.host.acquire().listAliases(this.caller, params);
  }

  attestKey(alias: Uint8Array, params: ParamSet): Promise<string[]> {
    return this.host.acquire().attestKey(this.caller, alias, params);
  }

  initSession(alias: Uint8Array, params: ParamSet): Promise<SessionHandle> {
    return this.host.acquire().initSession(this.caller, alias, params);
  }

  updateSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array> {
    return this.host.acquire().updateSession(this.caller, handle, params, data);
  }

  finishSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array> {
    return this.host.acquire().finishSession(this.caller, handle, params, data);
  }

  abortSession(handle: number, params: ParamSet): Promise<void> {
    return this.host.acquire().abortSession(this.caller, handle, params);
  }

  close(): Promise<void> {
    return this.host.release();
  }
}
