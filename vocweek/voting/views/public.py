"""The public face of online selections (网络评选), mounted at /vote/ by vocweek/urls.py: the
selections of the week, a selection's rules and candidates, a candidate's story, verifying a
mobile and voting.

A voter is a verified mobile: `verify` texts a code and, once it matches, keeps the voter's hash
for this selection in the session for `VERIFIED_HOURS`. A vote needs it, the browser's device
cookie and the client's network, and goes through `services.cast_vote`, which applies every limit
in one transaction. This module adds the rate limits, the page's one-use ballot token (kept with
the vote, so a double tap or a retried request counts once whatever the limits and whichever
process it reaches), and a quick answer when the database is busy.
"""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from vocweek.campaigns.queries import public_current_campaign
from vocweek.core import clock
from vocweek.core.clients import client_address, device_of, network_of, remember_device
from vocweek.core.phones import normalise_mobile
from vocweek.core.views import see_other
from vocweek.voting import queries, services
from vocweek.voting.enums import SelectionState
from vocweek.voting.models import Selection
from vocweek.voting.public_forms import CodeForm, MobileForm

# Votes per client address: a class voting on one school network stays below this, a script
# does not (the daily network limit of the selection is the second line).
VOTE_RATE = "30/m"
# Codes asked for and codes tried per client address (each code asked for is a text message).
CODE_REQUEST_RATE = "10/m"
CODE_TRY_RATE = "20/m"
VERIFIED_HOURS = 4
RETRY_AFTER_SECONDS = 2
EXCERPT_CHARACTERS = 80


def _public_selection(pk: int) -> Selection:
    selection = queries.public_selection(pk)
    if selection is None:
        raise Http404
    return selection


def _session_key(selection: Selection) -> str:
    return f"voting:{selection.pk}"


def verified_voter(request: HttpRequest, selection: Selection) -> str | None:
    """The voter's hash kept for this selection, while the verification lasts."""
    kept = request.session.get(_session_key(selection))
    if not isinstance(kept, dict) or kept.get("until", 0) <= clock.now().timestamp():
        return None
    return kept.get("voter") or None


def _keep_voter(request: HttpRequest, selection: Selection, voter: str) -> None:
    until = clock.now() + timedelta(hours=VERIFIED_HOURS)
    request.session[_session_key(selection)] = {"voter": voter, "until": until.timestamp()}


def _showing_votes(selection: Selection) -> bool:
    return selection.ranking_visible or selection.state == SelectionState.CLOSED


def _is_open(selection: Selection) -> bool:
    now = clock.now()
    return (
        selection.state == SelectionState.PUBLISHED
        and selection.opens_at <= now < selection.closes_at
    )


def _phase(selection: Selection) -> str:
    """ "open", "not_yet" or "closed", by the platform's clock as well as the selection's state:
    a published selection past its closing time is closed to the public."""
    if _is_open(selection):
        return "open"
    if selection.state == SelectionState.PUBLISHED and clock.now() < selection.opens_at:
        return "not_yet"
    return "closed"


def _busy(request: HttpRequest, selection: Selection, message: str, status: int) -> HttpResponse:
    """A small page that reads no counts: it answers floods and a busy database cheaply."""
    response = render(
        request,
        "voting/public/busy.html",
        {"selection": selection, "campaign": selection.campaign, "message": message},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The current week's selections, those open for voting first."""
    campaign = public_current_campaign()
    selections = queries.public_selections(campaign) if campaign else []
    return render(
        request,
        "voting/public/index.html",
        {
            "campaign": campaign,
            "selections": [(selection, _phase(selection)) for selection in selections],
        },
    )


@require_safe
def selection(request: HttpRequest, pk: int) -> HttpResponse:
    """The rules in plain words, the voting window and the approved candidates (with their votes
    and rank when the ranking is shown, or once voting has closed), each with a vote button."""
    found = _public_selection(pk)
    showing = _showing_votes(found)
    if showing:
        cards = [(line.candidate, line.rank) for line in queries.ranked_candidates(found)]
    else:
        cards = [(candidate, None) for candidate in queries.listed_candidates(found)]
    response = render(
        request,
        "voting/public/selection.html",
        {
            "selection": found,
            "campaign": found.campaign,
            "cards": [
                {"candidate": candidate, "rank": rank, "ballot": secrets.token_urlsafe(12)}
                for candidate, rank in cards
            ],
            "showing_votes": showing,
            "is_open": _is_open(found),
            "not_yet": found.state == SelectionState.PUBLISHED and clock.now() < found.opens_at,
            "verified": verified_voter(request, found) is not None,
            "excerpt_characters": EXCERPT_CHARACTERS,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def candidate(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    """A candidate's full story, with the vote button."""
    found = _public_selection(pk)
    person = queries.public_candidate(found, candidate_pk)
    if person is None:
        raise Http404
    showing = _showing_votes(found)
    response = render(
        request,
        "voting/public/candidate.html",
        {
            "selection": found,
            "campaign": found.campaign,
            "candidate": person,
            "paragraphs": [line.strip() for line in person.story.splitlines() if line.strip()],
            "showing_votes": showing,
            "rank": queries.rank_of(found, person) if showing else None,
            "is_open": _is_open(found),
            "ballot": secrets.token_urlsafe(12),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _verify_page(
    request: HttpRequest,
    selection: Selection,
    *,
    mobile_form: MobileForm | None = None,
    code_form: CodeForm | None = None,
    candidate_pk: str = "",
    status: int = 200,
) -> HttpResponse:
    response = render(
        request,
        "voting/public/verify.html",
        {
            "selection": selection,
            "campaign": selection.campaign,
            "mobile_form": mobile_form or MobileForm(),
            "code_form": code_form,
            "candidate_pk": candidate_pk,
            "verified_hours": VERIFIED_HOURS,
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _back_to_selection(selection: Selection, candidate_pk: str) -> str:
    url = reverse("voting:selection", args=[selection.pk])
    return f"{url}#candidate-{candidate_pk}" if candidate_pk.isdigit() else url


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=CODE_REQUEST_RATE, method="POST", group="voting.request_code",
           block=False)  # fmt: skip
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Verify a mobile: the number (a code is texted), then the code. A verified voter goes back
    to the selection, to the candidate they meant to vote for."""
    found = _public_selection(pk)
    source = request.POST if request.method == "POST" else request.GET
    candidate_pk = source.get("candidate", "")
    if request.method != "POST":
        return _verify_page(request, found, candidate_pk=candidate_pk)
    if "code" in request.POST:
        return _check_code(request, found, candidate_pk)
    if getattr(request, "limited", False):
        message = _("Too many codes asked for from your network. Please wait a minute.")
        return _busy(request, found, message, 429)
    form = MobileForm(request.POST)
    if not form.is_valid():
        return _verify_page(request, found, mobile_form=form, candidate_pk=candidate_pk, status=400)
    mobile = form.cleaned_data["mobile"]
    try:
        services.request_code(selection=found, mobile=mobile)
    except services.VotingError as error:
        if str(error) != _("A code was sent less than a minute ago; please wait."):
            form.add_error("mobile", str(error))
            return _verify_page(
                request, found, mobile_form=form, candidate_pk=candidate_pk, status=400
            )
        # The same number sent again within the minute: the code sent before is still good.
        messages.info(request, str(error))
    except OperationalError:
        return _busy(request, found, _("Voting is busy; please try again in a moment."), 503)
    code_form = CodeForm(initial={"mobile": mobile})
    return _verify_page(
        request, found, mobile_form=form, code_form=code_form, candidate_pk=candidate_pk
    )


@ratelimit(key="ip", rate=CODE_TRY_RATE, method="POST", group="voting.verify_code",
           block=False)  # fmt: skip
def _check_code(request: HttpRequest, selection: Selection, candidate_pk: str) -> HttpResponse:
    if getattr(request, "limited", False):
        message = _("Too many codes tried from your network. Please wait a minute.")
        return _busy(request, selection, message, 429)
    form = CodeForm(request.POST)
    mobile_form = MobileForm(initial={"mobile": request.POST.get("mobile", "")})
    if not form.is_valid():
        return _verify_page(
            request,
            selection,
            mobile_form=mobile_form,
            code_form=form,
            candidate_pk=candidate_pk,
            status=400,
        )
    mobile = form.cleaned_data["mobile"]
    voter = services.voter_hash(selection.pk, normalise_mobile(mobile))
    if verified_voter(request, selection) == voter:  # the same form sent twice
        return see_other(_back_to_selection(selection, candidate_pk))
    try:
        voter = services.verify_code(
            selection=selection, mobile=mobile, code=form.cleaned_data["code"]
        )
    except services.VotingError as error:
        form.add_error("code", str(error))
        return _verify_page(
            request,
            selection,
            mobile_form=mobile_form,
            code_form=form,
            candidate_pk=candidate_pk,
            status=400,
        )
    except OperationalError:
        return _busy(request, selection, _("Voting is busy; please try again in a moment."), 503)
    _keep_voter(request, selection, voter)
    messages.success(
        request,
        _("Your mobile is verified: you can vote for the next %(hours)d hours.")
        % {"hours": VERIFIED_HOURS},
    )
    return see_other(_back_to_selection(selection, candidate_pk))


@require_POST
@ratelimit(key="ip", rate=VOTE_RATE, method="POST", block=False)
def vote(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    """Cast one vote; a refusal is shown on the selection page, politely, and counts nothing."""
    found = _public_selection(pk)
    if getattr(request, "limited", False):
        message = _(
            "Too many votes from your network in a short time. Please wait a minute and try again."
        )
        return _busy(request, found, message, 429)
    voter = verified_voter(request, found)
    if voter is None:
        messages.info(request, _("Verify your mobile first; then your vote can be counted."))
        url = reverse("voting:verify", args=[found.pk])
        return see_other(f"{url}?candidate={candidate_pk}")
    device, new_device = device_of(request)
    back = _back_to_selection(found, str(candidate_pk))
    ballot = services.Ballot(
        voter=voter,
        network=network_of(client_address(request)),
        device=services.device_hash(found.pk, device),
        token=request.POST.get("ballot", "")[:32],
    )
    try:
        cast = services.cast_vote(selection_id=found.pk, candidate_id=candidate_pk, ballot=ballot)
    except services.AlreadyCounted as repeat:
        messages.info(request, str(repeat))
    except services.VotingError as error:
        messages.warning(request, str(error))
    except OperationalError:
        return _busy(request, found, _("Voting is busy; please try again in a moment."), 503)
    else:
        messages.success(
            request,
            _("Thank you: your vote for %(name)s is counted.") % {"name": cast.candidate.name},
        )
    response = see_other(back)
    if new_device:
        remember_device(request, response, device)
    return response
