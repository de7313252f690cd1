import pytest

from vocweek.orgs.tests.factories import Tree


@pytest.fixture
def tree(db) -> Tree:
    return Tree()
