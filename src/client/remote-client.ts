import { HksErr, HuksFailure } from '../errors/failure.js';
import { ParamSet } from '../params/param-set.js';
import { Op, type FieldValue, type OpCode, type ResultValue } from '../protocol/operations.js';
import { pollWindowUs } from '../protocol/poll.js';
import type { SessionHandle } from '../service/types.js';
import { RemoteConnection, type ConnectionOptions } from './remote/connection.js';
import type { KeystoreClient } from './types.js';

export type RemoteClientOptions = ConnectionOptions;

/**
 * A KeystoreClient that speaks the protocol to the keystore daemon (docs/protocol.md). The
 * daemon attributes each request to the app of the token; failures come back as the service's
 * internal codes, so the api layer reports them exactly as in process. IPC failures are
 * 12000005. A lost connection is replaced at the next call.
 */
export class RemoteKeystoreClient implements KeystoreClient {
  private connection: Promise<RemoteConnection> | undefined;
  /** The welcomed connection once `connection` has resolved: calls use it without an await. */
  private live: RemoteConnection | undefined;
  private system: boolean | undefined;

  private readonly options: RemoteClientOptions;

  /** @throws RangeError naming HUKS_IPC_POLL_US (or pollUs) when the window is invalid. */
  constructor(options: RemoteClientOptions) {
    // Read once, so that every connection of this client polls alike (protocol/poll.ts).
    this.options = { ...options, pollUs: pollWindowUs(options.pollUs) };
  }

  /**
   * What the daemon said at WELCOME. Before the first connection it reads true, and the
   * daemon makes the same 202 check as the first step of an *AsUser request (daemon/dispatch
   * .ts), so the first call of a fresh client reports exactly what the local check would.
   */
  get isSystem(): boolean {
    return this.system ?? true;
  }

  async generateKey(alias: Uint8Array, params: ParamSet): Promise<void> {
    await this.call(Op.GENERATE_KEY, [alias, params.serialize()]);
  }

  async importKey(alias: Uint8Array, params: ParamSet, key: Uint8Array): Promise<void> {
    await this.call(Op.IMPORT_KEY, [alias, params.serialize(), key]);
  }

  async importWrappedKey(
    alias: Uint8Array,
    wrappingAlias: Uint8Array,
    params: ParamSet,
    wrapped: Uint8Array,
  ): Promise<void> {
    await this.call(Op.IMPORT_WRAPPED_KEY, [alias, wrappingAlias, params.serialize(), wrapped]);
  }

  async exportKey(alias: Uint8Array, params: ParamSet): Promise<Uint8Array> {
    return (await this.call(Op.EXPORT_KEY, [alias, params.serialize()])) as Uint8Array;
  }

  async deleteKey(alias: Uint8Array, params: ParamSet): Promise<void> {
    await this.call(Op.DELETE_KEY, [alias, params.serialize()]);
  }

  async getKeyProperties(alias: Uint8Array, params: ParamSet): Promise<ParamSet> {
    const fields = [alias, params.serialize()];
    return ParamSet.deserialize((await this.call(Op.GET_KEY_PROPERTIES, fields)) as Uint8Array);
  }

  async keyExists(alias: Uint8Array, params: ParamSet): Promise<boolean> {
    return (await this.call(Op.KEY_EXISTS, [alias, params.serialize()])) as boolean;
  }

  async listAliases(params: ParamSet): Promise<Uint8Array[]> {
    return (await this.call(Op.LIST_ALIASES, [params.serialize()])) as Uint8Array[];
  }

  async attestKey(alias: Uint8Array, params: ParamSet): Promise<string[]> {
    const list = (await this.call(Op.ATTEST_KEY, [alias, params.serialize()])) as Uint8Array[];
    return list.map((item) => Buffer.from(item).toString('utf8'));
  }

  // The session steps hand back the connection's own promise (no async wrapper: a few
  // microtask turns less on the path every small operation takes twice). A synchronous throw
  // while encoding is taken as the rejection by the api layer (KeystoreClient).

  initSession(alias: Uint8Array, params: ParamSet): Promise<SessionHandle> {
    return this.call(Op.INIT_SESSION, [alias, params.serialize()]) as Promise<SessionHandle>;
  }

  updateSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array> {
    const fields = [handle, params.serialize(), data];
    return this.call(Op.UPDATE_SESSION, fields) as Promise<Uint8Array>;
  }

  finishSession(handle: number, params: ParamSet, data: Uint8Array): Promise<Uint8Array> {
    const fields = [handle, params.serialize(), data];
    return this.call(Op.FINISH_SESSION, fields) as Promise<Uint8Array>;
  }

  async abortSession(handle: number, params: ParamSet): Promise<void> {
    await this.call(Op.ABORT_SESSION, [handle, params.serialize()]);
  }

  /** Ends this client's sessions in the daemon and closes the socket; the next call reconnects. */
  async close(): Promise<void> {
    const opening = this.connection;
    this.connection = undefined;
    this.live = undefined;
    if (opening === undefined) return;
    const connection = await opening.catch(() => undefined);
    await connection?.close();
  }

  private call(op: OpCode, fields: FieldValue[]): Promise<ResultValue> {
    const live = this.live;
    if (live !== undefined && !live.closed) return live.call(op, fields);
    return this.connect().then((connection) => connection.call(op, fields));
  }

  /** The live connection, or a new one when there is none or the last one was lost. */
  private async connect(): Promise<RemoteConnection> {
    const current = this.connection;
    if (current !== undefined) {
      const connection = await current.catch(() => undefined);
      if (connection !== undefined && !connection.closed) return connection;
      // Another call may already have started the replacement.
      if (this.connection !== current) return this.connect();
    }
    const opening = RemoteConnection.open(this.options);
    this.connection = opening;
    try {
      const connection = await opening;
      this.system = connection.welcome.isSystem;
      if (this.connection === opening) this.live = connection;
      return connection;
    } catch (error) {
      // A failed attempt is not kept: the next call tries again.
      if (this.connection === opening) this.connection = undefined;
      throw error instanceof HuksFailure ? error : new HuksFailure(HksErr.IPC_INIT_FAIL);
    }
  }
}
