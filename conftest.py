"""Shared fixtures. (Testing settings switch on by themselves under pytest: see vocweek/env.py.)"""

import pytest


@pytest.fixture
def tree(db):
    """A small province: two cities, a county, schools at each level, a co-organiser."""
    from vocweek.orgs.tests.factories import Tree

    return Tree()


@pytest.fixture
def campaign(tree):
    """The 2021 week (5/22–5/28, plans by the end of 5/15) organised by the tree's province."""
    from vocweek.campaigns.tests.factories import make_campaign

    return make_campaign(tree.province)


@pytest.fixture
def clock_at(settings, monkeypatch):
    """Shift the platform's clock to an ISO moment, e.g. clock_at("2021-05-24T15:00+08:00")."""
    import time

    from vocweek.core.clock import ANCHOR_VARIABLE

    def shift(moment: str) -> None:
        monkeypatch.setenv(ANCHOR_VARIABLE, str(time.time()))
        settings.VOCWEEK_CLOCK_START = moment

    return shift


@pytest.fixture(autouse=True)
def platform_language():
    """Every test starts in the platform's language: a request in English must not leak on."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def all_at_once():
    """Run each call in its own thread, released together by a barrier, and return their results
    in order (an exception in place of its result). Each thread closes its own database
    connection when done: for tests that fire a burst at PostgreSQL."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def run_together(calls):
        barrier = threading.Barrier(len(calls))

        def run(call):
            try:
                barrier.wait(timeout=30)
                return call()
            except Exception as error:  # the caller's assertions report it, with its message
                return error
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=len(calls)) as pool:
            return list(pool.map(run, calls))

    return run_together


@pytest.fixture
def row_held():
    """Hold a row lock on `instance` from another connection while the block runs, with this
    connection's lock_timeout cut to `wait_ms`: for tests that a request facing a busy row
    answers "busy" at once instead of hanging (PostgreSQL)."""
    import threading
    from contextlib import contextmanager

    from django.db import connection, transaction

    @contextmanager
    def hold(instance, wait_ms: int = 300):
        locked, release = threading.Event(), threading.Event()

        def keep_locked():
            try:
                with transaction.atomic():
                    type(instance).objects.select_for_update().get(pk=instance.pk)
                    locked.set()
                    release.wait(timeout=30)
            finally:
                connection.close()

        holder = threading.Thread(target=keep_locked)
        holder.start()
        assert locked.wait(timeout=10), "the row was not locked"
        with connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(wait_ms)}")
        try:
            yield
        finally:
            release.set()
            holder.join(timeout=30)
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")

    return hold


@pytest.fixture
def ratelimit_window_held(monkeypatch):
    """Hold the rate limits' time windows where they were when the test began: a test that
    sends N+1 requests against a limit of N a minute must not see the minute roll over midway
    (django-ratelimit counts in fixed windows of the clock)."""
    from django_ratelimit import core

    original = core._get_window
    held: dict[tuple, int] = {}

    def window(value, period):
        return held.setdefault((value, period), original(value, period))

    monkeypatch.setattr(core, "_get_window", window)
