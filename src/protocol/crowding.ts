import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * Whether the machine has more runnable threads than CPUs right now (Linux: the running count
 * of /proc/loadavg), for wake-up polling (poll.ts): a process that polls on a crowded machine
 * takes a CPU from the process whose answer it waits for, and from every other client of the
 * daemon, which its own timings cannot see. Elsewhere, or when the file cannot be read, the
 * answer is always "not crowded" and polling stays with its own measurements.
 */
export class CrowdingProbe {
  /** How long a reading stands: reading costs ~1.5 us, polling decisions come per message. */
  static readonly TTL_MS = 2;

  private fd: number | undefined;
  private readonly buffer = Buffer.alloc(128);
  private readonly cpus = availableParallelism();
  private checkedAt = Number.NEGATIVE_INFINITY;
  private last = false;

  constructor(path = '/proc/loadavg') {
    try {
      this.fd = openSync(path, 'r');
    } catch {
      this.fd = undefined;
    }
  }

  /** @param now the caller's clock in milliseconds (a reading is kept for TTL_MS). */
  crowded(now: number): boolean {
    if (this.fd === undefined) return false;
    if (now - this.checkedAt < CrowdingProbe.TTL_MS) return this.last;
    this.checkedAt = now;
    const running = this.running();
    // The reader counts itself, and a poller that is running is expected: only more than one
    // thread per CPU is a crowd.
    this.last = running !== undefined && running > this.cpus;
    return this.last;
  }

  close(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) closeSync(fd);
  }

  /** "0.26 0.09 0.03 3/123 4567": the 3 before the slash, or undefined if unreadable. */
  private running(): number | undefined {
    let text: string;
    try {
      const length = readSync(this.fd!, this.buffer, 0, this.buffer.length, 0);
      text = this.buffer.toString('latin1', 0, length);
    } catch {
      this.close();
      return undefined;
    }
    const field = text.split(' ')[3];
    const running = field === undefined ? Number.NaN : Number.parseInt(field, 10);
    return Number.isInteger(running) ? running : undefined;
  }
}

/** One probe per process: the daemon's connections and a client's share it. */
let shared: CrowdingProbe | undefined;

export function sharedCrowdingProbe(): CrowdingProbe {
  shared ??= new CrowdingProbe();
  return shared;
}
