// Module Controller: see ../shared/DESIGN.md for what it owns.
