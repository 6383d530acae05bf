// Module HTTP1: see ../shared/DESIGN.md for what it owns.
