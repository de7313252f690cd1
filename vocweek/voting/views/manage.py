"""Online selections in the console: the organiser sets the rules, reviews the nominations,
publishes and closes, and audits the votes (network rules, bursts, invalidation, recount,
results); a school's staff nominate their people and follow their nominations.

A page or selection the user may not have answers 404 (`core.views.deny`). Times are typed and
shown in the campaign's time zone (`InCampaignZone`).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from vocweek.campaigns.queries import campaign_organised_by, current_campaign
from vocweek.core import clock
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.models import membership_of
from vocweek.voting import exports, queries, services
from vocweek.voting.forms import (
    InvalidationForm,
    NetworkRuleForm,
    NominationForm,
    SelectionForm,
)
from vocweek.voting.models import Selection

MANAGE_SELECTIONS = "voting.manage_selections"
VIEW_SELECTION = "voting.view_selection"
CHANGE_RULES = "voting.change_rules"
REVIEW_CANDIDATES = "voting.review_candidates"
PUBLISH_SELECTION = "voting.publish_selection"
CLOSE_SELECTION = "voting.close_selection"
AUDIT_VOTES = "voting.audit_votes"
EXPORT_RESULTS = "voting.export_results"
NOMINATE_CANDIDATES = "voting.nominate_candidates"
NOMINATE_IN_SELECTION = "voting.nominate_in_selection"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FLAG_MOMENT = "%Y-%m-%dT%H:%M:%S"


def managed_selection(request: HttpRequest, pk: int, permission: str) -> Selection:
    """The selection if the user holds `permission` on it; otherwise 404."""
    selection = queries.selection_by_pk(pk)
    if selection is None or not request.user.has_perm(permission, selection):
        deny()
    return selection


class InCampaignZone:
    """Handle the request in the campaign's time zone: forms read typed times in it and
    templates show times in it. Put after StaffPermissionMixin, which sets `permission_object`."""

    def campaign_zone(self):
        campaign = current_campaign()
        return campaign.zone if campaign else None

    def dispatch(self, request, *args, **kwargs):
        zone = self.campaign_zone()
        if zone is None:
            return super().dispatch(request, *args, **kwargs)
        with timezone.override(zone):
            return super().dispatch(request, *args, **kwargs)


class SelectionPage(StaffPermissionMixin, InCampaignZone, View):
    """A page about one selection, allowed by `permission_required` on it."""

    def get_permission_object(self) -> object | None:
        self.selection = managed_selection(
            self.request, self.kwargs["pk"], self.permission_required
        )
        return self.selection

    def campaign_zone(self):
        return self.selection.campaign.zone


class ListView(StaffPermissionMixin, InCampaignZone, View):
    """网络评选: the current week's selections, drafts included, with what waits for review."""

    permission_required = MANAGE_SELECTIONS

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        selections = queries.campaign_selections(campaign) if campaign else []
        return render(
            request,
            "voting/manage/list.html",
            {"campaign": campaign, "selections": selections},
        )


class NewView(StaffPermissionMixin, InCampaignZone, View):
    """A new selection of the current week, saved as a draft."""

    permission_required = MANAGE_SELECTIONS

    def get_permission_object(self) -> object | None:
        # A selection belongs to the current week, and only its organiser's staff set one up.
        self.campaign = campaign_organised_by(self.request.user)
        if self.campaign is None:
            deny()
        return None

    def render_page(self, request: HttpRequest, form: SelectionForm) -> HttpResponse:
        return render(request, "voting/manage/new.html", {"campaign": self.campaign, "form": form})

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = self.campaign
        initial = {
            "opens_at": campaign.week_starts_at,
            "closes_at": campaign.week_ends_at,
            "votes_per_day": 5,
            "votes_per_candidate_per_day": 1,
            "votes_per_network_per_day": 500,
            "votes_per_device_per_day": 10,
            "ranking_visible": True,
        }
        return self.render_page(request, SelectionForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SelectionForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        try:
            selection = services.create_selection(
                campaign=self.campaign, actor=request.user, rules=form.rules()
            )
        except services.VotingError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form)
        messages.success(
            request,
            _("“%(title)s” is saved as a draft; approve nominations, then publish it.")
            % {"title": selection.title},
        )
        return redirect("voting_manage:selection", selection.pk)


class SelectionView(SelectionPage):
    """One selection: its state with the publish and close buttons, its rules (a form unless it
    is closed), the nominations to review and the ways to audit the votes."""

    permission_required = VIEW_SELECTION

    def render_page(self, request: HttpRequest, form: SelectionForm | None = None) -> HttpResponse:
        selection = self.selection
        user = request.user
        may_change = user.has_perm(CHANGE_RULES, selection)
        if form is None and may_change:
            form = SelectionForm(initial=SelectionForm.initial_from(selection))
        return render(
            request,
            "voting/manage/selection.html",
            {
                "campaign": selection.campaign,
                "selection": selection,
                "form": form,
                "may_publish": user.has_perm(PUBLISH_SELECTION, selection),
                "may_close": user.has_perm(CLOSE_SELECTION, selection),
                "may_review": user.has_perm(REVIEW_CANDIDATES, selection),
                "candidates": queries.candidates_by_state(selection),
                "totals": queries.vote_totals(selection),
                "open_flags": len(queries.open_flags(selection)),
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm(CHANGE_RULES, self.selection):
            deny()
        form = SelectionForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        try:
            self.selection = services.update_rules(
                selection=self.selection, actor=request.user, rules=form.rules()
            )
        except services.VotingError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form)
        messages.success(request, _("The rules are saved."))
        return redirect("voting_manage:selection", pk)


class PublishView(SelectionPage):
    """Publish the approved candidates (or reopen a closed selection)."""

    permission_required = PUBLISH_SELECTION
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            selection = services.publish_selection(selection=self.selection, actor=request.user)
        except services.VotingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("“%(title)s” is published.") % {"title": selection.title})
        return redirect("voting_manage:selection", pk)


class CloseView(SelectionPage):
    """Close a published selection: its page stays with the final ranking, voting stops."""

    permission_required = CLOSE_SELECTION
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        selection = services.close_selection(selection=self.selection, actor=request.user)
        messages.success(request, _("“%(title)s” is closed.") % {"title": selection.title})
        return redirect("voting_manage:selection", pk)


class ReviewView(SelectionPage):
    """Approve or reject one nomination."""

    permission_required = REVIEW_CANDIDATES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
        candidate = queries.candidate_by_pk(self.selection, candidate_pk)
        decision = request.POST.get("decision")
        if candidate is None or decision not in ("approve", "reject"):
            deny()
        candidate = services.review_candidate(
            candidate=candidate, actor=request.user, approve=decision == "approve"
        )
        if decision == "approve":
            message = _("%(name)s is approved.")
        else:
            message = _("%(name)s is not approved.")
        messages.success(request, message % {"name": candidate.name})
        return redirect(reverse("voting_manage:selection", args=[pk]) + "#nominations")


class NetworksView(SelectionPage):
    """Allow and block lists: networks allowed beyond the network limit, or blocked."""

    permission_required = AUDIT_VOTES

    def render_page(self, request: HttpRequest, form: NetworkRuleForm) -> HttpResponse:
        return render(
            request,
            "voting/manage/networks.html",
            {
                "campaign": self.selection.campaign,
                "selection": self.selection,
                "form": form,
                "rules": queries.network_rules(self.selection),
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request, NetworkRuleForm(initial={"kind": "allow"}))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = NetworkRuleForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        try:
            rule = services.set_network_rule(
                selection=self.selection,
                actor=request.user,
                network=form.cleaned_data["network"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except services.VotingError as error:
            form.add_error("network", str(error))
            return self.render_page(request, form)
        messages.success(
            request,
            _("%(network)s: %(rule)s.")
            % {"network": rule.network, "rule": rule.get_kind_display()},
        )
        return redirect("voting_manage:networks", pk)


class FlagsView(SelectionPage):
    """Bursts of votes from one network: scan the log, then set a burst's votes aside."""

    permission_required = AUDIT_VOTES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        zone = self.selection.campaign.zone
        flags = [
            {
                "flag": flag,
                "starts_at": flag.starts_at.astimezone(zone).strftime(FLAG_MOMENT),
                "ends_at": flag.ends_at.astimezone(zone).strftime(FLAG_MOMENT),
            }
            for flag in queries.open_flags(self.selection)
        ]
        return render(
            request,
            "voting/manage/flags.html",
            {"campaign": self.selection.campaign, "selection": self.selection, "flags": flags},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        raised = services.flag_bursts(selection=self.selection, since=self.selection.opens_at)
        if raised:
            messages.warning(request, _("%(count)d new bursts flagged.") % {"count": len(raised)})
        else:
            messages.success(request, _("No new burst of votes."))
        return redirect("voting_manage:flags", pk)


class InvalidateView(SelectionPage):
    """Set aside the votes of a network, a voter or a time window (all given must match); the
    counts are recounted at once. Lists the invalidations made so far."""

    permission_required = AUDIT_VOTES

    def render_page(self, request: HttpRequest, form: InvalidationForm) -> HttpResponse:
        return render(
            request,
            "voting/manage/invalidate.html",
            {
                "campaign": self.selection.campaign,
                "selection": self.selection,
                "form": form,
                "invalidations": queries.recent_invalidations(self.selection),
                "totals": queries.vote_totals(self.selection),
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        initial = {
            name: request.GET[name]
            for name in ("network", "voter", "starts_at", "ends_at")
            if name in request.GET
        }
        return self.render_page(request, InvalidationForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = InvalidationForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        data = form.cleaned_data
        try:
            invalidation = services.invalidate_votes(
                selection=self.selection,
                actor=request.user,
                reason=data["reason"],
                network=data["network"].strip(),
                voter=data["voter"].strip(),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
        except services.VotingError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form)
        messages.success(
            request,
            _("%(count)d votes set aside; the counts are recounted.")
            % {"count": invalidation.votes},
        )
        return redirect("voting_manage:invalidate", pk)


class RecountView(SelectionPage):
    """Count every candidate's valid votes again from the log and compare with the stored count."""

    permission_required = AUDIT_VOTES

    def render_page(self, request: HttpRequest, lines=None) -> HttpResponse:
        return render(
            request,
            "voting/manage/recount.html",
            {
                "campaign": self.selection.campaign,
                "selection": self.selection,
                "lines": lines,
                "all_agree": lines is not None and all(line.agrees for line in lines),
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request, services.recount(selection=self.selection))


class ResultsWorkbookView(SelectionPage):
    """The results in Excel: rank, name, unit, valid votes and votes set aside."""

    permission_required = EXPORT_RESULTS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        selection = self.selection
        zone = selection.campaign.zone
        now = clock.now()
        content = exports.results_workbook(
            selection,
            queries.results(selection),
            queries.vote_totals(selection),
            as_of=now,
            zone=zone,
        )
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            True, exports.file_name(selection, now, zone)
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class NominationsView(StaffPermissionMixin, InCampaignZone, View):
    """评选推荐: a school's staff nominate their people and see where each nomination stands."""

    permission_required = NOMINATE_CANDIDATES

    def get_permission_object(self) -> object | None:
        self.campaign = current_campaign()
        membership = membership_of(self.request.user)
        self.unit = membership.unit if membership else None
        return None

    def render_page(self, request: HttpRequest, form: NominationForm | None = None) -> HttpResponse:
        selections = self.selections(request)
        if form is None:
            form = NominationForm(selections=selections)
        return render(
            request,
            "voting/manage/nominations.html",
            {
                "campaign": self.campaign,
                "unit": self.unit,
                "form": form if selections else None,
                "nominations": queries.nominations_of_unit(self.campaign, self.unit)
                if self.campaign
                else [],
            },
        )

    def selections(self, request: HttpRequest) -> list[Selection]:
        if self.campaign is None:
            return []
        return [
            selection
            for selection in queries.selections_open_for_nomination(self.campaign)
            if request.user.has_perm(NOMINATE_IN_SELECTION, selection)
        ]

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        selections = self.selections(request)
        form = NominationForm(request.POST, request.FILES, selections=selections)
        if not form.is_valid():
            return self.render_page(request, form)
        selection = next(s for s in selections if s.pk == form.cleaned_data["selection"])
        try:
            candidate = services.nominate_candidate(
                selection=selection,
                unit=self.unit,
                actor=request.user,
                name=form.cleaned_data["name"],
                story=form.cleaned_data["story"],
                photo=form.cleaned_data["photo"],
            )
        except services.VotingError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form)
        messages.success(
            request,
            _("%(name)s is nominated; the organiser reviews the nomination.")
            % {"name": candidate.name},
        )
        return redirect("voting_manage:nominations")
