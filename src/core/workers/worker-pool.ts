import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import { HksErr, HuksFailure } from '../../errors/failure.js';
import {
  fromTransferred, type GenerateRequest, type WorkerReply, type WorkerRequest,
} from './messages.js';

/** At most this many threads per pool: slow requests are rare, and each thread costs ~10 MiB. */
export const MAX_WORKERS = 4;

/** A request before it is given an id. */
export type WorkerTask = Omit<GenerateRequest, 'id'>;

interface Pending {
  readonly request: WorkerRequest;
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  /** The task this worker is running, if any. */
  current: Pending | undefined;
}

const WORKER_URL = new URL('./core-worker.js', import.meta.url);

/**
 * A small pool of core worker threads (node:worker_threads) for work that would stall the
 * event loop: one app's RSA-4096 generation must not delay another app's 64-byte encryption.
 * Threads start on the first task, not before. A thread is referenced only while it runs a
 * task, so an idle pool never keeps the process alive, while an awaited task still does.
 */
export class WorkerPool {
  private readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(size: number = defaultSize()) {
    this.size = Math.max(1, size);
  }

  /** Threads started and not yet closed. */
  get threads(): number {
    return this.slots.length;
  }

  /**
   * Runs a task on a worker; resolves with the bytes it produced.
   * @throws (rejects) the task's own HuksFailure; -1 (12000012) when the pool is closed
   *   before the task ran or a thread dies.
   */
  run(task: WorkerTask): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { ...task, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every thread; queued and running tasks fail. A later run() starts threads again. */
  close(): void {
    const closed = () => new HuksFailure(HksErr.FAILURE, 'the keystore was closed');
    for (const pending of this.queue.splice(0)) pending.reject(closed());
    for (const slot of this.slots.splice(0)) {
      slot.current?.reject(closed());
      slot.current = undefined;
      void slot.worker.terminate();
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.current === undefined)
        ?? (this.slots.length < this.size ? this.start() : undefined);
      if (slot === undefined) return;
      const pending = this.queue.shift()!;
      slot.current = pending;
      slot.worker.ref();
      slot.worker.postMessage(pending.request);
    }
  }

  private start(): Slot {
    const worker = new Worker(WORKER_URL);
    const slot: Slot = { worker, current: undefined };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.settle(slot, reply));
    worker.on('error', (error) => this.fail(slot, error));
    worker.on('exit', () => this.fail(slot, new Error('a core worker exited')));
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    const pending = slot.current;
    if (pending === undefined || pending.request.id !== reply.id) return;
    slot.current = undefined;
    slot.worker.unref();
    if (reply.ok) pending.resolve(reply.bytes);
    else pending.reject(fromTransferred(reply.error));
    this.dispatch();
  }

  /** A thread that died fails its task and leaves the pool; the queue moves to the others. */
  private fail(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const pending = slot.current;
    slot.current = undefined;
    pending?.reject(new HuksFailure(HksErr.FAILURE, `core worker failed: ${error.message}`));
    void slot.worker.terminate();
    this.dispatch();
  }
}

/** One thread fewer than the machine has, so the main thread keeps a core: 1 to MAX_WORKERS. */
function defaultSize(): number {
  return Math.min(MAX_WORKERS, Math.max(1, availableParallelism() - 1));
}
