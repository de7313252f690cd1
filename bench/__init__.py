"""The benchmark suite: `make bench` or `python -m bench` (see DESIGN.md §7)."""
