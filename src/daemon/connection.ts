import type { Duplex } from 'node:stream';

import { HksErr, isHuksFailure, toExternal } from '../errors/failure.js';
import { ProtocolError, RefuseReason, type RefuseReasonCode } from '../protocol/errors.js';
import type { Frame } from '../protocol/codec.js';
import { FrameDecoder, writeFrame } from '../protocol/frame.js';
import { MAX_FRAME_BYTES, MAX_IN_FLIGHT } from '../protocol/limits.js';
import { MAX_PROTOCOL_VERSION, MIN_PROTOCOL_VERSION } from '../protocol/limits.js';
import {
  decodeHello,
  decodeRequest,
  encodeFailure,
  encodeRefused,
  encodeWelcome,
  replyFrame,
  type Request,
} from '../protocol/messages.js';
import { Op, type ResultValue } from '../protocol/operations.js';
import type { WakeupPoll } from '../protocol/poll.js';
import type { LocalKeystoreService } from '../service/keystore-service.js';
import type { Caller } from '../service/types.js';
import { dispatch } from './dispatch.js';
import type { Logger } from './logger.js';
import type { AppRecord } from './registry.js';

/** What a connection needs from the daemon around it. */
export interface ConnectionContext {
  readonly service: LocalKeystoreService;
  readonly logger: Logger;
  readonly hashAlias: (alias: Uint8Array) => string;
  /** The registered app of a HELLO token, read from the registry at each new connection. */
  findApp(token: Uint8Array): AppRecord | undefined;
  /** Called before each request: the daemon may end connections of removed apps here. */
  beforeRequest(): void;
  /** Keeps the daemon's loop awake for a while after a reply (protocol/poll.ts). */
  readonly poll: WakeupPoll;
}

/** Operations whose first field is a key alias (logged hashed). */
const ALIAS_FIRST: ReadonlySet<number> = new Set<number>([
  Op.GENERATE_KEY, Op.IMPORT_KEY, Op.IMPORT_WRAPPED_KEY, Op.EXPORT_KEY, Op.DELETE_KEY,
  Op.GET_KEY_PROPERTIES, Op.KEY_EXISTS, Op.ATTEST_KEY, Op.INIT_SESSION,
]);

/**
 * One client connection (a Unix socket in the daemon, any duplex stream in tests): HELLO and
 * the version and token checks, then pipelined requests run on the service as they arrive and
 * answered by id. A protocol violation is answered with REFUSED and ends this connection only.
 * When the connection goes, its sessions are aborted (sessions.md §9.2).
 */
export class DaemonConnection {
  private readonly decoder = new FrameDecoder(MAX_FRAME_BYTES);
  private caller: Caller | undefined;
  private appRecord: AppRecord | undefined;
  private inFlight = 0;
  private ended = false;
  private stopping = false;
  private idle: (() => void) | undefined;
  /** Resolves once the stream has closed and the sessions are aborted. */
  readonly finished: Promise<void>;
  private markFinished: () => void = () => undefined;

  constructor(
    private readonly stream: Duplex,
    readonly id: string,
    private readonly ctx: ConnectionContext,
  ) {
    this.finished = new Promise((resolve) => {
      this.markFinished = resolve;
    });
    stream.on('data', (chunk: Buffer) => {
      ctx.poll.arrived();
      this.receive(chunk);
    });
    stream.on('drain', () => this.flowControl());
    stream.on('error', () => {
      // A peer that vanishes is routine; 'close' does the clean-up.
    });
    stream.on('close', () => this.closed());
  }

  get app(): AppRecord | undefined {
    return this.appRecord;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Sends REFUSED and closes; the connection's sessions end when it has closed. */
  refuse(reason: RefuseReasonCode, message: string): void {
    if (this.ended) return;
    this.ended = true;
    const app = this.appRecord?.bundle;
    this.ctx.logger.warn({ event: 'refused', conn: this.id, app, reason, message });
    this.stream.end(encodeRefused(reason, message));
    // Keep reading (and dropping) so that the peer's end is seen and the stream closes.
    this.stream.resume();
    // A peer that never reads must not keep the socket (and its sessions) alive.
    setTimeout(() => this.stream.destroy(), 1000).unref();
  }

  /** Shutdown: read no more requests and resolve once the running ones have been answered. */
  drain(): Promise<void> {
    this.stopping = true;
    this.stream.pause();
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }

  private receive(chunk: Buffer): void {
    if (this.ended || this.stopping) return;
    try {
      for (const body of this.decoder.push(chunk)) {
        if (this.ended || this.stopping) return;
        if (this.caller === undefined) this.hello(body);
        else this.request(body);
      }
    } catch (err) {
      if (err instanceof ProtocolError) {
        this.refuse(err.reason, err.message);
        return;
      }
      // A failure of the daemon itself (the registry file, say) ends this connection only.
      this.ctx.logger.error({ event: 'error', conn: this.id, message: (err as Error).message });
      this.refuse(RefuseReason.INTERNAL, 'the daemon failed to serve the connection');
    }
  }

  private hello(body: Buffer): void {
    const hello = decodeHello(body);
    const version = Math.min(MAX_PROTOCOL_VERSION, hello.maxVersion);
    if (version < Math.max(MIN_PROTOCOL_VERSION, hello.minVersion)) {
      const ours = `${MIN_PROTOCOL_VERSION}..${MAX_PROTOCOL_VERSION}`;
      const theirs = `${hello.minVersion}..${hello.maxVersion}`;
      throw new ProtocolError(RefuseReason.VERSION, `versions ${theirs} offered, ${ours} spoken`);
    }
    const app = this.ctx.findApp(hello.token);
    if (app === undefined) {
      throw new ProtocolError(RefuseReason.UNKNOWN_TOKEN, 'unknown app token');
    }
    this.appRecord = app;
    this.caller = {
      app: app.bundle,
      userId: app.userId,
      uid: app.uid,
      isSystem: app.isSystem,
      connectionId: this.id,
    };
    this.stream.write(
      encodeWelcome({ version, isSystem: app.isSystem, app: app.bundle, userId: app.userId }),
    );
    this.ctx.logger.info({ event: 'connect', conn: this.id, app: app.bundle, user: app.userId });
  }

  private request(body: Buffer): void {
    const { id, parse } = decodeRequest(body);
    let request: Request;
    try {
      request = parse();
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      // The framing is intact: only this request is lost (12000005 for its caller).
      this.stream.write(encodeFailure(id, HksErr.IPC_MSG_FAIL, err.message));
      return;
    }
    this.ctx.beforeRequest();
    if (this.ended) return;
    this.inFlight++;
    this.flowControl();
    const pending = this.run(request);
    if (pending === undefined) this.ran();
    else void pending.then(this.ran);
  }

  private readonly ran = (): void => {
    this.inFlight--;
    this.flowControl();
  };

  /**
   * Runs a request and writes its reply: within this turn of the loop when the service
   * answers within the call (session steps), else once its promise settles (returned).
   */
  private run(request: Request): Promise<void> | undefined {
    const started = process.hrtime.bigint();
    let value: ResultValue | Promise<ResultValue>;
    try {
      if (request.op === Op.CLOSE) {
        const aborted = this.ctx.service.abortAllOf(this.id);
        this.ctx.logger.info({ event: 'close', conn: this.id, app: this.caller!.app, aborted });
        value = undefined;
      } else {
        value = dispatch(this.ctx.service, this.caller!, request);
      }
    } catch (err) {
      this.reply(request, started, failed(err));
      return undefined;
    }
    if (!(value instanceof Promise)) {
      this.reply(request, started, value);
      return undefined;
    }
    return value.then(
      (result) => this.reply(request, started, result),
      (err: unknown) => this.reply(request, started, failed(err)),
    );
  }

  private reply(request: Request, started: bigint, outcome: ResultValue | Failed): void {
    let internal = 0;
    let frame: Frame;
    if (outcome instanceof Failed) {
      internal = outcome.internal;
      frame = failureFrame(request.id, internal, outcome.detail);
    } else {
      try {
        frame = replyFrame(request.id, request.spec.result, outcome);
      } catch {
        // A result the reply cannot carry is a bug below: -999, as in process.
        internal = HksErr.INTERNAL_ERROR;
        frame = failureFrame(request.id, internal, 'internal error');
      }
      if (frame.length - 4 > MAX_FRAME_BYTES) {
        internal = HksErr.BUFFER_TOO_SMALL;
        frame = failureFrame(request.id, internal, 'the reply exceeds the IPC limit');
      }
    }
    if (!this.ended && !this.stream.destroyed) {
      writeFrame(this.stream, frame);
      // A client that got its reply usually sends its next request within microseconds.
      this.ctx.poll.expect();
    }
    // Logged once the reply is on its way: the line (~5 us in a busy daemon) is written while
    // the client reads its answer, not before.
    this.log(request, internal, started);
  }

  /**
   * One line per request: at info for every failure and every request but the successful
   * update and finish steps of a session, which are at debug. The init of a session names the
   * key used; a stream of 64 KiB updates would otherwise log a line per chunk.
   */
  private log(request: Request, internal: number, started: bigint): void {
    const logger = this.ctx.logger;
    const step = internal === 0
      && (request.op === Op.UPDATE_SESSION || request.op === Op.FINISH_SESSION);
    if (step ? logger.debugEnabled?.() !== true : logger.infoEnabled?.() === false) return;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const first = request.fields[0];
    const entry: Record<string, unknown> = {
      event: 'request',
      conn: this.id,
      app: this.caller!.app,
      user: this.caller!.userId,
      op: request.spec.name,
      code: internal === 0 ? 0 : toExternal(internal).code,
      ms: Math.round(ms * 1000) / 1000,
    };
    if (internal !== 0) entry['internal'] = internal;
    if (ALIAS_FIRST.has(request.op) && first instanceof Uint8Array) {
      entry['alias'] = this.ctx.hashAlias(first);
    }
    if (typeof first === 'number') entry['session'] = first;
    if (step) logger.debug!(entry);
    else logger.info(entry);
  }

  /** Backpressure: stop reading while too many requests run or replies are not being read. */
  private flowControl(): void {
    if (this.stopping) {
      if (this.inFlight === 0 && this.idle !== undefined) {
        const idle = this.idle;
        this.idle = undefined;
        idle();
      }
      return;
    }
    const busy = this.inFlight >= MAX_IN_FLIGHT || this.stream.writableNeedDrain;
    if (busy) this.stream.pause();
    else if (this.stream.isPaused()) this.stream.resume();
  }

  private closed(): void {
    this.ended = true;
    const aborted = this.ctx.service.abortAllOf(this.id);
    if (this.caller !== undefined) {
      const app = this.caller.app;
      this.ctx.logger.info({ event: 'disconnect', conn: this.id, app, aborted });
    }
    this.flowControl();
    this.markFinished();
  }
}

/** A request's failure, as the reply carries it. */
class Failed {
  constructor(
    readonly internal: number,
    readonly detail: string,
  ) {}
}

/** Anything but a HuksFailure is a bug below; in process it reads as -999 too. */
function failed(err: unknown): Failed {
  if (isHuksFailure(err)) return new Failed(err.internal, err.detail ?? '');
  return new Failed(HksErr.INTERNAL_ERROR, 'internal error');
}

function failureFrame(id: number, internal: number, detail: string): Frame {
  const buffer = encodeFailure(id, internal, detail);
  return { chunks: [buffer], length: buffer.length };
}
