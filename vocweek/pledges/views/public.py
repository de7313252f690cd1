"""The public face of pledge signing (学生公约签署), mounted at /pledges/ by vocweek/urls.py: the
pledges of the week, a pledge's page with its live counter, wall and sign form, the signer's
certificate (by its secret link) and the small JSON the counter polls.

Signing goes through `pledges.services.sign`, which counts exactly and recognises a repeat; this
module adds the rate limit, the answers when the database is busy and the redirect to the
certificate. Nothing here uses the session: a signature writes no session row.
"""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from vocweek.campaigns.queries import public_current_campaign
from vocweek.core.sharing import page_share
from vocweek.core.views import see_other
from vocweek.orgs.models import Unit
from vocweek.pledges import queries, services
from vocweek.pledges.enums import IdentifierKind, PledgeState
from vocweek.pledges.models import Pledge
from vocweek.pledges.public_forms import SignForm


# Signatures per client address: a class signing on one school network stays below this, a
# script does not. Behind proxies the address is the client's (vocweek.core.clients).
def sign_rate(group: str, request: HttpRequest) -> str:
    """Signatures per client address (VOCWEEK_SIGN_RATE): a class signing from one school
    network stays below it; a script does not."""
    return settings.VOCWEEK_SIGN_RATE


COUNTS_SECONDS = 2
# How often the page asks for the counts, in milliseconds (pledge.js).
POLL_MILLISECONDS = 5000
RETRY_AFTER_SECONDS = 2
QR_ERROR_LEVEL = "m"
AGAIN = "again"


def _public_pledge(pk: int) -> Pledge:
    pledge = queries.public_pledge(pk)
    if pledge is None:
        raise Http404
    return pledge


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The current week's pledges, open ones first."""
    campaign = public_current_campaign()
    pledges = queries.public_pledges(campaign) if campaign else []
    return render(
        request,
        "pledges/public/index.html",
        {
            "campaign": campaign,
            "pledges": pledges,
            "share": page_share(
                request,
                title=_("Student pledge signing"),
                description=campaign.theme if campaign else "",
            )
            if campaign
            else None,
        },
    )


def _pledge_page(
    request: HttpRequest,
    pledge: Pledge,
    form: SignForm | None = None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    page_path = reverse("pledges:pledge", args=[pledge.pk])
    counts = queries.pledge_counts(pledge)
    return render(
        request,
        "pledges/public/pledge.html",
        {
            "pledge": pledge,
            "campaign": pledge.campaign,
            "paragraphs": [line.strip() for line in pledge.text.splitlines() if line.strip()],
            "is_open": pledge.state == PledgeState.OPEN,
            "counts": counts,
            "schools": queries.top_schools(pledge),
            "wall": queries.wall(pledge),
            "form": form or SignForm(schools=queries.participating_schools(pledge.campaign)),
            "error": error,
            "poll_milliseconds": POLL_MILLISECONDS,
            "page_url": request.build_absolute_uri(page_path),
            "page_path": page_path,
            "share": page_share(
                request,
                title=pledge.title,
                description=_("%(count)d students have signed. Sign it too.")
                % {"count": counts.total},
                kind="article",
            ),
        },
        status=status,
    )


@require_safe
def pledge(request: HttpRequest, pk: int) -> HttpResponse:
    """A pledge's text, its live counter, the cities and schools, the wall and the sign form."""
    return _pledge_page(request, _public_pledge(pk))


def _busy(request: HttpRequest, pledge: Pledge, message: str, status: int) -> HttpResponse:
    """A small page that reads no counts: it answers floods and a busy database cheaply."""
    response = render(
        request,
        "pledges/public/busy.html",
        {"pledge": pledge, "campaign": pledge.campaign, "message": message},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@dataclass(frozen=True)
class _Signer:
    name: str
    school: int
    kind: str
    identifier: str


_KINDS = frozenset(IdentifierKind.values)


def _read_signer(data: QueryDict, scope: queries.SigningScope) -> _Signer | None:
    """The four fields of a signature, read as `SignForm` would accept them but without building
    a form (the busiest POST of the platform); None when any needs correcting, and then the form
    is built to say which. The service reads the name and the identifier further."""
    name, school, kind, identifier = (
        data.get(field, "") for field in ("name", "school", "kind", "identifier")
    )
    name_limit = SignForm.base_fields["name"].max_length
    if not name.strip() or len(name) > name_limit or kind not in _KINDS or not identifier.strip():
        return None
    if not school.isdigit() or int(school) not in scope.schools:
        return None
    return _Signer(name=name, school=int(school), kind=kind, identifier=identifier)


@require_POST
@ratelimit(key="ip", rate=sign_rate, method="POST", block=False)
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign the pledge; a signer who signed before lands on their first certificate, counted
    once. A busy database answers 503 "try again" at once instead of keeping the signer waiting.

    The busiest write of the platform: on success it reads nothing but the cached signing scope
    (the pledge's campaign and participating schools) before the one counting statement; the
    pledge and the list of schools are read only to show a page with an error."""
    scope = queries.signing_scope(pk)
    if scope is None:
        raise Http404
    if getattr(request, "limited", False):
        message = _(
            "Too many signatures from your network in a short time. "
            "Please wait a minute and try again."
        )
        return _busy(request, _public_pledge(pk), message, 429)
    signer = _read_signer(request.POST, scope)
    if signer is None:  # something to correct: the form names the field, with the school list
        pledge = _public_pledge(pk)
        shown = SignForm(request.POST, schools=queries.participating_schools(pledge.campaign))
        if shown.is_valid():  # well formed, but the school is not one of the list
            shown.add_error("school", _("School: choose your school from the list."))
        return _pledge_page(request, pledge, shown, status=400)
    try:
        signed = services.sign(
            pledge_id=pk,
            unit=Unit(pk=signer.school),  # only its key is used: checked against the scope
            name=signer.name,
            kind=signer.kind,
            identifier=signer.identifier,
        )
    except services.PledgeBusy as busy:
        response = _busy(request, _public_pledge(pk), str(busy), 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    except services.PledgeError as error:
        pledge = _public_pledge(pk)
        shown = SignForm(request.POST, schools=queries.participating_schools(pledge.campaign))
        return _pledge_page(request, pledge, shown, error=str(error), status=400)
    url = reverse("pledges:certificate", args=[signed.signature.token])
    if not signed.created:
        url += f"?{AGAIN}=1"
    return see_other(url)


@require_safe
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    """The signer's certificate (its address is the secret): name, number, school, date and a
    QR code to the pledge; pledge.js draws it onto a canvas to save as an image."""
    signature = queries.signature_by_token(token)
    if signature is None:
        raise Http404
    pledge = signature.pledge
    pledge_url = request.build_absolute_uri(reverse("pledges:pledge", args=[pledge.pk]))
    # make_qr: a full QR code (segno.make may choose a Micro QR, which phones cannot read).
    qr = segno.make_qr(pledge_url, error=QR_ERROR_LEVEL)
    response = render(
        request,
        "pledges/public/certificate.html",
        {
            "signature": signature,
            "pledge": pledge,
            "campaign": pledge.campaign,
            "again": request.GET.get(AGAIN) == "1",
            "pledge_url": pledge_url,
            # segno writes the markup itself from the code's bits: nothing of the request in it.
            "qr_svg": qr.svg_inline(scale=4, dark="#211c19", omitsize=True),
            "qr_bits": "/".join(
                "".join("1" if module else "0" for module in row) for row in qr.matrix
            ),
            "share": page_share(
                request,
                title=_("Signer No. %(number)d of “%(title)s”")
                % {"number": signature.number, "title": pledge.title},
                description=_("Sign the pledge too."),
            ),
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def counts(request: HttpRequest, pk: int) -> JsonResponse:
    """The live counter: the exact total, each city's count and when the last signer signed."""
    pledge = _public_pledge(pk)
    found = queries.pledge_counts(pledge)
    response = JsonResponse(
        {
            "total": found.total,
            "cities": [
                {"id": city.pk, "name": city.name, "signers": city.signers} for city in found.cities
            ],
            "updated_at": found.updated_at.isoformat() if found.updated_at else None,
            "open": pledge.state == PledgeState.OPEN,
        }
    )
    response["Cache-Control"] = f"public, max-age={COUNTS_SECONDS}"
    return response
