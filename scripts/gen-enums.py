#!/usr/bin/env python3
"""Regenerates src/common/enums.ts from ../shared/spec/tags.md (every enum with its numbers)."""
import re
import sys

SPEC = sys.argv[1] if len(sys.argv) > 1 else '../shared/spec/tags.md'
OUT = sys.argv[2] if len(sys.argv) > 2 else 'src/common/enums.ts'

text = open(SPEC).read()
order, enums = [], {}
allowed, refused = [], []
for block in re.split(r'\n(?=#{2,3} )', text):
    head = re.match(r'#{2,3} [^\n]*?`(Huks\w+)`', block)
    internal = block.startswith('## 3. Internal tags')
    if not head and not internal:
        continue
    name = 'InternalTag' if internal else head.group(1)
    for line in block.split('\n'):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) < 2:
            continue
        member = re.match(r'[A-Z][A-Z0-9_]+', cells[0])
        value = re.match(r'-?\d+', cells[1])
        if not member or not value or member.group(0) != cells[0].split(' ')[0]:
            continue
        accepted = next((c for c in cells if c in ('yes', 'no')), None)
        if accepted is not None and name in ('HuksTag', 'InternalTag'):
            (allowed if accepted == 'yes' else refused).append(int(value.group(0)))
        if name not in enums:
            order.append(name)
            enums[name] = []
        enums[name].append((member.group(0), int(value.group(0))))

TAG_ENUMS = ('HuksTagType', 'HuksTag', 'InternalTag')
TAGS_OUT = OUT.replace('enums.ts', 'tags.ts')


def enum_lines(names):
    out = []
    for name in names:
        out.append(f'export const {name} = Object.freeze({{')
        out += [f'  {m}: {v},' for m, v in enums[name]]
        out += ['} as const);', '']
    return out


# Tags (public, internal and the service allow-list) in tags.ts; the other enums in enums.ts.
tags = ['// Generated from ../shared/spec/tags.md by scripts/gen-enums.py: the tag numbers of',
        '// @ohos.security.huks, the internal tags of the reference, and the service allow-list.',
        '// Frozen plain objects, not TS enums: the reference has no reverse mapping.', '']
tags += enum_lines([n for n in order if n in TAG_ENUMS])
tags.append('/** Tags the service accepts in a parameter set (tags.md "Service accepts"). */')
tags.append('export const SERVICE_ACCEPTED_TAGS: ReadonlySet<number> = new Set([')
tags += [f'  {v},' for v in sorted(set(allowed))]
tags += [']);', '']
open(TAGS_OUT, 'w').write('\n'.join(tags))

lines = ['// Generated from ../shared/spec/tags.md by scripts/gen-enums.py: every enum of',
         '// @ohos.security.huks with its exact numbers (runtime-only members included).',
         '// Frozen plain objects, not TS enums: the reference has no reverse mapping.', '',
         "import { HuksTag, HuksTagType } from './tags.js';", '',
         "export { HuksTag, HuksTagType, InternalTag, SERVICE_ACCEPTED_TAGS } from './tags.js';", '']
lines += enum_lines([n for n in order if n not in TAG_ENUMS])
lines.append('export const ALL_ENUMS = Object.freeze({')
lines += [f'  {name},' for name in order if name != 'InternalTag']
lines += ['} as const);', '']
open(OUT, 'w').write('\n'.join(lines))
print(', '.join(f'{n} {len(enums[n])}' for n in order), '| total', sum(len(v) for v in enums.values()))
