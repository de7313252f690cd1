"""The demo collection follows the platform's clock: nothing is submitted, scored or published
after it."""

import pytest
from django.db.models import Max
from django.test import override_settings

from vocweek.campaigns.demo import load_demo
from vocweek.core import clock
from vocweek.voting.works.demo import load_demo_works
from vocweek.voting.works.enums import CollectionState
from vocweek.voting.works.models import Collection, Entry, ScoreSheet


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield


def _load(clock_at, moment: str, django_capture_on_commit_callbacks):
    clock_at(moment)
    campaign = load_demo().campaign
    with django_capture_on_commit_callbacks(execute=True):
        summary = load_demo_works(campaign=campaign)
    return campaign, summary


def test_before_the_campaign_opens_there_is_no_collection(
    db, clock_at, django_capture_on_commit_callbacks
):
    _campaign, summary = _load(
        clock_at, "2021-05-01T10:00+08:00", django_capture_on_commit_callbacks
    )
    assert summary.collections == 0 and not Entry.objects.exists()


def test_before_the_deadline_entries_come_in_up_to_the_clock(
    db, clock_at, django_capture_on_commit_callbacks
):
    campaign, summary = _load(
        clock_at, "2021-05-16T12:00+08:00", django_capture_on_commit_callbacks
    )
    collection = Collection.objects.get(campaign=campaign)
    assert collection.state == CollectionState.OPEN
    assert 0 < summary.entries < 12
    assert Entry.objects.aggregate(last=Max("submitted_at"))["last"] <= clock.now()
    assert not ScoreSheet.objects.exists()
    again = load_demo_works(campaign=campaign)
    assert again == summary  # idempotent


def test_during_judging_sheets_only_up_to_the_clock(
    db, clock_at, django_capture_on_commit_callbacks
):
    campaign, summary = _load(
        clock_at, "2021-05-26T15:00+08:00", django_capture_on_commit_callbacks
    )
    collection = Collection.objects.get(campaign=campaign)
    assert collection.state == CollectionState.JUDGING
    assert summary.entries == 12
    assert 0 < summary.sheets < 12 * 3
    assert ScoreSheet.objects.aggregate(last=Max("scored_at"))["last"] <= clock.now()
    assert not Entry.objects.exclude(award="").exists()


def test_after_the_week_the_results_are_published(db, clock_at, django_capture_on_commit_callbacks):
    campaign, summary = _load(
        clock_at, "2021-06-01T10:00+08:00", django_capture_on_commit_callbacks
    )
    collection = Collection.objects.get(campaign=campaign)
    assert collection.state == CollectionState.PUBLISHED
    assert summary.sheets == 12 * 3
    assert collection.published_at <= clock.now()
    awarded = Entry.objects.exclude(award="")
    assert set(awarded.values_list("category__kind", flat=True)) == {"video", "photos", "essay"}
    video = Entry.objects.filter(category__kind="video").first()
    assert video.media.get().status == "ready"
