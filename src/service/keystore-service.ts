import { Attestation } from '../core/attest/attestation.js';
import type { KeystoreCore } from '../core/types.js';
import type { ParamSet } from '../params/param-set.js';
import type { KeyStore, Sealer } from '../store/types.js';
import { KeyOperations } from './key-operations.js';
import { KeyVault } from './key-vault.js';
import { SessionOperations } from './session-operations.js';
import type { SessionPolicy } from './session-policy.js';
import { SessionTable } from './sessions.js';
import type { Caller, KeystoreService, SessionHandle } from './types.js';

export interface KeystoreServiceOptions {
  readonly core: KeystoreCore;
  readonly store: KeyStore;
  readonly sealer: Sealer;
  /** sessions.md §5; 'api9' when omitted. */
  readonly sessionPolicy?: SessionPolicy;
  /** Handle source for the session table (tests); the crypto RNG otherwise. */
  readonly drawHandle?: () => number;
}

/**
 * The keystore service (ARCHITECTURE.md): caller namespaces, the key operations and the
 * session table over one core and one store. Every method is async so that the same object
 * serves in process and behind the daemon; failures are HuksFailure with internal codes.
 */
export class LocalKeystoreService implements KeystoreService {
  private readonly core: KeystoreCore;
  private readonly vault: KeyVault;
  private readonly keys: KeyOperations;
  private readonly sessions: SessionOperations;
  private readonly table: SessionTable;

  constructor(options: KeystoreServiceOptions) {
    const vault = new KeyVault(options.store, options.sealer);
    this.core = options.core;
    this.vault = vault;
    this.table = new SessionTable({
      policy: options.sessionPolicy ?? 'api9',
      ...(options.drawHandle ? { drawHandle: options.drawHandle } : {}),
    });
    const attestation = new Attestation(options.store, options.sealer);
    this.keys = new KeyOperations(options.core, vault, attestation);
    this.sessions = new SessionOperations(options.core, vault, this.table);
  }

  /** Open sessions, all callers together. */
  get sessionCount(): number {
    return this.table.size;
  }

  async generateKey(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<void> {
    return this.keys.generateKey(caller, alias, params);
  }

  async importKey(
    caller: Caller,
    alias: Uint8Array,
    params: ParamSet,
    key: Uint8Array,
  ): Promise<void> {
    this.keys.importKey(caller, alias, params, key);
  }

  async importWrappedKey(
    caller: Caller,
    alias: Uint8Array,
    wrappingAlias: Uint8Array,
    params: ParamSet,
    wrapped: Uint8Array,
  ): Promise<void> {
    this.keys.importWrappedKey(caller, alias, wrappingAlias, params, wrapped);
  }

  async exportKey(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<Uint8Array> {
    return this.keys.exportKey(caller, alias, params);
  }

  async deleteKey(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<void> {
    this.keys.deleteKey(caller, alias, params);
  }

  async getKeyProperties(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<ParamSet> {
    return this.keys.getKeyProperties(caller, alias, params);
  }

  async keyExists(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<boolean> {
    return this.keys.keyExists(caller, alias, params);
  }

  async listAliases(caller: Caller, params: ParamSet): Promise<Uint8Array[]> {
    return this.keys.listAliases(caller, params);
  }

  async attestKey(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<string[]> {
    return this.keys.attestKey(caller, alias, params);
  }

  async initSession(caller: Caller, alias: Uint8Array, params: ParamSet): Promise<SessionHandle> {
    return this.initSessionNow(caller, alias, params);
  }

  async updateSession(
    caller: Caller,
    handle: number,
    params: ParamSet,
    data: Uint8Array,
  ): Promise<Uint8Array> {
    return this.updateSessionNow(caller, handle, params, data);
  }

  async finishSession(
    caller: Caller,
    handle: number,
    params: ParamSet,
    data: Uint8Array,
  ): Promise<Uint8Array> {
    return this.finishSessionNow(caller, handle, params, data);
  }

  /** initSession run to its result within the call (the in-process client's direct path). */
  initSessionNow(caller: Caller, alias: Uint8Array, params: ParamSet): SessionHandle {
    return this.sessions.initSession(caller, alias, params);
  }

  /** updateSession within the call; a promise only for a slow step (core/types.ts). */
  updateSessionNow(
    caller: Caller,
    handle: number,
    params: ParamSet,
    data: Uint8Array,
  ): Uint8Array | Promise<Uint8Array> {
    return this.sessions.updateSession(caller, handle, params, data);
  }

  /** finishSession within the call; a promise only for a slow step (core/types.ts). */
  finishSessionNow(
    caller: Caller,
    handle: number,
    params: ParamSet,
    data: Uint8Array,
  ): Uint8Array | Promise<Uint8Array> {
    return this.sessions.finishSession(caller, handle, params, data);
  }

  async abortSession(caller: Caller, handle: number, params: ParamSet): Promise<void> {
    this.sessions.abortSession(caller, handle, params);
  }

  /** A client connection went away: its sessions end (sessions.md §9.2). Returns how many. */
  abortAllOf(connectionId: string): number {
    return this.table.abortAllOf(connectionId);
  }

  /**
   * Shutdown: every session ends and its operation is disposed, the core's worker threads end
   * (a generation still running fails) and the cached unsealed keys are zeroed.
   */
  closeAll(): void {
    this.table.closeAll();
    this.core.close?.();
    this.vault.forgetAll();
  }
}

export function createKeystoreService(options: KeystoreServiceOptions): LocalKeystoreService {
  return new LocalKeystoreService(options);
}
