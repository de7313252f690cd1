"""The demo's reports: days 1 to 3 of the 2021 week at Monday 15:00, with gaps, late filings,
every review outcome, and featured reports whose cover photos are rendered on disk.

Loading the reports draws and renders about 150 photos, so the module loads the demo once, in a
transaction rolled back after its last test; each test runs in a savepoint inside it.
"""

import time
from dataclasses import dataclass
from datetime import date
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.test.utils import override_settings

from vocweek.campaigns.demo import DemoSummary, load_demo
from vocweek.campaigns.tests.factories import beijing
from vocweek.core import clock
from vocweek.core.models import AuditEntry
from vocweek.orgs.models import Unit
from vocweek.reports import queries
from vocweek.reports.demo import ReportsDemoSummary, load_demo_reports
from vocweek.reports.enums import AdoptionLevel, MediaStatus, State
from vocweek.reports.media import process_media
from vocweek.reports.models import Adoption, Report, ReportEvent, ReportMedia

DEMO_MOMENT = "2021-05-24T15:00+08:00"
DAY_ONE, DAY_TWO, DAY_THREE = date(2021, 5, 22), date(2021, 5, 23), date(2021, 5, 24)


@dataclass(frozen=True)
class LoadedDemo:
    demo: DemoSummary
    reports: ReportsDemoSummary
    on_commit_callbacks: int


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo with its reports at Monday 15:00, media under a temporary folder.

    The clock is shifted as the `clock_at` fixture does; the tasks `add_media` enqueues on commit
    run too (they find the photos already rendered).
    """
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media"), VOCWEEK_CLOCK_START=DEMO_MOMENT
        ),
        transaction.atomic(),
    ):
        patch.setenv(clock.ANCHOR_VARIABLE, str(time.time()))
        demo = load_demo()
        with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
            reports = load_demo_reports(campaign=demo.campaign)
        yield LoadedDemo(demo, reports, len(callbacks))
        transaction.set_rollback(True)


@pytest.fixture
def campaign(loaded, db):
    return loaded.demo.campaign


def test_demo_reports_fill_the_days_up_to_today_and_none_after(loaded, campaign):
    reports = Report.objects.filter(campaign=campaign)
    counts = {day: reports.filter(day=day).count() for day in campaign.days}

    assert loaded.reports.added and loaded.reports.today == DAY_THREE
    assert all(counts[day] > 0 for day in (DAY_ONE, DAY_TWO, DAY_THREE))
    assert sum(counts.values()) == reports.count() == loaded.reports.reports
    assert dict(loaded.reports.by_day) == {day: count for day, count in counts.items() if count}
    assert not reports.filter(day__gt=DAY_THREE).exists()
    assert not reports.filter(submitted_at__gt=beijing(2021, 5, 24, 15, 0)).exists()
    assert not reports.exclude(state__in=State.filed()).exists()
    # Most schools file every past day, one or two reports a day; about half have filed today.
    assert counts[DAY_ONE] >= 70 and counts[DAY_TWO] >= 70
    assert 0.3 < loaded.reports.filed_today / loaded.reports.obligated < 0.7


def test_some_schools_miss_a_past_day_and_a_few_make_it_up_late(loaded, campaign):
    matrix = queries.completeness_matrix(campaign, Unit.objects.all())
    cells = [cell for row in matrix.rows for cell in row.cells]

    assert 5 <= cells.count(queries.MISSING) <= 20
    assert cells.count(queries.LATE) >= 3
    assert cells.count(queries.TODAY) > 20
    late = Report.objects.filter(campaign=campaign, is_late=True)
    assert late.count() == loaded.reports.late >= 3
    for report in late:
        filed_on = report.submitted_at.astimezone(campaign.zone).date()
        assert filed_on > report.day
    ranking = queries.reporting_ranking(campaign, Unit.objects.all())
    assert ranking.rows[0].points > ranking.rows[-1].points


def test_review_adopts_two_in_five_features_ten_and_returns_declines_some(loaded, campaign):
    reports = Report.objects.filter(campaign=campaign)
    summary = loaded.reports

    assert 0.35 <= summary.adopted / summary.reports <= 0.45
    assert summary.featured == reports.filter(state=State.FEATURED).count() == 10
    assert summary.returned >= 2 and summary.declined >= 3 and summary.awaiting > 50
    assert not reports.filter(state=State.RETURNED, return_note="").exists()
    levels = set(Adoption.objects.filter(report__campaign=campaign).values_list("level", flat=True))
    assert levels == set(AdoptionLevel.values)
    assert Adoption.objects.filter(level=AdoptionLevel.PROVINCIAL_MEDIA, outlet="山西日报").exists()
    assert reports.filter(reviewed_by__username="province").count() >= summary.adopted
    resubmitted = reports.filter(state=State.SUBMITTED, events__action="return").get()
    assert [event.action for event in resubmitted.events.all()] == ["submit", "return", "submit"]
    assert all(item.caption for item in resubmitted.media.all())


def test_every_featured_report_has_a_ready_cover_rendered_on_disk(loaded, campaign):
    featured = Report.objects.filter(campaign=campaign, state=State.FEATURED)

    for report in featured.select_related("cover"):
        cover = report.cover
        assert cover.report_id == report.pk and cover.status == MediaStatus.READY
        assert (cover.width, cover.height) == (1280, 853)
        assert default_storage.exists(cover.file.name)
        for size in ("large", "medium", "thumb"):
            for encoding in ("jpeg", "webp"):
                assert default_storage.exists(cover.renditions[size][encoding])
    photos = ReportMedia.objects.filter(report__campaign=campaign)
    assert photos.count() == loaded.reports.photos
    assert not photos.exclude(status=MediaStatus.READY).exists()


def test_rendering_a_demo_photo_again_changes_nothing(loaded, campaign):
    cover = Report.objects.filter(campaign=campaign, state=State.FEATURED).first().cover

    process_media(cover.pk)

    cover_again = ReportMedia.objects.get(pk=cover.pk)
    assert (cover_again.status, cover_again.renditions) == (MediaStatus.READY, cover.renditions)


def test_the_demo_log_ins_find_a_returned_report_and_a_report_made_up_late(loaded, campaign):
    college = Report.objects.filter(campaign=campaign, unit__name="山西职业技术学院")
    county = Report.objects.filter(campaign=campaign, unit__name="清徐县职业中学")

    assert college.filter(state=State.RETURNED).exclude(return_note="").exists()
    assert college.filter(state=State.FEATURED).exists()
    assert not college.filter(day=DAY_THREE).exists()
    assert college.filter(author__username="school").count() == college.count()
    assert county.get(day=DAY_ONE).is_late
    assert county.filter(day=DAY_THREE).exists()


def test_loading_the_demo_reports_again_adds_nothing(loaded, campaign):
    models = (Report, ReportMedia, ReportEvent, Adoption, AuditEntry)
    before = {model: model.objects.count() for model in models}

    again = load_demo_reports(campaign=campaign)

    assert {model: model.objects.count() for model in models} == before
    assert not again.added and again.reports == loaded.reports.reports


def test_demo_command_prints_the_log_ins_and_the_reports_line(loaded, campaign):
    output = StringIO()

    call_command("demo", stdout=output)

    text = output.getvalue()
    for words in ("school", "province", "vocweek2021", "山西职业技术学院"):
        assert words in text
    [line] = [line for line in text.splitlines() if "2021-05-24" in line]
    summary = loaded.reports
    for number in (summary.reports, summary.photos, summary.adopted, summary.featured):
        assert str(number) in line


def test_no_demo_reports_are_written_while_the_clock_is_outside_the_week(db, clock_at):
    clock_at("2021-05-21T15:00+08:00")
    campaign = load_demo().campaign
    Report.objects.filter(campaign=campaign).delete()  # when the module's demo is loaded

    summary = load_demo_reports(campaign=campaign)

    assert not summary.in_week and not summary.added
    assert not Report.objects.filter(campaign=campaign).exists()
