import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Outcome } from './huks.js';
import { toHex, type VFile, type VTest } from './files.js';

/**
 * What a vector must produce through the public API.
 * - output: success with exactly these bytes (hex; '' for a verification, which yields nothing)
 * - refuse: failure with one of the codes (an `invalid` test)
 * - notReproduce: an `invalid` MAC/KDF test, whose stated output must not come out
 * - either: an `acceptable` test; the exact output or one of the codes
 * - specRefuse: a `valid`/`acceptable` test whose parameters the spec refuses, with that code
 */
export type Expect =
  | { kind: 'output'; want: string }
  | { kind: 'refuse'; codes: readonly number[] }
  | { kind: 'notReproduce'; want: string; codes: readonly number[] }
  | { kind: 'either'; want: string; codes: readonly number[] }
  | { kind: 'specRefuse'; codes: readonly number[]; reason: string };

const MAX_LISTED = 10;

class Histogram {
  readonly counts = new Map<string, number>();
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  toString(): string {
    return [...this.counts].map(([k, v]) => `${k} x${v}`).join('; ');
  }
}

function describe(o: Outcome): string {
  if (o.ok) return `success (${o.out.length} bytes: ${toHex(o.out).slice(0, 64)})`;
  return `${o.code ?? 'no code'} "${o.message}" at ${o.stage}`;
}

/** Whether an outcome satisfies an expectation (the same rules as Tally.check). */
export function matches(o: Outcome, e: Expect): boolean {
  const coded = !o.ok && o.code !== undefined && e.kind !== 'output' && e.codes.includes(o.code);
  switch (e.kind) {
    case 'output':
      return o.ok && toHex(o.out) === e.want;
    case 'refuse':
    case 'specRefuse':
      return coded;
    case 'notReproduce':
      return (o.ok && toHex(o.out) !== e.want) || coded;
    case 'either':
      return (o.ok && toHex(o.out) === e.want) || coded;
  }
}

/** Per-file bookkeeping: every test must be counted exactly once, each skip names its reason. */
export class Tally {
  validOk = 0;
  readonly invalidRefused = new Histogram();
  invalidNotReproduced = 0;
  acceptableAccepted = 0;
  readonly acceptableRefused = new Histogram();
  readonly specRefused = new Histogram();
  readonly skipped = new Histogram();
  readonly failures: string[] = [];
  private seen = 0;

  constructor(
    readonly name: string,
    private readonly file: VFile,
  ) {}

  private where(t: VTest): string {
    return `${this.name} tcId ${t.tcId} [${t.result}] ${t.comment}`;
  }

  skip(t: VTest, reason: string): void {
    this.seen++;
    this.skipped.add(reason);
  }

  /** Records a mismatch the harness itself detected (e.g. an unusable vector). */
  fail(t: VTest, why: string): void {
    this.seen++;
    this.failures.push(`${this.where(t)}: ${why}`);
  }

  /** Runs several checks of one vector (e.g. encrypt then decrypt); counts the first miss. */
  checkAll(t: VTest, steps: Array<[Outcome, Expect]>): void {
    const miss = steps.find(([o, e]) => !matches(o, e));
    const [o, e] = miss ?? steps[steps.length - 1]!;
    this.check(t, o, e);
  }

  check(t: VTest, o: Outcome, e: Expect): void {
    this.seen++;
    const bad = (want: string): void => {
      this.failures.push(`${this.where(t)}: expected ${want}, got ${describe(o)}`);
    };
    const coded = (codes: readonly number[]): boolean =>
      !o.ok && o.code !== undefined && codes.includes(o.code);
    switch (e.kind) {
      case 'output':
        if (o.ok && toHex(o.out) === e.want) this.validOk++;
        else bad(`success with ${e.want.slice(0, 64) || 'no output'}`);
        return;
      case 'refuse':
        if (coded(e.codes)) this.invalidRefused.add(`${(o as { code: number }).code}`);
        else bad(`failure with ${e.codes.join(' or ')}`);
        return;
      case 'notReproduce':
        if (o.ok && toHex(o.out) !== e.want) this.invalidNotReproduced++;
        else if (coded(e.codes)) this.invalidRefused.add(`${(o as { code: number }).code}`);
        else bad(`an output other than ${e.want} or failure with ${e.codes.join(' or ')}`);
        return;
      case 'either':
        if (o.ok && toHex(o.out) === e.want) this.acceptableAccepted++;
        else if (coded(e.codes)) this.acceptableRefused.add(`${(o as { code: number }).code}`);
        else bad(`success with ${e.want.slice(0, 64) || 'no output'} or ${e.codes.join('/')}`);
        return;
      case 'specRefuse':
        if (coded(e.codes)) this.specRefused.add(`${(o as { code: number }).code}: ${e.reason}`);
        else bad(`failure with ${e.codes.join(' or ')} (${e.reason})`);
        return;
    }
  }

  summary(): string {
    const parts = [`${this.validOk} valid ok`];
    const inv = this.invalidRefused.total() + this.invalidNotReproduced;
    let invText = `${inv} invalid refused`;
    if (this.invalidRefused.total() > 0) invText += ` (code ${this.invalidRefused})`;
    if (this.invalidNotReproduced > 0) {
      invText += ` [${this.invalidNotReproduced} of them: stated output not reproduced]`;
    }
    parts.push(invText);
    const acc = this.acceptableAccepted + this.acceptableRefused.total();
    if (acc > 0) {
      let a = `${acc} acceptable (${this.acceptableAccepted} accepted`;
      if (this.acceptableRefused.total() > 0) a += `, refused with code ${this.acceptableRefused}`;
      parts.push(a + ')');
    }
    if (this.specRefused.total() > 0) {
      const n = this.specRefused.total();
      parts.push(`${n} refused as the spec requires (code ${this.specRefused})`);
    }
    let sk = `${this.skipped.total()} skipped`;
    if (this.skipped.total() > 0) sk += ` (${this.skipped})`;
    parts.push(sk);
    if (this.failures.length > 0) parts.push(`${this.failures.length} FAILED`);
    return `${this.name}: ${parts.join(', ')}`;
  }

  /** Prints the summary line and fails the test on any mismatch or uncounted vector. */
  finish(t: TestContext): void {
    const line = this.summary();
    t.diagnostic(line);
    for (const f of this.failures.slice(0, MAX_LISTED)) t.diagnostic('  FAIL ' + f);
    assert.equal(this.seen, this.file.numberOfTests, `${this.name}: every vector counted once`);
    assert.deepEqual(
      this.failures.slice(0, MAX_LISTED),
      [],
      `${this.name}: ${this.failures.length} vectors disagree with the spec`,
    );
  }
}
