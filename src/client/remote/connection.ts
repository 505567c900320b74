import { connect, type Socket } from 'node:net';

import { HksErr, HuksFailure } from '../../errors/failure.js';
import { FrameDecoder, writeFrame } from '../../protocol/frame.js';
import {
  MAX_FRAME_BYTES,
  MAX_PROTOCOL_VERSION,
  MIN_PROTOCOL_VERSION,
} from '../../protocol/limits.js';
import {
  decodeReplyValue,
  decodeServerMessage,
  encodeHello,
  Kind,
  requestFrame,
  type ServerMessage,
  type Welcome,
} from '../../protocol/messages.js';
import {
  Op,
  specOf,
  type FieldValue,
  type OpCode,
  type ResultKind,
  type ResultValue,
} from '../../protocol/operations.js';
import { pollWindowUs, WakeupPoll } from '../../protocol/poll.js';

export interface ConnectionOptions {
  /** The daemon's Unix socket. */
  readonly socketPath: string;
  /** The app token `huks app add` printed. */
  readonly token: string;
  /** Milliseconds a connect or a call may take before it fails with 12000005 "IPC timed out.". */
  readonly timeoutMs: number;
  /**
   * Microseconds to keep polling for a reply after each request (protocol/poll.ts); default
   * HUKS_IPC_POLL_US, else 200; 0 turns polling off.
   */
  readonly pollUs?: number;
}

interface Pending {
  readonly kind: ResultKind;
  readonly resolve: (value: ResultValue) => void;
  readonly reject: (error: HuksFailure) => void;
  /** performance.now() after which the call fails with "IPC timed out.". */
  readonly deadline: number;
}

/** errors.md §4, 12000005: the reference's IPC failures, each with its own message. */
const ipcInit = (detail: string) => new HuksFailure(HksErr.IPC_INIT_FAIL, detail);
const ipcMessage = (detail: string) => new HuksFailure(HksErr.IPC_MSG_FAIL, detail);
const ipcTimeout = (detail: string) => new HuksFailure(HksErr.COMMUNICATION_TIMEOUT, detail);

/**
 * One welcomed connection to the daemon, carrying any number of concurrent requests (each
 * with its own id). When it breaks, every pending call fails with 12000005 and the connection
 * stays closed: the client opens a new one at its next call.
 */
export class RemoteConnection {
  private readonly pending = new Map<number, Pending>();
  private readonly decoder = new FrameDecoder(MAX_FRAME_BYTES);
  private nextId = 1;
  private ended = false;
  /**
   * One timer for all calls, set for the oldest pending call's deadline: a timer per call
   * would be armed and cleared at every request. Calls share one timeout, so insertion order
   * (the Map's) is deadline order.
   */
  private timer: NodeJS.Timeout | undefined;
  /** close() calls waiting for the pending calls to settle. */
  private idleWaiters: (() => void)[] = [];

  private constructor(
    private readonly socket: Socket,
    readonly welcome: Welcome,
    private readonly timeoutMs: number,
    private readonly poll: WakeupPoll,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.poll.arrived();
      this.receive(chunk);
    });
    socket.on('close', () => this.fail(ipcMessage('the connection to the daemon was lost')));
    socket.on('error', () => {
      // 'close' follows and fails the pending calls; nothing else to do here.
    });
    // An idle connection must not keep the process alive; a pending call does (see call()).
    socket.unref();
  }

  /**
   * Connects and exchanges HELLO/WELCOME.
   * @throws HuksFailure -33 (12000005 "IPC initialization failed.") when there is no daemon or
   *   it refuses the token or version; -32 ("IPC timed out.") when it does not answer in time.
   */
  static open(options: ConnectionOptions): Promise<RemoteConnection> {
    const poll = new WakeupPoll(pollWindowUs(options.pollUs));
    return new Promise((resolve, reject) => {
      const socket = connect(options.socketPath);
      const decoder = new FrameDecoder(MAX_FRAME_BYTES);
      let settled = false;

      const onError = (err: NodeJS.ErrnoException) =>
        finish(ipcInit(`cannot reach the daemon at ${options.socketPath}: ${err.code ?? err}`));
      const onClose = () => finish(ipcInit('the daemon closed the connection at HELLO'));
      const onConnect = () => {
        const token = Buffer.from(options.token, 'utf8');
        const versions = { minVersion: MIN_PROTOCOL_VERSION, maxVersion: MAX_PROTOCOL_VERSION };
        socket.write(encodeHello({ ...versions, token }));
      };
      const onData = (chunk: Buffer) => {
        try {
          const [body] = decoder.push(chunk);
          if (body !== undefined) finish(...answerToHello(decodeServerMessage(body)));
        } catch (err) {
          finish(ipcInit(`malformed answer to HELLO: ${(err as Error).message}`));
        }
      };
      const timer = setTimeout(
        () => finish(ipcTimeout(`no answer from ${options.socketPath}`)),
        options.timeoutMs,
      );

      // The daemon sends nothing after WELCOME until asked, so no bytes are left over here.
      function finish(error: HuksFailure | undefined, welcome?: Welcome): void {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.off('error', onError).off('close', onClose);
        socket.off('connect', onConnect).off('data', onData);
        if (error === undefined && welcome !== undefined) {
          resolve(new RemoteConnection(socket, welcome, options.timeoutMs, poll));
          return;
        }
        socket.on('error', () => undefined);
        socket.destroy();
        reject(error ?? ipcInit('no WELCOME'));
      }

      socket.on('error', onError).on('close', onClose);
      socket.on('connect', onConnect).on('data', onData);
    });
  }

  get closed(): boolean {
    return this.ended;
  }

  /**
   * Sends one request and resolves with its result.
   * @throws HuksFailure: the service's own failure as it came; -3 (401) for a request above the
   *   frame limit (the reference's IPC buffer check); -28 (12000005) when the connection is lost
   *   or the reply is malformed; -32 (12000005) after the timeout.
   */
  call(op: OpCode, fields: readonly FieldValue[]): Promise<ResultValue> {
    if (this.ended) return Promise.reject(ipcMessage('the connection to the daemon was lost'));
    const id = this.takeId();
    const frame = requestFrame(id, op, fields);
    if (frame.length - 4 > MAX_FRAME_BYTES) {
      const size = frame.length - 4;
      return Promise.reject(
        new HuksFailure(HksErr.INVALID_ARGUMENT, `request of ${size} bytes exceeds the IPC limit`),
      );
    }
    const kind = specOf(op)!.result;
    return new Promise((resolve, reject) => {
      const deadline = performance.now() + this.timeoutMs;
      this.pending.set(id, { kind, resolve, reject, deadline });
      this.armTimer();
      this.socket.ref();
      writeFrame(this.socket, frame);
      this.poll.expect();
    });
  }

  /**
   * Waits for the calls already made to settle (each ends by its reply or its timeout), then
   * asks the daemon to end this connection's sessions and closes. Never fails. Waiting first
   * matters: the daemon may answer CLOSE before a slower earlier request, and closing then
   * would report 12000005 for work the daemon did.
   */
  async close(): Promise<void> {
    if (this.ended) return;
    if (this.pending.size > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      if (this.ended) return;
    }
    try {
      await this.call(Op.CLOSE, []);
    } catch {
      // The daemon aborts a closed connection's sessions anyway (sessions.md §9.2).
    }
    this.destroy();
  }

  destroy(): void {
    this.fail(ipcMessage('the connection was closed'));
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    try {
      for (const body of this.decoder.push(chunk)) this.dispatch(decodeServerMessage(body));
    } catch (err) {
      this.fail(ipcMessage(`malformed reply from the daemon: ${(err as Error).message}`));
      this.socket.destroy();
    }
  }

  private dispatch(message: ServerMessage): void {
    if (message.kind === Kind.REFUSED) {
      this.fail(ipcMessage(`the daemon ended the connection: ${message.refused.message}`));
      this.socket.destroy();
      return;
    }
    if (message.kind === Kind.WELCOME) throw new Error('a second WELCOME');
    // A reply to a call that already timed out is dropped.
    const call = this.settle(message.id);
    if (call === undefined) return;
    if (message.kind === Kind.FAILURE) {
      call.reject(new HuksFailure(message.internal, message.detail));
      return;
    }
    try {
      call.resolve(decodeReplyValue(message.body, call.kind));
    } catch (err) {
      call.reject(ipcMessage(`malformed reply: ${(err as Error).message}`));
    }
  }

  private settle(id: number): Pending | undefined {
    const call = this.pending.get(id);
    if (call === undefined) return undefined;
    this.pending.delete(id);
    if (this.pending.size === 0) {
      this.socket.unref();
      if (this.idleWaiters.length > 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    }
    return call;
  }

  private fail(error: HuksFailure): void {
    this.ended = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  /** Sets the timer for the oldest pending call, unless one is set (it re-arms itself). */
  private armTimer(): void {
    if (this.timer !== undefined) return;
    const oldest = this.pending.values().next().value as Pending | undefined;
    if (oldest === undefined) return;
    const delay = Math.max(0, Math.ceil(oldest.deadline - performance.now()));
    // The socket is ref'd while calls are pending, so the timer need not keep the process.
    this.timer = setTimeout(this.expire, delay).unref();
  }

  /** Fails the calls whose deadline has passed, then waits for the next oldest. */
  private readonly expire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (const [id, call] of this.pending) {
      if (call.deadline > now) break;
      this.settle(id);
      call.reject(ipcTimeout(`no reply in ${this.timeoutMs} ms`));
    }
    this.armTimer();
  };

  private takeId(): number {
    const id = this.nextId;
    // Ids are u32 and never 0 (0 marks connection-level messages).
    this.nextId = id === 0xffffffff ? 1 : id + 1;
    return id;
  }
}

function answerToHello(message: ServerMessage): [HuksFailure | undefined, Welcome?] {
  if (message.kind === Kind.WELCOME) return [undefined, message.welcome];
  if (message.kind === Kind.REFUSED) {
    return [ipcInit(`the daemon refused the connection: ${message.refused.message}`)];
  }
  return [ipcInit('the daemon answered HELLO with another message')];
}
