"""Console permissions, built on the unit predicates of `orgs.rules`."""

import rules

from vocweek.orgs.rules import is_reviewer

rules.add_perm("console.view_units", is_reviewer)
