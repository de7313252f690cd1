"""Timing, the printed table and var/bench/results.json — shared by every figure of the suite."""

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Figure:
    """One measured figure, its target, and a reference measured in the same run."""

    name: str
    value: float
    unit: str
    target: float
    better: Literal["lower", "higher"]
    reference_name: str
    reference_value: float

    @property
    def meets_target(self) -> bool:
        return self.value <= self.target if self.better == "lower" else self.value >= self.target

    def as_json(self, backend: str) -> dict:
        return {
            "name": self.name,
            "value": round(self.value, 3),
            "unit": self.unit,
            "target": self.target,
            "better": self.better,
            "reference": {"name": self.reference_name, "value": round(self.reference_value, 3)},
            "backend": backend,
        }


def median_ms(
    run: Callable[[object], object],
    *,
    runs: int = 30,
    warmups: int = 3,
    setup: Callable[[], object] | None = None,
) -> float:
    """Median wall time of `run(setup())` in milliseconds; `setup` is not timed."""
    samples = []
    for index in range(warmups + runs):
        argument = setup() if setup else None
        started = time.perf_counter()
        run(argument)
        elapsed = (time.perf_counter() - started) * 1000
        if index >= warmups:
            samples.append(elapsed)
    return statistics.median(samples)


def print_table(figures: list[Figure], backend: str) -> None:
    rows = [("figure", "value", "target", "", "reference measured in the same run")]
    for figure in figures:
        sign = "≤" if figure.better == "lower" else "≥"
        rows.append(
            (
                figure.name,
                f"{figure.value:,.2f} {figure.unit}",
                f"{sign} {figure.target:,g} {figure.unit}",
                "ok" if figure.meets_target else "MISSED",
                f"{figure.reference_value:,.2f} {figure.unit}  {figure.reference_name}",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    print(f"\nbackend: {backend}")
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[4]
        )


def write_results(path: Path, figures: list[Figure], backend: str) -> None:
    """Write this backend's figures into the results file, keeping the other backends' figures."""
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = []
    if path.exists():
        kept = [entry for entry in json.loads(path.read_text()) if entry.get("backend") != backend]
    entries = kept + [figure.as_json(backend) for figure in figures]
    path.write_text(json.dumps(entries, ensure_ascii=False, indent=2) + "\n")


def timed_burst(work: Callable[[int], object], *, items: int, threads: int) -> float:
    """Seconds for `threads` threads, released together, to do `work(item)` for every item;
    thread t takes items t, t + threads, … and closes its database connection at the end. A
    worker's error is raised here."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    barrier = threading.Barrier(threads + 1)

    def worker(first: int) -> None:
        try:
            barrier.wait()
            for item in range(first, items, threads):
                work(item)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(worker, first) for first in range(threads)]
        barrier.wait()
        started = time.perf_counter()
        for future in futures:
            future.result()
        return time.perf_counter() - started
