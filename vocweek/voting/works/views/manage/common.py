"""What the console's works pages share: the permission names, the lookups that answer 404 when
denied, the campaign's time zone and the 303 after a POST."""

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from vocweek.campaigns.queries import current_campaign
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.core.views import see_other as core_see_other
from vocweek.voting.works import queries
from vocweek.voting.works.models import Collection

MANAGE_COLLECTIONS = "voting.manage_collections"
VIEW_COLLECTION = "voting.view_collection"
CHANGE_COLLECTION = "voting.change_collection"
OPEN_COLLECTION = "voting.open_collection"
MANAGE_JUDGES = "voting.manage_judges"
EXCLUDE_ENTRIES = "voting.exclude_entries"
START_JUDGING = "voting.start_judging"
AWARD_ENTRIES = "voting.award_entries"
PUBLISH_RESULTS = "voting.publish_results"
WITHDRAW_RESULTS = "voting.withdraw_results"
EXPORT_WORKS = "voting.export_works"
SUBMIT_ENTRIES = "voting.submit_entries"
ENTER_COLLECTION = "voting.enter_collection"
VIEW_ENTRY = "voting.view_entry"
CHANGE_ENTRY = "voting.change_entry"
JUDGE_ENTRIES = "voting.judge_entries"
VIEW_JUDGING = "voting.view_judging"
SCORE_ENTRIES = "voting.score_entries"


def see_other(name: str, *args, anchor: str = "") -> HttpResponseRedirect:
    """303 to a named page: the browser follows with a GET, so a reload posts nothing again."""
    return core_see_other(reverse(name, args=args) + (f"#{anchor}" if anchor else ""))


def collection_for(request: HttpRequest, pk: int, permission: str) -> Collection:
    """The collection if the user holds `permission` on it; otherwise 404."""
    collection = queries.collection_by_pk(pk)
    if collection is None or not request.user.has_perm(permission, collection):
        deny()
    return collection


class InZone:
    """Handle the request in a campaign's time zone (forms read typed times in it, templates show
    times in it): the page's collection's, else the current campaign's."""

    def campaign_zone(self):
        collection = getattr(self, "collection", None)
        if collection is not None:
            return collection.campaign.zone
        campaign = current_campaign()
        return campaign.zone if campaign else None

    def dispatch(self, request, *args, **kwargs):
        zone = self.campaign_zone()
        if zone is None:
            return super().dispatch(request, *args, **kwargs)
        with timezone.override(zone):
            return super().dispatch(request, *args, **kwargs)


class CollectionPage(StaffPermissionMixin, InZone):
    """A page about one collection, allowed by `permission_required` on it."""

    def get_permission_object(self) -> object | None:
        self.collection = collection_for(self.request, self.kwargs["pk"], self.permission_required)
        return self.collection
