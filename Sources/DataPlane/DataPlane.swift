// Module DataPlane: see ../shared/DESIGN.md for what it owns.
