#!/usr/bin/env python3
"""Regenerates src/errors/adapter-table.ts from ../shared/spec/errors.md §4 (internal -> external)."""
import re
import sys

SPEC = sys.argv[1] if len(sys.argv) > 1 else '../shared/spec/errors.md'
OUT = sys.argv[2] if len(sys.argv) > 2 else 'src/errors/adapter-table.ts'

text = open(SPEC).read()
section = text.split('## 4. Full adapter mapping')[1].split('## 5.')[0]
rows, external = [], None
for line in section.split('\n'):
    head = re.match(r'### (\d+) ', line)
    if head:
        external = int(head.group(1))
        continue
    cells = [c.strip() for c in line.strip().strip('|').split('|')]
    if external and len(cells) == 3 and re.fullmatch(r'-?\d+', cells[1]):
        rows.append((cells[0], int(cells[1]), external, cells[2]))

out = ['// Generated from ../shared/spec/errors.md §4 by scripts/gen-errors.py: the reference',
       '// adapter table, searched top to bottom, first match wins. Do not edit by hand.', '',
       'export interface AdapterRow {',
       '  readonly name: string;',
       '  readonly internal: number;',
       '  readonly external: number;',
       '  readonly message: string;',
       '}', '',
       'export const ADAPTER_TABLE: readonly AdapterRow[] = Object.freeze([']
for name, internal, ext, msg in rows:
    out.append(f'  {{ name: "{name}", internal: {internal}, external: {ext},')
    out.append(f'    message: "{msg}" }},')
out += [']);', '']
open(OUT, 'w').write('\n'.join(out))
print(len(rows), 'rows')
