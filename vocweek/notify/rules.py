"""Notice permissions: every logged-in user reads their own notices (the queryset limits which)."""

import rules

rules.add_perm("notify.view_notices", rules.is_authenticated)
