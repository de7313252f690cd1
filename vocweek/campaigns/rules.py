"""Campaign permissions, built on the unit predicates of `orgs.rules`."""

import rules

from vocweek.orgs.rules import is_organiser_admin

rules.add_perm("campaigns.change_campaign", is_organiser_admin)
rules.add_perm("campaigns.import_roster", is_organiser_admin)
rules.add_perm("campaigns.export_roster", is_organiser_admin)
