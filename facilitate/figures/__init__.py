"""The reading side: everything computed from sessions, pure.

Sessions (or the catalogue's digests of them) go in; plain dataclasses come out. No
files, no terminal and no output format: `ui/` and `export/` render what is computed
here, and both format numbers, plurals, dates and group labels through `format`, so a
figure reads the same in the room, on the projector and in every report.
"""
