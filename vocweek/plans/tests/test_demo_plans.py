"""The demo's activity plans at Monday 15:00 of the week: most filed on time, three late, three
missing; real DOCX documents; topic websites on example domains with recorded checks, and not
one network connection while loading.

The module loads the demo once, in a transaction rolled back after its last test; each test runs
in a savepoint inside it.
"""

import socket
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import docx
import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import TestCase
from django.test.utils import override_settings

from vocweek.campaigns.demo import DemoSummary, load_demo
from vocweek.campaigns.tests.factories import beijing
from vocweek.core import clock
from vocweek.core.models import AuditEntry
from vocweek.orgs.enums import UnitKind
from vocweek.plans import queries
from vocweek.plans.demo import PlansDemoSummary, load_demo_plans
from vocweek.plans.enums import WebsiteStatus
from vocweek.plans.models import ActivityPlan

DEMO_MOMENT = "2021-05-24T15:00+08:00"


@dataclass(frozen=True)
class LoadedDemo:
    demo: DemoSummary
    plans: PlansDemoSummary
    seconds: float
    network_attempts: list
    media_root: object


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo and its plans at Monday 15:00; what the filings enqueue on commit runs too (the
    website checks, which must find every address checked already), and any attempt to resolve
    or connect is recorded."""
    attempts: list = []

    def no_lookup(host, *args, **kwargs):
        attempts.append(host)
        raise OSError("the demo must not touch the network")

    def no_connection(sock, address):
        attempts.append(address)
        raise OSError("the demo must not touch the network")

    media_root = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        override_settings(MEDIA_ROOT=media_root, VOCWEEK_CLOCK_START=DEMO_MOMENT),
        transaction.atomic(),
    ):
        patch.setenv(clock.ANCHOR_VARIABLE, str(time.time()))
        patch.setattr(socket, "getaddrinfo", no_lookup)
        patch.setattr(socket.socket, "connect", no_connection)
        demo = load_demo()
        started = time.monotonic()
        with TestCase.captureOnCommitCallbacks(execute=True):
            plans = load_demo_plans(campaign=demo.campaign)
        seconds = time.monotonic() - started
        yield LoadedDemo(demo, plans, seconds, attempts, media_root)
        transaction.set_rollback(True)


@pytest.fixture
def campaign(loaded, db):
    return loaded.demo.campaign


def test_most_units_filed_three_late_and_three_missing(loaded, campaign):
    summary = loaded.plans
    owed = campaign.participations.filter(owes_plan=True).count()

    assert summary.owed == owed == 44  # 11 cities, 28 colleges, 5 province-direct schools
    assert (summary.filed, summary.late, summary.missing) == (41, 3, 3)
    assert summary.added == summary.filed == ActivityPlan.objects.filter(campaign=campaign).count()
    print(f"\ndemo plans loaded in {loaded.seconds:.2f} s")


def test_on_time_plans_were_filed_from_5_8_and_late_ones_from_5_16_to_5_18(loaded, campaign):
    for plan in ActivityPlan.objects.filter(campaign=campaign):
        assert plan.is_late == (plan.filed_at >= campaign.plan_deadline)
        if plan.is_late:
            assert plan.filed_at < beijing(2021, 5, 19, 0, 0)
        else:
            assert plan.filed_at >= beijing(2021, 5, 8, 0, 0)
        assert plan.replaced_at <= beijing(2021, 5, 24, 15, 0)
    late_units = ActivityPlan.objects.filter(campaign=campaign, is_late=True)
    assert {plan.unit.kind == UnitKind.CITY for plan in late_units} == {True, False}


def test_the_log_ins_units_filed_on_time_and_the_college_replaced_its_draft(loaded, campaign):
    bureau = ActivityPlan.objects.get(campaign=campaign, unit__name="太原市教育局")
    college = ActivityPlan.objects.get(campaign=campaign, unit__name="山西职业技术学院")

    assert not bureau.is_late and bureau.filed_by.username == "taiyuan"
    assert not college.is_late and college.filed_by.username == "school"
    assert college.version == 2 and college.replaced_at > college.filed_at
    assert college.document_name == "山西职业技术学院2021年职业教育活动周活动方案.docx"
    assert AuditEntry.objects.filter(action="plan.replace", object_id=str(college.pk)).exists()


def test_every_document_opens_as_a_plan_of_its_unit_and_drafts_are_gone(loaded, campaign):
    plans = list(ActivityPlan.objects.filter(campaign=campaign).select_related("unit"))
    days = [f"5月{day}日" for day in range(22, 29)]
    for plan in plans:
        with default_storage.open(plan.document.name) as stored:
            document = docx.Document(stored)
        texts = [paragraph.text for paragraph in document.paragraphs]
        assert texts[0] == f"{plan.unit.name}2021年职业教育活动周活动方案"
        for heading in ("一、指导思想", "二、活动主题", "四、活动安排", "五、工作要求"):
            assert heading in texts
        schedule = [text for text in texts if "（5月" in text]  # "name（5月23日—24日）：what"
        assert len(schedule) >= 5
        assert all(any(day in text for day in days) for text in schedule)
        assert plan.summary and len(plan.summary) <= 1000
    stored = sorted(path.name for path in (loaded.media_root / "plans").rglob("*.docx"))
    assert len(stored) == len(plans)  # the college's replaced draft was deleted on commit


def test_topic_websites_are_on_example_domains_with_recorded_checks(loaded, campaign):
    plans = ActivityPlan.objects.filter(campaign=campaign)
    assert all(urlsplit(plan.topic_website).hostname.endswith(".example.cn") for plan in plans)
    statuses = [plan.website_status for plan in plans]
    assert statuses.count(WebsiteStatus.UNREACHABLE) == 1
    assert statuses.count(WebsiteStatus.REACHABLE) == len(statuses) - 1
    for plan in plans:
        assert plan.website_checked_url == plan.topic_website
        assert plan.website_checked_at - plan.replaced_at < timedelta(minutes=10)
        if plan.website_status == WebsiteStatus.REACHABLE:
            assert plan.website_http_status == 200 and plan.website_title
    assert loaded.network_attempts == []


def test_the_home_page_finds_every_citys_topic_website(loaded, campaign):
    websites = queries.city_topic_websites(campaign)

    assert len(websites) == 11
    assert websites[0].city_name == "太原市"
    assert websites[0].url == "https://jyj.taiyuan.example.cn/zjhdz"
    assert all(website.title for website in websites)


def test_loading_the_demo_plans_again_adds_nothing(loaded, campaign):
    before = (ActivityPlan.objects.count(), AuditEntry.objects.count())

    again = load_demo_plans(campaign=campaign)

    assert (ActivityPlan.objects.count(), AuditEntry.objects.count()) == before
    assert again.added == 0 and again.filed == loaded.plans.filed


def test_before_the_deadline_only_the_plans_filed_so_far_are_there(loaded, campaign, clock_at):
    ActivityPlan.objects.filter(campaign=campaign).delete()
    clock_at("2021-05-13T12:00+08:00")

    summary = load_demo_plans(campaign=campaign)

    assert 0 < summary.filed < loaded.plans.filed and summary.late == 0
    assert not ActivityPlan.objects.filter(replaced_at__gt=beijing(2021, 5, 13, 12, 0)).exists()
    assert ActivityPlan.objects.filter(unit__name="太原市教育局").exists()
