"""Reports: charts, roadmap advice, history and exports built from scorecards.

The modules `advice`, `charts`, `roadmap`, `history` and `exports` are pure:
plain data in, frozen dataclasses (or bytes) out, no ORM and no I/O beyond
reading the shipped advice file.
"""
