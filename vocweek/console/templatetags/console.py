"""What the console shell shows around every staff page: who is logged in and the menu."""

from dataclasses import dataclass

from django import template

from vocweek.console.navigation import ShownItem, navigation_for
from vocweek.orgs.models import Membership, membership_of

register = template.Library()


@dataclass(frozen=True)
class Shell:
    membership: Membership | None
    navigation: list[ShownItem]


@register.simple_tag(takes_context=True)
def console_shell(context) -> Shell:
    """The user's membership and navigation for the console layout (read-only)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Shell(membership=None, navigation=[])
    match = getattr(request, "resolver_match", None)
    return Shell(
        membership=membership_of(user),
        navigation=navigation_for(user, match.view_name if match else ""),
    )
