// Module Reconciler: see ../shared/DESIGN.md for what it owns.
