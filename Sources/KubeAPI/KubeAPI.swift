// Module KubeAPI: see ../shared/DESIGN.md for what it owns.
