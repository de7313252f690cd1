"""Run the benchmark suite against a throwaway database and print each figure next to its target.

The database is Django's test database: a file under var/bench/ on SQLite, `test_<name>` on the
PostgreSQL server named by DATABASE_URL. Figures are added to var/bench/results.json under the
backend they were measured on. Each issue adds its figures by adding a module to `suites`;
`python -m bench search pages` runs only the named ones.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "var" / "bench" / "results.json"


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vocweek.settings")
    os.environ.setdefault("VOCWEEK_VAR_DIR", str(ROOT / "var" / "bench"))
    import django

    django.setup()

    from django.db import connection

    from bench import (
        activities,
        harness,
        pages,
        pledges,
        renditions,
        reporting,
        search,
        stats,
        tree,
    )

    suites = [tree, renditions, reporting, pages, search, stats, activities, pledges]
    chosen = sys.argv[1:]  # e.g. `python -m bench search`: only the named suites
    if chosen:
        suites = [suite for suite in suites if suite.__name__.rpartition(".")[2] in chosen]
    backend = connection.vendor
    if backend == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(ROOT / "var" / "bench" / "bench.sqlite3")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    started = time.monotonic()
    figures = []
    try:
        for suite in suites:
            figures += suite.run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    harness.print_table(figures, backend)
    harness.write_results(RESULTS, figures, backend)
    print(
        f"\n{len(figures)} figures in {time.monotonic() - started:.0f} s → {RESULTS.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
