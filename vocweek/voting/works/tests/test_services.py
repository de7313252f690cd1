"""Works collections through their services: the deadline by the platform's clock, the unit's
limit, what each category's entries must carry, uploads, a double submit, scoring, ranking,
awards and publication."""

import uuid
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from vocweek.core.models import AuditEntry
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.voting.works import entries, queries, scoring, services
from vocweek.voting.works.enums import Award, CollectionState, EntryKind, EntryState
from vocweek.voting.works.models import Entry, EntryMedia, ScoreSheet
from vocweek.voting.works.tests.factories import (
    AFTER_DEADLINE,
    BEFORE_DEADLINE,
    author,
    category,
    make_collection,
    make_organiser,
    photo_upload,
    score,
    submit_essay,
    to_judging,
    video_upload,
)


@pytest.fixture(autouse=True)
def in_english(platform_language):
    """The messages are read in their source language here; the Chinese catalogue is checked
    by the page tests and the browser journeys."""
    translation.activate("en")


@pytest.fixture
def organiser(campaign):
    return make_organiser(campaign)


@pytest.fixture
def collection(campaign, organiser, clock_at):
    clock_at(BEFORE_DEADLINE)
    return make_collection(campaign, actor=organiser)


def files_under(collection) -> set[str]:
    folder = f"voting/works/{collection.pk}"
    if not default_storage.exists(folder):
        return set()
    return set(default_storage.listdir(folder)[1])


def test_submit_entry_before_deadline_numbers_it(collection, tree):
    first = submit_essay(collection, tree.taiyuan_school)
    second = submit_essay(collection, tree.datong_school, title="匠心")
    assert (first.number, second.number) == (1, 2)
    assert first.code == "001"
    assert list(first.authors.values_list("name", flat=True)) == ["王小明"]
    assert AuditEntry.objects.filter(action="works.submit").count() == 2


def test_submit_entry_after_deadline_refused_by_the_clock(collection, tree, clock_at):
    clock_at("2021-05-20T18:00+08:00")
    with pytest.raises(services.WorksError, match="deadline"):
        submit_essay(collection, tree.taiyuan_school)
    assert not Entry.objects.exists()


def test_submit_entry_to_draft_refused(campaign, organiser, tree, clock_at):
    clock_at(BEFORE_DEADLINE)
    draft = make_collection(campaign, actor=organiser, open_it=False)
    with pytest.raises(services.WorksError, match="not taking entries"):
        submit_essay(draft, tree.taiyuan_school)


def test_unit_limit_per_category_counts_all_but_withdrawn(collection, tree):
    first = submit_essay(collection, tree.taiyuan_school)
    submit_essay(collection, tree.taiyuan_school, title="第二篇")
    with pytest.raises(services.WorksError, match="as many as allowed"):
        submit_essay(collection, tree.taiyuan_school, title="第三篇")
    entries.withdraw_entry(entry=first, actor=None)
    third = submit_essay(collection, tree.taiyuan_school, title="第三篇")
    assert third.state == EntryState.SUBMITTED
    # Another unit has its own places.
    assert submit_essay(collection, tree.datong_school).unit == tree.datong_school


def test_same_token_twice_makes_one_entry(collection, tree):
    token = uuid.uuid4()
    first = submit_essay(collection, tree.taiyuan_school, token=token)
    again = submit_essay(collection, tree.taiyuan_school, token=token)
    assert again.pk == first.pk
    assert Entry.objects.count() == 1


def test_authors_required(collection, tree):
    with pytest.raises(services.WorksError, match="at least one author"):
        entries.submit_entry(
            collection=collection,
            category=category(collection, EntryKind.ESSAY),
            unit=tree.taiyuan_school,
            actor=None,
            content=entries.EntryContent(
                title="无名", essay="正文", authors=(entries.AuthorLine(name="  "),)
            ),
            token=uuid.uuid4(),
        )
    assert not Entry.objects.exists()


def test_essay_needs_text_within_the_category_limit(collection, tree):
    with pytest.raises(services.WorksError, match="Essay"):
        submit_essay(collection, tree.taiyuan_school, text="   ")
    with pytest.raises(services.WorksError, match="2000"):
        submit_essay(collection, tree.taiyuan_school, text="字" * 2001)
    assert not Entry.objects.exists()


def test_photo_entry_stores_cleaned_photos(collection, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = entries.submit_entry(
            collection=collection,
            category=category(collection, EntryKind.PHOTOS),
            unit=tree.taiyuan_school,
            actor=None,
            content=entries.EntryContent(title="车间里的光", authors=(author(),)),
            token=uuid.uuid4(),
            photos=[photo_upload("a.jpg"), photo_upload("b.png")],
        )
    media = list(entry.media.order_by("position"))
    assert [item.original_name for item in media] == ["a.jpg", "b.png"]
    assert all(item.status == "ready" and item.preview for item in media)
    assert not media[0].file.name.endswith("/a.jpg")  # stored under a random name


def test_photo_entry_needs_photos_and_at_most_nine(collection, tree):
    photos = category(collection, EntryKind.PHOTOS)
    content = entries.EntryContent(title="组照", authors=(author(),))
    with pytest.raises(services.WorksError, match="at least one photo"):
        entries.submit_entry(
            collection=collection, category=photos, unit=tree.taiyuan_school, actor=None,
            content=content, token=uuid.uuid4(),
        )  # fmt: skip
    with pytest.raises(services.WorksError, match="at most 9"):
        entries.submit_entry(
            collection=collection, category=photos, unit=tree.taiyuan_school, actor=None,
            content=content, token=uuid.uuid4(),
            photos=[photo_upload(f"{n}.jpg") for n in range(10)],
        )  # fmt: skip
    assert not Entry.objects.exists()


def test_bad_upload_names_the_file_and_saves_nothing(collection, tree):
    before = files_under(collection)
    fake = SimpleUploadedFile("舞台.jpg", b"<svg onload=alert(1)></svg>", content_type="image/jpeg")
    with pytest.raises(services.WorksError, match=r"“舞台\.jpg”"):
        entries.submit_entry(
            collection=collection,
            category=category(collection, EntryKind.PHOTOS),
            unit=tree.taiyuan_school,
            actor=None,
            content=entries.EntryContent(title="舞台", authors=(author(),)),
            token=uuid.uuid4(),
            photos=[photo_upload("good.jpg"), fake],
        )
    assert not Entry.objects.exists()
    assert not EntryMedia.objects.exists()
    assert files_under(collection) == before


def test_video_entry_needs_a_video_and_is_stripped_in_the_background(
    collection, tree, django_capture_on_commit_callbacks
):
    video = category(collection, EntryKind.VIDEO)
    content = entries.EntryContent(title="我的实训日常", authors=(author(),))
    with pytest.raises(services.WorksError, match="Video"):
        entries.submit_entry(
            collection=collection, category=video, unit=tree.taiyuan_school, actor=None,
            content=content, token=uuid.uuid4(),
        )  # fmt: skip
    with pytest.raises(services.WorksError, match="is a photo"):
        entries.submit_entry(
            collection=collection, category=video, unit=tree.taiyuan_school, actor=None,
            content=content, token=uuid.uuid4(), video=photo_upload("still.jpg"),
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        entry = entries.submit_entry(
            collection=collection, category=video, unit=tree.taiyuan_school, actor=None,
            content=content, token=uuid.uuid4(), video=video_upload(),
        )  # fmt: skip
    media = entry.media.get()
    assert media.kind == "video" and media.status == "ready"
    assert media.preview.endswith("-preview.jpg")
    assert media.width == 64 and media.height == 48


def test_update_entry_changes_text_and_photos_before_deadline(collection, tree, clock_at):
    entry = entries.submit_entry(
        collection=collection,
        category=category(collection, EntryKind.PHOTOS),
        unit=tree.taiyuan_school,
        actor=None,
        content=entries.EntryContent(title="旧题", authors=(author(),)),
        token=uuid.uuid4(),
        photos=[photo_upload("one.jpg")],
    )
    first = entry.media.get()
    with pytest.raises(services.WorksError, match="at least one photo"):
        entries.update_entry(
            entry=entry,
            actor=None,
            content=entries.EntryContent(title="新题", authors=(author(),)),
            remove_media=[first.pk],
        )
    entry = entries.update_entry(
        entry=entry,
        actor=None,
        content=entries.EntryContent(
            title="新题", authors=(author("李华"), author("赵老师", "teacher"))
        ),
        add_photos=[photo_upload("two.jpg")],
        remove_media=[first.pk],
    )
    assert entry.title == "新题"
    assert [m.original_name for m in entry.media.all()] == ["two.jpg"]
    assert list(entry.authors.values_list("name", flat=True)) == ["李华", "赵老师"]
    clock_at(AFTER_DEADLINE)
    with pytest.raises(services.WorksError, match="deadline"):
        entries.withdraw_entry(entry=entry, actor=None)


def test_open_collection_needs_a_future_deadline(campaign, organiser, clock_at):
    clock_at(AFTER_DEADLINE)
    draft = make_collection(campaign, actor=organiser, open_it=False)
    with pytest.raises(services.WorksError, match="passed"):
        services.open_collection(collection=draft, actor=organiser)


def test_category_with_entries_cannot_be_removed(collection, organiser, tree):
    submit_essay(collection, tree.taiyuan_school)
    lines = [
        services.CategoryLine(pk=c.pk, name=c.name, kind=c.kind)
        for c in collection.categories.exclude(kind=EntryKind.ESSAY)
    ]
    criteria = [
        services.CriterionLine(pk=c.pk, name=c.name, max_points=c.max_points)
        for c in collection.criteria.all()
    ]
    settings = services.CollectionSettings(
        title=collection.title, description="", deadline=collection.deadline
    )
    with pytest.raises(services.WorksError, match="“征文” has entries"):
        services.update_collection(
            collection=collection, actor=organiser, settings=settings, categories=lines,
            criteria=criteria,
        )  # fmt: skip
    assert collection.categories.count() == 3


def test_judging_starts_only_after_the_deadline_with_judges(
    collection, organiser, campaign, clock_at
):
    with pytest.raises(services.WorksError, match="after it"):
        services.start_judging(collection=collection, actor=organiser)
    clock_at(AFTER_DEADLINE)
    with pytest.raises(services.WorksError, match="judge"):
        services.start_judging(collection=collection, actor=organiser)
    judge = make_member(campaign.organiser, Role.PROVINCE_REVIEWER)
    judging = to_judging(collection, judges=[judge], actor=organiser)
    assert judging.state == CollectionState.JUDGING


@pytest.fixture
def judged(collection, organiser, campaign, tree, clock_at):
    """Three essays and two judges; judging has started."""
    essays = [
        submit_essay(collection, tree.taiyuan_school, title="甲"),
        submit_essay(collection, tree.datong_school, title="乙"),
        submit_essay(collection, tree.qingxu_school, title="丙"),
    ]
    judges = [
        make_member(campaign.organiser, Role.PROVINCE_REVIEWER),
        make_member(tree.union, Role.UNIT_MANAGER),
    ]
    to_judging(collection, judges=judges, actor=organiser, clock_at=clock_at)
    return essays, judges


def test_score_within_max_and_complete(judged):
    (first, *_rest), (judge, _other) = judged
    with pytest.raises(services.WorksError, match="艺术性: points from 0 to 60"):
        score(first, judge, 30, 61)
    with pytest.raises(services.WorksError, match="half points"):
        score(first, judge, 30.3, 50)
    with pytest.raises(services.WorksError, match="艺术性: enter the points"):
        scoring.score_entry(
            entry=first, judge_user=judge, points={first.collection.criteria.first().pk: 30}
        )
    assert not ScoreSheet.objects.exists()
    sheet = score(first, judge, 30.5, 50)
    assert sheet.total == Decimal("80.5")


def test_rescoring_replaces_the_judges_sheet(judged):
    (first, *_rest), (judge, _other) = judged
    score(first, judge, 30, 50)
    score(first, judge, 20, 40, comment="再看一遍")
    sheet = ScoreSheet.objects.get()
    assert sheet.total == 60 and sheet.comment == "再看一遍"
    assert sheet.scores.count() == 2


def test_only_the_collections_judges_score(judged, campaign):
    (first, *_rest), _judges = judged
    stranger = make_member(campaign.organiser, Role.PROVINCE_REVIEWER)
    with pytest.raises(services.WorksError, match="judges"):
        score(first, stranger, 30, 50)


def test_judge_never_scores_own_units_entry(collection, organiser, tree, clock_at):
    own = submit_essay(collection, tree.taiyuan_school)
    judge = make_member(tree.taiyuan_school, Role.UNIT_MANAGER)
    to_judging(collection, judges=[judge], actor=organiser, clock_at=clock_at)
    with pytest.raises(services.WorksError, match="own unit"):
        score(own, judge, 30, 50)
    assert queries.blind_entries(queries.judge_of(collection, judge)) == []


def test_ranking_averages_judges_and_shows_ties(judged):
    (first, second, third), (one, two) = judged
    score(first, one, 40, 50)  # 90
    score(first, two, 30, 50)  # 80 → 85
    score(second, one, 35, 50)  # 85
    score(third, one, 20, 40)  # 60 (one sheet)
    (essays,) = [r for r in queries.ranking(first.collection) if r.category.kind == "essay"]
    lines = [(line.entry.title, line.average, line.rank, line.tied) for line in essays.lines]
    # 甲 and 乙 tie on 85.00; 甲 has more sheets and comes first; both rank 1.
    assert lines == [
        ("甲", Decimal("85.00"), 1, True),
        ("乙", Decimal("85.00"), 1, True),
        ("丙", Decimal("60.00"), 3, False),
    ]
    # Quotas 1 first, 1 second, 1 third: the tie shares the first prize.
    assert [line.suggested for line in essays.lines] == [Award.FIRST, Award.FIRST, Award.THIRD]


def test_awards_and_publication(judged, organiser):
    (first, second, third), (one, _two) = judged
    collection = first.collection
    with pytest.raises(services.WorksError, match="at least one award"):
        services.publish_results(collection=collection, actor=organiser)
    services.exclude_entry(entry=third, actor=organiser, reason="非原创")
    with pytest.raises(services.WorksError, match="cannot be awarded"):
        services.set_awards(collection=collection, actor=organiser, awards={third.pk: Award.MERIT})
    changed = services.set_awards(
        collection=collection,
        actor=organiser,
        awards={first.pk: Award.FIRST, second.pk: Award.SECOND},
    )
    assert changed == 2
    published = services.publish_results(collection=collection, actor=organiser)
    assert published.state == CollectionState.PUBLISHED and published.published_at
    winners = queries.winners(published)
    assert [(g.award, [e.title for e in g.entries]) for g in winners[0].groups] == [
        ("first", ["甲"]),
        ("second", ["乙"]),
    ]
    with pytest.raises(services.WorksError, match="cannot be done now"):
        services.publish_results(collection=published, actor=organiser)
    with pytest.raises(services.WorksError):
        score(first, one, 10, 10)  # scores are taken while judging only


def test_exclusion_needs_a_reason_and_clears_the_award(judged, organiser):
    (first, *_rest), _judges = judged
    with pytest.raises(services.WorksError, match="Reason"):
        services.exclude_entry(entry=first, actor=organiser, reason=" ")
    services.set_awards(collection=first.collection, actor=organiser, awards={first.pk: "first"})
    excluded = services.exclude_entry(entry=first, actor=organiser, reason="超出字数")
    assert excluded.state == EntryState.EXCLUDED and excluded.award == ""
    back = services.reinstate_entry(entry=excluded, actor=organiser)
    assert back.state == EntryState.SUBMITTED


def test_judge_who_scored_cannot_be_removed(judged, organiser):
    (first, *_rest), (one, two) = judged
    score(first, one, 30, 30)
    judge = queries.judge_of(first.collection, one)
    with pytest.raises(services.WorksError, match="has scored 1"):
        services.remove_judge(judge=judge, actor=organiser)
    services.remove_judge(judge=queries.judge_of(first.collection, two), actor=organiser)
    assert first.collection.judges.count() == 1


def test_add_judge_unknown_log_in_named(collection, organiser):
    with pytest.raises(services.WorksError, match="“nobody”"):
        services.add_judge(collection=collection, actor=organiser, username="nobody")
