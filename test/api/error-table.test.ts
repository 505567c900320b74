import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { HuksExceptionErrCode } from '../../src/common/enums.js';
import { ADAPTER_TABLE } from '../../src/errors/adapter-table.js';
import { toExternal } from '../../src/errors/failure.js';

// The one error table held against errors.md, read at test time: §2 (the external codes and
// the distinct messages each can carry) and §4 (every internal -> external row, in order).

const SPEC = readFileSync(new URL('../../../../shared/spec/errors.md', import.meta.url), 'utf8');

function section(number: number): string[] {
  const lines = SPEC.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## ${number}. `));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  assert.ok(start >= 0, `errors.md §${number}`);
  return lines.slice(start, end);
}

interface CatalogueRow {
  readonly code: number;
  readonly member: string;
  readonly messages: Set<string>;
}

function catalogue(): CatalogueRow[] {
  const rows: CatalogueRow[] = [];
  for (const line of section(2)) {
    const cells = line.split('|').map((c) => c.trim());
    if (!/^\d+$/.test(cells[1] ?? '')) continue;
    const quoted = [...(cells[6] ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    rows.push({ code: Number(cells[1]), member: cells[2]!, messages: new Set(quoted) });
  }
  return rows;
}

/** What the adapter can deliver per external code, its two fallbacks included (§4). */
function deliverable(): Map<number, Set<string>> {
  const byCode = new Map<number, Set<string>>();
  const add = (code: number, message: string) => {
    const set = byCode.get(code) ?? new Set<string>();
    set.add(message);
    byCode.set(code, set);
  };
  for (const row of ADAPTER_TABLE) add(row.external, row.message);
  for (const unlisted of [-12345, -799]) {
    // An unknown code falls back to 12000012, an unlisted SE-range code to 12000026.
    const { code, message } = toExternal(unlisted);
    add(code, message);
  }
  return byCode;
}

test('errors.md §2 and the adapter table list the same external codes and messages', () => {
  const rows = catalogue();
  assert.equal(rows.length, 31);
  const table = deliverable();
  assert.deepEqual([...table.keys()].sort((a, b) => a - b), rows.map((r) => r.code));
  for (const row of rows) {
    assert.deepEqual([...table.get(row.code)!].sort(), [...row.messages].sort(), `${row.code}`);
  }
});

test('errors.md §2 members are HuksExceptionErrCode with the same numbers', () => {
  for (const row of catalogue()) {
    const runtimeName = row.member
      .replace('HUKS_ERR_CODE_DEPENDENT_MODULES_ERROR', 'HUKS_ERR_CODE_EXTERNAL_MODULE');
    const codes = HuksExceptionErrCode as Record<string, number>;
    assert.equal(codes[runtimeName], row.code, row.member);
  }
  assert.equal(Object.keys(HuksExceptionErrCode).length, 31);
});

test('errors.md §4: every row in order, and toExternal answers it', () => {
  const rows: Array<{ internal: number; external: number; message: string }> = [];
  let external = 0;
  for (const line of section(4)) {
    const heading = /^### (\d+) \(/.exec(line);
    if (heading) external = Number(heading[1]);
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length === 5 && /^-?\d+$/.test(cells[2]!)) {
      rows.push({ internal: Number(cells[2]), external, message: cells[3]! });
    }
  }
  assert.equal(rows.length, 161 - 1); // entry 0 (success) is never delivered
  assert.deepEqual(
    ADAPTER_TABLE.map((r) => ({ internal: r.internal, external: r.external, message: r.message })),
    rows,
  );
  for (const row of rows) {
    const first = rows.find((r) => r.internal === row.internal)!;
    // The one openhuks decision: -43 reads as 12000008 (errors.md §4).
    assert.deepEqual(toExternal(row.internal), { code: first.external, message: first.message });
  }
  assert.deepEqual(toExternal(-43), {
    code: 12000008,
    message: 'The authentication token verification failed.',
  });
});
