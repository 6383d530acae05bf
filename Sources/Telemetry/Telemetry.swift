// Module Telemetry: see ../shared/DESIGN.md for what it owns.
