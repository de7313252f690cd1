import time

import pytest

from vocweek.core.clock import ANCHOR_VARIABLE


@pytest.fixture
def clock_at(settings, monkeypatch):
    """Shift the platform's clock to an ISO moment, e.g. clock_at("2021-05-24T15:00+08:00")."""

    def shift(moment: str) -> None:
        monkeypatch.setenv(ANCHOR_VARIABLE, str(time.time()))
        settings.VOCWEEK_CLOCK_START = moment

    return shift
