import type { ParamSet } from '../params/param-set.js';
import type { LocalServiceHost } from '../service/local-host.js';
import type { Caller, SessionHandle } from '../service/types.js';
import type { KeystoreClient } from './types.js';

/**
 * A KeystoreClient that binds one caller identity and calls the service in process
 * (ARCHITECTURE.md: the same service later sits behind the daemon's remote client).
 */
export class LocalKeystoreClient implements KeystoreClient {
  constructor(
    private readonly caller: Caller,
    private readonly host: LocalServiceHost,
  ) {}

  get isSystem(): boolean {
    return this.caller.isSystem;
  }

  async generateKey(alias: Uint8Array, params: ParamSet): Promise<void> {
    return this.host.acquire().generateKey(this.caller, alias, params);
  }

  async importKey(alias: Uint8Array, params: ParamSet, key: Uint8Array): Promise<void> {
    return this.host.acquire().importKey(this.caller, alias, params, key);
  }

  async importWrappedKey(
    alias: Uint8Array,
    wrappingAlias: Uint8Array,
    params: ParamSet,
    wrapped: Uint8Array,
  ): Promise<void> {
    const service = this.host.acquire();
    return service.importWrappedKey(this.caller, alias, wrappingAlias, params, wrapped);
  }

  async exportKey(alias: Uint8Array, params: ParamSet): Promise<Uint8Array> {
    return this.host.acquire().exportKey(this.caller, alias, params);
  }

  async deleteKey(alias: Uint8Array, params: ParamSet): Promise<void> {
    return this.host.acquire().deleteKey(this.caller, alias, params);
  }

  async getKeyProperties(alias: Uint8Array, params: ParamSet): Promise<ParamSet> {
    return this.host.acquire().getKeyProperties(this.caller, alias, params);
  }

  async keyExists(alias: Uint8Array, params: ParamSet): Promise<boolean> {
    return this.host.acquire().keyExists(this.caller, alias, params);
  }

  async listAliases(params: ParamSet): Promise<Uint8Array[]> {
    return this.host.acquire().listAliases(this.caller, params);
  }

  async attestKey(alias: Uint8Array, params: ParamSet): Promise<string[]> {
    return this.host.acquire().attestKey(this.caller, alias, params);
  }

  async initSession(alias: Uint8Array, params: ParamSet): Promise<SessionHandle> {
    return this.host.acquire().initSession(this.caller, alias, params);
  }

  async updateSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array> {
    return this.host.acquire().updateSession(this.caller, handle, params, data);
  }

  async finishSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array> {
    return this.host.acquire().finishSession(this.caller, handle, params, data);
  }

  async abortSession(handle: number, params: ParamSet): Promise<void> {
    return this.host.acquire().abortSession(this.caller, handle, params);
  }

  async close(): Promise<void> {
    await this.host.release();
  }
}
