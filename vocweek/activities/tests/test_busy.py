"""A registration facing an activity row held by another transaction answers "busy" at once:
503 with Retry-After and the form kept, nothing registered (PostgreSQL's lock_timeout)."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from vocweek.activities.models import Registration
from vocweek.activities.tests.factories import make_activity, mobile

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks are PostgreSQL's"),
]


def test_registering_while_the_activity_row_is_held_answers_busy_at_once(
    client, campaign, tree, clock_at, row_held
):
    clock_at("2021-05-20T10:00+08:00")
    cache.clear()
    activity = make_activity(campaign, tree.taiyuan_school, capacity=20)
    fields = {"name": "王小红", "mobile": mobile(1), "party_size": 1}

    with row_held(activity, wait_ms=300):
        started = time.monotonic()
        response = client.post(reverse("activities:register", args=[activity.pk]), fields)
        waited = time.monotonic() - started

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert waited < 3
    assert "王小红" in response.content.decode()  # the form comes back filled in
    assert not Registration.objects.exists()
