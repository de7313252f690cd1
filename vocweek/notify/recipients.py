"""Who hears about a unit's obligation: its members in the given roles and its campaign liaisons.

Texts go to the liaisons' mobiles; only a unit without any liaison mobile gets them on its
members' mobiles instead. Shared by the reminders of daily reports and of activity plans.
"""

from collections.abc import Collection

from django.db.models import Prefetch

from vocweek.campaigns.models import Participation
from vocweek.notify.services import Recipient
from vocweek.orgs.models import Membership


def members_in_roles(roles: Collection[str]) -> Prefetch:
    """Prefetch for participations: the unit's active members in `roles`, for `recipients_of`."""
    members = Membership.objects.filter(role__in=roles, user__is_active=True).select_related("user")
    return Prefetch("unit__memberships", queryset=members)


def recipients_of(participation: Participation) -> list[Recipient]:
    """The unit's members (as prefetched by `members_in_roles`), then its liaisons."""
    liaisons = list(participation.liaisons.all())
    texts_to_members = not any(liaison.mobile for liaison in liaisons)
    recipients = [
        Recipient(
            name=member.user.get_full_name(),
            email=member.user.email,
            mobile=member.user.mobile if texts_to_members else "",
            user_id=member.user_id,
        )
        for member in participation.unit.memberships.all()
    ]
    recipients += [
        Recipient(
            name=liaison.name,
            email=liaison.email,
            mobile=liaison.mobile,
            user_id=liaison.user_id,
        )
        for liaison in liaisons
    ]
    return recipients
