/**
 * Bounded, adaptive polling of the event loop while an answer is expected (docs/protocol.md
 * "Wake-up polling").
 *
 * Waking a process that sleeps in epoll_wait costs ~100-150 us on a small VM (the idle vCPU
 * has to be woken, and the writer pays for it too), more than the keystore's own work for a
 * small operation, and a request makes two such wake-ups (request, reply). After a message is
 * sent, a side that expects an answer can keep its event loop turning with setImmediate for a
 * short window, so that the answer is picked up by a loop that is still awake. This trades CPU
 * for latency, so it is:
 * - bounded: at most `windowUs` after each message, then the loop may sleep again;
 * - adaptive: it pays only while the machine has idle CPUs. On a busy machine there is no
 *   wake-up to save and a polling process takes CPU from the one it waits for, so answers come
 *   later. Each side keeps the average time to an answer with and without polling, uses the
 *   faster way and now and then tries the other one, to follow the machine;
 * - off on a crowded machine: with more runnable threads than CPUs (crowding.ts), a poller
 *   takes CPU from the very process it waits for and from the daemon's other clients, a cost
 *   its own timings cannot see (eight clients on two CPUs ran 30% slower polling);
 * - off with a window of 0 (option or HUKS_IPC_POLL_US=0).
 * The immediates are ref'd (an unref'd immediate lets the loop block, which defeats the
 * purpose), but a window ends on its own within `windowUs`, so it never keeps a process alive.
 */

import { sharedCrowdingProbe, type CrowdingProbe } from './crowding.js';

/** Default window: a small request's round trip and service time with both loops awake. */
export const DEFAULT_POLL_US = 200;

/** The environment variable that sets the window on both sides; 0 turns polling off. */
export const POLL_ENV = 'HUKS_IPC_POLL_US';

/** Largest accepted window: polling longer than a millisecond is waste, not a trade. */
const MAX_POLL_US = 1000;

/**
 * One message in 16 is sent the other way (polled or not) to keep both averages current; each
 * time that confirms the choice, the other way is tried half as often, down to one in 256
 * (on a busy machine a polled wait is slow, so trying it often costs); a flip starts over.
 */
const EXPLORE_MIN = 16;
const EXPLORE_MAX = 256;

/** Weight of a new sample in the running averages (an exponential moving average)... */
const WEIGHT = 1 / 8;
/** ...and of a trial of the other way: that average is old, the new sample counts more. */
const TRIAL_WEIGHT = 1 / 2;

/**
 * Waits are counted up to this many windows: a longer one (a peer that was idle, a stalled
 * machine) says nothing about wake-ups and must not outweigh many short ones.
 */
const CAP_WINDOWS = 5;

export class WakeupPoll {
  /** Average milliseconds from a message to its answer, with and without polling. */
  private polledMs = Number.NaN;
  private plainMs = Number.NaN;
  private sentAt = 0;
  private deadline = 0;
  private sinceTrial = 0;
  private trialEvery = EXPLORE_MIN;
  /** This wait tries the way that is not the faster one. */
  private trial = false;
  /** An answer is awaited; `polled` says whether this wait polls. */
  private waiting = false;
  /** This wait goes into the averages (not when the machine was crowded). */
  private counted = false;
  private polled = false;
  private running = false;

  /**
   * @param windowUs microseconds to keep polling after each message; 0 = never poll.
   * @param now the clock in milliseconds (tests pass their own).
   */
  constructor(
    readonly windowUs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly crowding: Pick<CrowdingProbe, 'crowded'> = sharedCrowdingProbe(),
  ) {}

  /**
   * A message was sent and an answer is expected: maybe keep the loop awake for a while.
   * @returns whether this wait polls.
   */
  expect(): boolean {
    if (this.windowUs <= 0) return false;
    const now = this.now();
    this.sentAt = now;
    this.waiting = true;
    // A crowded machine's waits say nothing about wake-ups: not polled, and not counted.
    this.counted = !this.crowding.crowded(now);
    this.polled = this.counted && this.choosePolling();
    if (!this.polled) return false;
    this.deadline = now + this.windowUs / 1000;
    if (!this.running) {
      this.running = true;
      setImmediate(this.tick);
    }
    return true;
  }

  /** Bytes came in: the wait is over; its duration goes into the average of its way. */
  arrived(): void {
    if (!this.waiting) return;
    this.waiting = false;
    if (!this.counted) return;
    const ms = Math.min(this.now() - this.sentAt, (CAP_WINDOWS * this.windowUs) / 1000);
    const weight = this.trial ? TRIAL_WEIGHT : WEIGHT;
    if (this.polled) this.polledMs = average(this.polledMs, ms, weight);
    else this.plainMs = average(this.plainMs, ms, weight);
    if (!this.trial) return;
    this.trial = false;
    // The trial's way is still the slower one: try it less often; else start over.
    const confirmed = this.polled ? this.plainMs <= this.polledMs : this.polledMs < this.plainMs;
    this.trialEvery = confirmed ? Math.min(this.trialEvery * 2, EXPLORE_MAX) : EXPLORE_MIN;
  }

  /** Whether the loop is being kept awake now (for tests). */
  get polling(): boolean {
    return this.running;
  }

  /**
   * The faster way so far (not polling when even), or now and then the other one; a way
   * without a sample yet is tried first.
   */
  private choosePolling(): boolean {
    this.trial = false;
    if (Number.isNaN(this.polledMs)) return true;
    if (Number.isNaN(this.plainMs)) return false;
    const faster = this.polledMs < this.plainMs;
    if (++this.sinceTrial < this.trialEvery) return faster;
    this.sinceTrial = 0;
    this.trial = true;
    return !faster;
  }

  private readonly tick = (): void => {
    if (!this.waiting || !this.polled || this.now() >= this.deadline) {
      this.running = false;
      return;
    }
    setImmediate(this.tick);
  };
}

function average(current: number, sample: number, weight: number): number {
  return Number.isNaN(current) ? sample : current + (sample - current) * weight;
}

/**
 * The window from an option, else HUKS_IPC_POLL_US, else DEFAULT_POLL_US.
 * @throws RangeError naming the option or variable for a value that is not an integer in
 *   0..1000.
 */
export function pollWindowUs(option: number | undefined, env = process.env): number {
  if (option !== undefined) return checkWindow(option, 'pollUs');
  const text = env[POLL_ENV];
  if (text === undefined || text === '') return DEFAULT_POLL_US;
  return checkWindow(Number(text), POLL_ENV);
}

function checkWindow(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_POLL_US) {
    throw new RangeError(`openhuks: ${name} must be an integer from 0 to ${MAX_POLL_US}`);
  }
  return value;
}
