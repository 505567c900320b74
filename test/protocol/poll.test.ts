// Wake-up polling (protocol/poll.ts): bounded, adaptive, off at 0, never keeps a process alive.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';

import { CrowdingProbe } from '../../src/protocol/crowding.js';
import { DEFAULT_POLL_US, pollWindowUs, POLL_ENV, WakeupPoll } from '../../src/protocol/poll.js';

const POLL_JS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'protocol',
  'poll.js');

/** A clock the test moves by hand, in milliseconds. */
function manualClock() {
  let ms = 0;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

/** A machine with idle CPUs, whatever the test runner is doing beside this test. */
const CALM = { crowded: () => false };

/** One message and its answer after `ms`; returns whether that message polled. */
function exchange(poll: WakeupPoll, clock: ReturnType<typeof manualClock>, ms: number) {
  const polled = poll.expect();
  clock.advance(ms);
  poll.arrived();
  return polled;
}

describe('wake-up polling', () => {
  it('a window of 0 never polls', () => {
    const poll = new WakeupPoll(0);
    assert.equal(poll.expect(), false);
    assert.equal(poll.polling, false);
    poll.arrived();
  });

  it('polls after a message and stops once the answer has come', async () => {
    const clock = manualClock();
    const poll = new WakeupPoll(200, clock.now, CALM);
    poll.expect();
    assert.equal(poll.polling, true);
    poll.arrived();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(poll.polling, false);
  });

  it('stops at the end of its window when no answer comes', async () => {
    const clock = manualClock();
    const poll = new WakeupPoll(200, clock.now, CALM);
    poll.expect();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(poll.polling, true);
    clock.advance(0.2);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(poll.polling, false);
  });

  it('keeps to the faster way, and tries the other one less often while it stays slower', () => {
    const clock = manualClock();
    const poll = new WakeupPoll(200, clock.now, CALM);
    // First a polled message, then a plain one, so that both ways have an average.
    assert.equal(exchange(poll, clock, 0.5), true);
    assert.equal(exchange(poll, clock, 0.1), false);
    // Polling was slower (a busy machine): plain, but for trials after 16, 32 and 64 messages.
    const ways = Array.from({ length: 112 }, () => exchange(poll, clock, 0.1));
    const trials = ways.flatMap((polled, i) => (polled ? [i] : []));
    assert.deepEqual(trials, [15, 47, 111]);
  });

  it('polls when the answers come sooner with it (an idle machine)', () => {
    const clock = manualClock();
    const poll = new WakeupPoll(200, clock.now, CALM);
    exchange(poll, clock, 0.03);
    exchange(poll, clock, 0.15);
    const ways = Array.from({ length: 48 }, () => exchange(poll, clock, 0.03));
    assert.deepEqual(ways.flatMap((polled, i) => (polled ? [] : [i])), [15, 47]);
  });

  it('follows the machine: stops polling once polled answers come later than plain ones', () => {
    const clock = manualClock();
    const poll = new WakeupPoll(200, clock.now, CALM);
    exchange(poll, clock, 0.03);
    exchange(poll, clock, 0.15);
    // The machine gets busy: polled waits now take 0.5 ms.
    const ways = Array.from({ length: 10 }, () => exchange(poll, clock, 0.5));
    assert.equal(ways[0], true);
    assert.equal(ways[9], false);
  });

  it('counts a long wait as at most five windows, so an idle peer does not decide', () => {
    const clock = manualClock();
    const poll = new WakeupPoll(200, clock.now, CALM);
    exchange(poll, clock, 0.03);
    exchange(poll, clock, 5000);
    // The plain wait counted as 1 ms, not 5 s: one fast polled answer is not outweighed.
    assert.equal(exchange(poll, clock, 0.03), true);
  });

  it('never keeps a process alive', async () => {
    const script = `import { WakeupPoll } from ${JSON.stringify(POLL_JS)};
      new WakeupPoll(1000).expect();`;
    const run = promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    const { stderr } = await run;
    assert.equal(stderr, '');
  });

  it('takes the window from the option, else HUKS_IPC_POLL_US, else the default', () => {
    assert.equal(pollWindowUs(undefined, {}), DEFAULT_POLL_US);
    assert.equal(pollWindowUs(undefined, { [POLL_ENV]: '0' }), 0);
    assert.equal(pollWindowUs(50, { [POLL_ENV]: '0' }), 50);
    assert.throws(() => pollWindowUs(undefined, { [POLL_ENV]: 'fast' }),
      { name: 'RangeError', message: /HUKS_IPC_POLL_US must be an integer from 0 to 1000/ });
    assert.throws(() => pollWindowUs(-1), { name: 'RangeError', message: /pollUs/ });
    assert.throws(() => pollWindowUs(1001), RangeError);
  });

  it('does not poll, nor count the wait, while the machine is crowded', () => {
    const clock = manualClock();
    let crowded = true;
    const poll = new WakeupPoll(200, clock.now, { crowded: () => crowded });
    assert.equal(exchange(poll, clock, 5), false);
    assert.equal(poll.polling, false);
    // The crowded waits were not counted: the first calm wait still tries polling first.
    crowded = false;
    assert.equal(exchange(poll, clock, 0.03), true);
  });
});

describe('the crowding probe', () => {
  async function loadavg(text: string): Promise<string> {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = join(await mkdtemp(join(tmpdir(), 'crowding-')), 'loadavg');
    await writeFile(path, text);
    return path;
  }

  it('reads more runnable threads than CPUs as crowded, and keeps a reading for 2 ms', async () => {
    const { availableParallelism } = await import('node:os');
    const cpus = availableParallelism();
    const path = await loadavg(`2.00 1.00 0.50 ${cpus + 1}/300 1234\n`);
    const busy = new CrowdingProbe(path);
    assert.equal(busy.crowded(0), true);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path, `2.00 1.00 0.50 1/300 1234\n`);
    assert.equal(busy.crowded(1.9), true);
    assert.equal(busy.crowded(2), false);
    busy.close();
    const calm = new CrowdingProbe(await loadavg(`0.10 0.05 0.01 ${cpus}/300 1234\n`));
    assert.equal(calm.crowded(0), false);
    calm.close();
  });

  it('is never crowded where the file is missing or unreadable', async () => {
    assert.equal(new CrowdingProbe('/nonexistent/loadavg').crowded(0), false);
    const odd = new CrowdingProbe(await loadavg('not a load average'));
    assert.equal(odd.crowded(0), false);
    odd.close();
  });
});
