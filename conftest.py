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
