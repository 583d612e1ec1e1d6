#!/usr/bin/env python3
"""The house's rooms (docs/architecture.md): no folder of sources over MAX_FILES files, no function
over MAX_LINES lines in migrator/src, and no include that runs back up a floor: a file includes
only headers of its own room or of a room on a lower floor (the public headers are the ground)."""
import os
import re
import sys

MAX_FILES = 22
MAX_LINES = 80
# Floors, lowest first. A room may include its own floor and those below.
FLOORS = {
    'migrator/src/model': 1,
    'migrator/src/dialect': 2,
    'migrator/src/schema': 2,
    'migrator/src/source': 3,
    'migrator/src/source/layouts': 3,
    'migrator/src/engine': 4,
    'migrator/src/check': 5,
    'migrator/src': 6,  # migrator.cpp, the facade
    'migrator/cli/render': 1,
    'migrator/cli': 2,  # context, config, dotenv... (app.cpp, main.cpp, docgen.cpp: the top, below)
    'migrator/cli/commands': 3,
    'migrator/cli/fleet': 4,
}
TOP = {'migrator/cli/app.cpp', 'migrator/cli/main.cpp', 'migrator/cli/docgen.cpp'}
ROOTS = {'migrator/src': 'migrator/src', 'migrator/cli': 'migrator/cli'}

failures = []
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

for base in ('migrator/src', 'migrator/cli', 'migrator/include/migrator', 'dialects/postgresql', 'dialects/sqlite',
             'tests/unit', 'tests/cli', 'tests/conformance'):
    for folder, _, files in os.walk(base):
        sources = [f for f in files if f.endswith(('.cpp', '.hpp'))]
        if len(sources) > MAX_FILES:
            failures.append(f'{folder}: {len(sources)} source files (at most {MAX_FILES}: split it into rooms)')

def room_of(path):
    folder = os.path.dirname(path)
    return folder if folder in FLOORS else None

include = re.compile(r'^#include "([^"]+)"', re.M)
for base in ROOTS:
    for folder, _, files in os.walk(base):
        for f in files:
            if not f.endswith(('.cpp', '.hpp')):
                continue
            path = os.path.join(folder, f)
            if path in TOP:
                continue
            room = room_of(path)
            if room is None:
                failures.append(f'{path}: in no room of the house (tests/architecture_rooms.py FLOORS)')
                continue
            for target in include.findall(open(path).read()):
                if target.startswith('migrator/') or '/' not in target and os.path.exists(os.path.join(folder, target)):
                    continue  # a public header, or a neighbour in the same room
                resolved = os.path.join(ROOTS[base], target)
                target_room = room_of(resolved)
                if target_room is None:
                    continue  # a dialect's header (the composition root) or a generated one
                if FLOORS[target_room] > FLOORS[room]:
                    failures.append(f'{path}: includes {target}, a floor up ({target_room} over {room})')

# Function length: a definition starts at column 0 and ends at the first "}" in column 0.
start = re.compile(r'^[A-Za-z_][\w:<>,\s\*&~\[\]]*\b[\w:~]+\([^;]*$')
for folder, _, files in os.walk('migrator/src'):
    for f in files:
        if not f.endswith('.cpp'):
            continue
        path = os.path.join(folder, f)
        lines = open(path).read().split('\n')
        i = 0
        while i < len(lines):
            line = lines[i]
            if start.match(line) and not line.startswith(('namespace', 'struct', 'class', 'using', 'template', 'enum')):
                j = i
                while j < len(lines) and '{' not in lines[j] and not lines[j].rstrip().endswith(';'):
                    j += 1
                if j < len(lines) and '{' in lines[j] and not lines[j].rstrip().endswith('}'):
                    k = j + 1
                    while k < len(lines) and lines[k] != '}' and not lines[k].startswith('};'):
                        k += 1
                    length = k - i + 1
                    if length > MAX_LINES:
                        name = re.search(r'([\w:~]+)\(', line)
                        failures.append(f'{path}:{i + 1}: {name.group(1) if name else "a function"} is {length} lines '
                                        f'(at most {MAX_LINES})')
                    i = k
            i += 1

for f in failures:
    print('architecture:', f)
sys.exit(1 if failures else 0)
