"""The public face of interactive topics (网络互动话题), mounted at /topics/ by vocweek/urls.py:
the week's topics, a topic with its published answers (most liked or newest) and the answer
form, and the like button.

An answer goes into the moderation queue; its writer comes back to the topic with the form's
token in the address and sees it waiting there. A resent form lands on the same answer, a second
like from one device changes nothing, both are rate-limited per client address and device, and a
busy database answers 503 at once. Nothing here uses the session.
"""

import secrets

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from vocweek.campaigns.queries import public_current_campaign
from vocweek.core.clients import client_address, device_of, network_of, remember_device
from vocweek.core.sharing import page_share
from vocweek.core.views import see_other
from vocweek.topics import queries, services
from vocweek.topics.enums import AnswerOrder, TopicState
from vocweek.topics.models import Topic
from vocweek.topics.public_forms import AnswerForm

# Answers per client address and per device: a class answering from one school network stays
# below the first, one phone below the second; a script does not.
ANSWER_RATE_PER_ADDRESS = "20/m"
ANSWER_RATE_PER_DEVICE = "3/m"
LIKE_RATE = "60/m"
RETRY_AFTER_SECONDS = 2
SENT = "sent"


def _public_topic(pk: int) -> Topic:
    topic = queries.public_topic(pk)
    if topic is None:
        raise Http404
    return topic


def _order(request: HttpRequest) -> str:
    order = request.GET.get("order", "")
    return order if order in AnswerOrder.values else AnswerOrder.POPULAR


def _limited(request: HttpRequest, group: str, device: str, rates: tuple[str, str]) -> bool:
    """Count this request against the client address's rate and the device's; True when either
    is over. A browser without the device cookie yet is counted by its address only."""
    per_address, per_device = rates
    over_address = is_ratelimited(request, group=group, key="ip", rate=per_address, increment=True)
    over_device = is_ratelimited(
        request, group=group, key=lambda group, request: device, rate=per_device, increment=True
    )
    return over_address or over_device


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The current week's topics, open ones first."""
    campaign = public_current_campaign()
    topics = queries.public_topics(campaign) if campaign else []
    return render(
        request,
        "topics/public/index.html",
        {
            "campaign": campaign,
            "topics": topics,
            "share": page_share(request, title=_("Interactive topics"), description=campaign.theme)
            if campaign
            else None,
        },
    )


def _topic_page(
    request: HttpRequest,
    topic: Topic,
    form: AnswerForm | None = None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    order = _order(request)
    page = queries.published_answers(topic, order=order, page=request.GET.get("page"))
    device, new_device = device_of(request)
    liked = set() if new_device else queries.liked_by(services.device_hash(device), list(page))
    sent = queries.answer_by_token(topic, request.GET.get(SENT, ""))
    response = render(
        request,
        "topics/public/topic.html",
        {
            "topic": topic,
            "campaign": topic.campaign,
            "paragraphs": [line.strip() for line in topic.question.splitlines() if line.strip()],
            "is_open": topic.state == TopicState.OPEN,
            "page": page,
            "answers": [(answer, answer.pk in liked) for answer in page],
            "order": order,
            "orders": AnswerOrder.choices,
            "sent": sent,
            "form": form or AnswerForm(initial={"token": secrets.token_urlsafe(12)}),
            "error": error,
            "share": page_share(request, title=topic.title, description=topic.question[:100]),
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    if new_device:  # so that the answers and likes sent from this page count per device
        remember_device(request, response, device)
    return response


@require_safe
def topic(request: HttpRequest, pk: int) -> HttpResponse:
    """A topic's question, its published answers with likes, and the answer form."""
    return _topic_page(request, _public_topic(pk))


def _busy(request: HttpRequest, topic: Topic, message: str, status: int) -> HttpResponse:
    """A small page that reads no answers: it answers floods and a busy database cheaply."""
    response = render(
        request,
        "topics/public/busy.html",
        {"topic": topic, "campaign": topic.campaign, "message": message},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an answer to the moderators; the writer is shown it waiting on the topic's page."""
    found = _public_topic(pk)
    device, _new_device = device_of(request)
    if _limited(
        request, "topics.answer", device, (ANSWER_RATE_PER_ADDRESS, ANSWER_RATE_PER_DEVICE)
    ):
        message = _("Too many answers in a short time. Please wait a minute and try again.")
        return _busy(request, found, message, 429)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _topic_page(request, found, form, status=400)
    try:
        submitted = services.submit_answer(
            topic_id=found.pk,
            nickname=form.cleaned_data["nickname"],
            text=form.cleaned_data["text"],
            token=form.cleaned_data["token"],
            network=network_of(client_address(request)),
        )
    except services.TopicBusy as busy:
        return _busy(request, found, str(busy), 503)
    except services.TopicError as error:
        return _topic_page(request, found, form, error=str(error), status=400)
    url = reverse("topics:topic", args=[found.pk])
    query = urlencode({SENT: submitted.answer.token})
    return see_other(f"{url}?{query}#sent")


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
def like(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    """Like a published answer, once per device; topics.js sends it without leaving the page."""
    found = _public_topic(pk)
    device, new_device = device_of(request)
    if _limited(request, "topics.like", device, (LIKE_RATE, LIKE_RATE)):
        message = _("Too many likes in a short time. Please wait a minute and try again.")
        if _wants_json(request):
            return JsonResponse({"error": message}, status=429)
        return _busy(request, found, message, 429)
    status = 200
    try:
        liked = services.like_answer(answer_id=answer_pk, device=services.device_hash(device))
        payload: dict[str, object] = {"likes": liked.likes, "liked": True}
    except services.TopicBusy as busy:
        if not _wants_json(request):
            return _busy(request, found, str(busy), 503)
        payload, status = {"error": str(busy)}, 503
    except services.TopicError as error:
        payload, status = {"error": str(error)}, 409
    if _wants_json(request):
        response: HttpResponse = JsonResponse(payload, status=status)
        if status == 503:
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        back = reverse("topics:topic", args=[found.pk])
        order = _order(request)
        response = see_other(f"{back}?{urlencode({'order': order})}#answer-{answer_pk}")
    response["Cache-Control"] = "no-store"
    if new_device:
        remember_device(request, response, device)
    return response
