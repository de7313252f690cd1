import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """The word list and the rate limits live in the cache, which outlives a test's database."""
    cache.clear()
