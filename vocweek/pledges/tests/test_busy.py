"""A signature facing a pledge row held by another transaction answers "busy" at once: 503 with
Retry-After, nothing counted (PostgreSQL's lock_timeout, VOCWEEK_DB_LOCK_TIMEOUT_MS)."""

import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from vocweek.campaigns.services import enrol_unit
from vocweek.pledges.tests.factories import make_pledge

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason="row locks are PostgreSQL's"),
]


def test_signing_while_the_pledge_row_is_held_answers_busy_at_once(
    client, campaign, tree, row_held
):
    cache.clear()
    enrol_unit(campaign=campaign, unit=tree.taiyuan_school, owes_plan=False,
               owes_daily_reports=False, owes_statistics=False)  # fmt: skip
    pledge = make_pledge(campaign)
    fields = {"name": "李小明", "school": tree.taiyuan_school.pk, "kind": "student_number",
              "identifier": "2021001"}  # fmt: skip

    with row_held(pledge, wait_ms=300):
        started = time.monotonic()
        response = client.post(reverse("pledges:sign", args=[pledge.pk]), fields)
        waited = time.monotonic() - started

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert waited < 3
    pledge.refresh_from_db()
    assert pledge.signers == 0
    again = client.post(reverse("pledges:sign", args=[pledge.pk]), fields)
    assert again.status_code == 303  # once the row is free, the same signature goes through
