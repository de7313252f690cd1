"""The public face of the activity calendar (活动日历): the calendar by day with its filters, an
activity's page with registration, a visitor's registration page (by its secret link) and the
iCalendar files.

What the calendar and activity pages show comes from `activities.queries`, which returns published
activities only, so anything else answers 404. Registering and cancelling go through
`activities.services`, which keep the places exact under concurrent requests.
"""

from urllib.parse import quote, urlencode

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from vocweek.activities import feeds, queries, services
from vocweek.activities.enums import ActivityKind, RegistrationState
from vocweek.activities.models import Activity, Registration
from vocweek.activities.public_forms import ALL_DAYS, CalendarFilterForm, RegistrationForm
from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import public_current_campaign
from vocweek.core import clock
from vocweek.core.sharing import page_share
from vocweek.core.views import see_other

ACTIVITIES_PER_PAGE = 20
MAP_SEARCH = "https://uri.amap.com/search?keyword="
# A visitor's registrations per client address; a family registering each member stays well below.
REGISTRATION_RATE = "10/m"
QR_ERROR_LEVEL = "m"
FEED_SECONDS = 300
RETRY_AFTER_SECONDS = 2


def kind_label(activity: Activity) -> str:
    """The kind, and for a skill service what it offers: "技能服务 · 家电维修"."""
    label = str(activity.get_kind_display())
    if activity.kind == ActivityKind.SKILL_SERVICE and activity.service_type:
        return f"{label} · {activity.get_service_type_display()}"
    return label


def map_link(activity: Activity) -> str:
    """A web map search for the activity's address (opens the map app on a phone)."""
    place = " ".join(part for part in (activity.address, activity.venue) if part)
    return MAP_SEARCH + quote(place) if activity.address else ""


def registration_open(activity: Activity) -> bool:
    return activity.registration_required and clock.now() < services.registration_closes_at(
        activity
    )


# --- The calendar ------------------------------------------------------------------------------


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    """The current week's published activities, one day at a time (today during the week, else
    the first day) or all days, narrowed by city, kind, mode and audience; what is on now and
    what starts soon above them."""
    campaign = public_current_campaign()
    if campaign is None:
        return render(request, "activities/public/calendar.html", {"campaign": None})
    today = clock.today(campaign.time_zone)
    days = queries.days_with_counts(campaign)
    default_day = today if campaign.day_number(today) else campaign.starts_on
    form = CalendarFilterForm(request.GET, days=campaign.days, cities=queries.cities())
    chosen = form.chosen(default_day)
    page = Paginator(queries.calendar(campaign, chosen), ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    filters = {
        name: value
        for name, value in (
            ("city", chosen.city),
            ("kind", chosen.kind),
            ("mode", chosen.mode),
            ("audience", chosen.audience),
        )
        if value
    }
    day_value = chosen.day.isoformat() if chosen.day else ALL_DAYS
    tabs = [
        {
            "day": day,
            "count": count,
            "number": position,
            "today": day == today,
            "current": day == chosen.day,
            "query": urlencode({"day": day.isoformat(), **filters}),
        }
        for position, (day, count) in enumerate(days, start=1)
    ]
    return render(
        request,
        "activities/public/calendar.html",
        {
            "campaign": campaign,
            "form": form,
            "chosen": chosen,
            "narrowed": form.narrowed(),
            "tabs": tabs,
            "all_days_query": urlencode({"day": ALL_DAYS, **filters}),
            "all_days_count": sum(count for _day, count in days),
            "day_value": day_value,
            "page": page,
            "page_query": urlencode({"day": day_value, **filters}),
            "moments": queries.happening(campaign),
            "share": page_share(
                request,
                title=_("Activity calendar · %(campaign)s") % {"campaign": campaign.title},
                description=campaign.theme,
            ),
        },
    )


# --- An activity -------------------------------------------------------------------------------


def _public_activity(pk: int) -> Activity:
    activity = queries.public_activity(pk)
    if activity is None:
        raise Http404
    return activity


def _activity_page(
    request: HttpRequest,
    activity: Activity,
    form: RegistrationForm | None = None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    page_url = request.build_absolute_uri(reverse("activities:activity", args=[activity.pk]))
    now = clock.now()
    return render(
        request,
        "activities/public/activity.html",
        {
            "activity": activity,
            "campaign": activity.campaign,
            "kind_label": kind_label(activity),
            "map_link": map_link(activity),
            "registration_open": registration_open(activity),
            "live": activity.starts_at <= now < activity.ends_at,
            "over": activity.ends_at <= now,
            "form": form or RegistrationForm(max_party_size=activity.max_party_size),
            "error": error,
            "page_url": page_url,
            "page_path": reverse("activities:activity", args=[activity.pk]),
            "share": page_share(
                request,
                title=activity.title,
                description=activity.description[:120],
                kind="article",
            ),
        },
        status=status,
    )


@require_safe
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about a published activity, its places left and the registration form."""
    return _activity_page(request, _public_activity(pk))


@require_POST
@ratelimit(key="ip", rate=REGISTRATION_RATE, method="POST", block=False)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the visitor, confirmed or on the waiting list; a mobile already registered lands
    on its existing registration."""
    activity = _public_activity(pk)
    form = RegistrationForm(request.POST, max_party_size=activity.max_party_size)
    if getattr(request, "limited", False):
        message = _(
            "Too many registrations from your network in a short time. "
            "Please wait a minute and try again."
        )
        return _activity_page(request, activity, form, error=message, status=429)
    if not form.is_valid():
        return _activity_page(request, activity, form)
    try:
        registered = services.register(
            activity_id=activity.pk,
            name=form.cleaned_data["name"],
            mobile=form.cleaned_data["mobile"],
            party_size=form.people,
        )
    except services.ActivityError as error:
        return _activity_page(request, _public_activity(pk), form, error=str(error))
    except OperationalError:  # the activity's row not granted in time: answer, do not hang
        message = _("Registration is busy; please send the form again in a moment.")
        response = _activity_page(request, activity, form, error=message, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if not registered.created:
        messages.info(
            request, _("You had already registered for this activity: here is your registration.")
        )
    return see_other(reverse("activities:registration", args=[registered.registration.token]))


@require_safe
def activity_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The activity as a calendar file, to add to a phone's calendar."""
    activity = _public_activity(pk)
    response = _calendar_response(request, [activity], name=activity.title)
    response["Content-Disposition"] = f'attachment; filename="activity-{activity.pk}.ics"'
    return response


# --- A visitor's registration ------------------------------------------------------------------


def _registration(token: str) -> Registration:
    registration = queries.registration_by_token(token)
    if registration is None:
        raise Http404
    return registration


@require_safe
def registration(request: HttpRequest, token: str) -> HttpResponse:
    """The visitor's own page (its address is the secret): state, check-in code and QR code,
    and the cancel button. Never cached, never indexed."""
    registration = _registration(token)
    activity = registration.activity
    now = clock.now()
    live = registration.state != RegistrationState.CANCELLED
    response = render(
        request,
        "activities/public/registration.html",
        {
            "registration": registration,
            "activity": activity,
            "campaign": activity.campaign,
            "kind_label": kind_label(activity),
            "map_link": map_link(activity),
            "position": queries.waiting_position(registration),
            # segno writes the markup itself from the code's bits: nothing of the request in it.
            "qr_svg": mark_safe(
                segno.make_qr(registration.code, error=QR_ERROR_LEVEL).svg_inline(
                    scale=8, dark="#211c19", omitsize=True
                )
            ),
            "cancellable": live and registration.checked_in_at is None and now < activity.ends_at,
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The visitor cancels with their link; the place goes to the next one waiting."""
    registration = _registration(token)
    already = registration.state == RegistrationState.CANCELLED
    try:
        services.cancel_registration(token=token)
    except services.ActivityError as error:
        messages.error(request, str(error))
    else:
        if not already:
            messages.success(request, _("Your registration is cancelled."))
    return see_other(reverse("activities:registration", args=[token]))


# --- Feeds -------------------------------------------------------------------------------------


def _calendar_response(
    request: HttpRequest, activities, *, name: str, campaign: Campaign | None = None
) -> HttpResponse:
    host = request.get_host().split(":")[0]
    body = feeds.calendar_file(
        activities,
        name=name,
        host=host,
        page_url=lambda activity: request.build_absolute_uri(
            reverse("activities:activity", args=[activity.pk])
        ),
        time_zone=campaign.time_zone if campaign else "Asia/Shanghai",
    )
    return HttpResponse(body, content_type=feeds.CONTENT_TYPE)


def _feed_campaign() -> Campaign:
    campaign = public_current_campaign()
    if campaign is None:
        raise Http404
    return campaign


def _feed(request: HttpRequest, activities, *, name: str, campaign: Campaign) -> HttpResponse:
    response = _calendar_response(request, activities, name=name, campaign=campaign)
    response["Cache-Control"] = f"public, max-age={FEED_SECONDS}"
    return response


@require_safe
def feed(request: HttpRequest) -> HttpResponse:
    """Every published activity of the current week, to subscribe to."""
    campaign = _feed_campaign()
    return _feed(
        request,
        queries.feed_activities(campaign),
        name=_("%(campaign)s · activity calendar") % {"campaign": campaign.title},
        campaign=campaign,
    )


@require_safe
def city_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """The published activities held in one city."""
    campaign = _feed_campaign()
    city = queries.feed_city(pk)
    if city is None:
        raise Http404
    return _feed(
        request,
        queries.feed_activities(campaign, city=city),
        name=_("%(campaign)s · %(place)s")
        % {"campaign": campaign.title, "place": city.short_name or city.name},
        campaign=campaign,
    )


@require_safe
def unit_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """The published activities of one unit."""
    campaign = _feed_campaign()
    unit = queries.feed_unit(pk)
    if unit is None:
        raise Http404
    return _feed(
        request,
        queries.feed_activities(campaign, unit=unit),
        name=_("%(campaign)s · %(place)s") % {"campaign": campaign.title, "place": unit.name},
        campaign=campaign,
    )
