"""The console and public pages of works collections, through the views: what the organiser,
a unit, a judge and the public see and may do."""

import io
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.voting.works import services
from vocweek.voting.works.enums import Award, EntryKind
from vocweek.voting.works.models import Collection, Entry
from vocweek.voting.works.tests.factories import (
    AFTER_DEADLINE,
    BEFORE_DEADLINE,
    category,
    make_collection,
    make_organiser,
    photo_upload,
    score,
    submit_essay,
    to_judging,
)


@pytest.fixture(autouse=True)
def before_the_deadline(clock_at):
    cache.clear()  # the rate limits live in the cache
    clock_at(BEFORE_DEADLINE)


@pytest.fixture
def organiser(campaign):
    return make_organiser(campaign)


@pytest.fixture
def collection(campaign, organiser):
    return make_collection(campaign, actor=organiser)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def entry_form(collection, kind=EntryKind.ESSAY, token=None, **changes) -> dict:
    data = {
        "token": str(token or uuid.uuid4()),
        "category": str(category(collection, kind).pk),
        "title": "我的技能梦",
        "description": "",
        "essay": "在实训车间里，我第一次车出合格的零件。",
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "8",
        "authors-0-name": "王小明",
        "authors-0-role": "student",
        "authors-0-affiliation": "数控 2019 级",
        "authors-1-name": "张老师",
        "authors-1-role": "teacher",
        "authors-1-affiliation": "",
    }
    return data | changes


def test_organiser_sets_up_a_collection_with_categories_and_rubric(campaign, organiser):
    client = client_for(organiser)
    page = client.get(reverse("works_manage:new"))
    assert "微视频" in page.content.decode()  # starter categories to adapt
    data = {
        "title": "“技能成才·强国有我”主题作品征集",
        "description": "作品须为原创。",
        "deadline": "2021-05-20T18:00",
        "entries_per_unit": "3",
        "categories-TOTAL_FORMS": "2",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "12",
        "categories-0-name": "摄影作品",
        "categories-0-kind": "photos",
        "categories-0-first_prizes": "1",
        "categories-0-second_prizes": "2",
        "categories-0-third_prizes": "3",
        "categories-0-merit_prizes": "0",
        "categories-1-name": "",
        "categories-1-kind": "video",
        "categories-1-first_prizes": "0",
        "categories-1-second_prizes": "0",
        "categories-1-third_prizes": "0",
        "categories-1-merit_prizes": "0",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "12",
        "criteria-0-name": "艺术性",
        "criteria-0-max_points": "100",
    }
    response = client.post(reverse("works_manage:new"), data)
    assert response.status_code == 303
    collection = Collection.objects.get()
    assert collection.deadline.isoformat() == "2021-05-20T10:00:00+00:00"  # typed in Beijing time
    assert list(collection.categories.values_list("name", flat=True)) == ["摄影作品"]
    overview = client.get(reverse("works_manage:collection", args=[collection.pk]))
    assert "艺术性" in overview.content.decode()


def test_school_submits_an_essay_and_a_resent_form_counts_once(collection, tree):
    school = make_member(tree.taiyuan_school, Role.UNIT_MANAGER)
    client = client_for(school)
    listing = client.get(reverse("works_manage:unit_entries")).content.decode()
    assert collection.title in listing and "征文" in listing
    data = entry_form(collection)
    url = reverse("works_manage:submit", args=[collection.pk])
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 303
    assert first["Location"] == again["Location"]
    entry = Entry.objects.get()
    assert [a.name for a in entry.authors.all()] == ["王小明", "张老师"]
    page = client.get(first["Location"]).content.decode()
    assert "我的技能梦" in page and "张老师" in page


def test_submit_form_rejects_a_fake_photo_naming_it(collection, tree):
    client = client_for(make_member(tree.taiyuan_school, Role.UNIT_REPORTER))
    fake = io.BytesIO(b"%PDF-1.4 not a photo")
    fake.name = "毕业照.jpg"
    data = entry_form(collection, EntryKind.PHOTOS, photos=[photo_upload("ok.jpg"), fake])
    response = client.post(reverse("works_manage:submit", args=[collection.pk]), data)
    assert response.status_code == 400
    assert "“毕业照.jpg”" in response.content.decode()
    assert not Entry.objects.exists()


def test_submit_without_csrf_token_is_forbidden(collection, tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member(tree.taiyuan_school, Role.UNIT_MANAGER))
    response = client.post(
        reverse("works_manage:submit", args=[collection.pk]), entry_form(collection)
    )
    assert response.status_code == 403
    assert not Entry.objects.exists()


def test_other_units_entry_is_not_found_but_its_city_sees_it(collection, tree):
    entry = submit_essay(collection, tree.qingxu_school, title="县城里的工匠")
    url = reverse("works_manage:unit_entry", args=[entry.pk])
    other = client_for(make_member(tree.datong_school, Role.UNIT_MANAGER))
    assert other.get(url).status_code == 404
    assert other.get(reverse("works_manage:edit_entry", args=[entry.pk])).status_code == 404
    city = client_for(make_member(tree.taiyuan, Role.CITY_REVIEWER))
    assert "县城里的工匠" in city.get(url).content.decode()
    assert city.post(reverse("works_manage:withdraw_entry", args=[entry.pk])).status_code == 404


def test_school_cannot_reach_the_organisers_pages(collection, tree):
    client = client_for(make_member(tree.taiyuan_school, Role.UNIT_MANAGER))
    assert client.get(reverse("works_manage:list")).status_code == 404
    assert client.get(reverse("works_manage:collection", args=[collection.pk])).status_code == 404
    assert client.get(reverse("works_manage:entries", args=[collection.pk])).status_code == 404


@pytest.fixture
def judging(collection, organiser, campaign, tree, clock_at):
    entry = submit_essay(collection, tree.datong_school, title="铁路线上的青春")
    entry.authors.update(name="刘思远")
    judge = make_member(tree.union, Role.UNIT_MANAGER)
    to_judging(collection, judges=[judge], actor=organiser, clock_at=clock_at)
    return entry, judge


def test_judge_scores_blind(judging):
    entry, judge = judging
    client = client_for(judge)
    listing = client.get(reverse("works_manage:judge_entries", args=[entry.collection_id]))
    assert "铁路线上的青春" in listing.content.decode()
    url = reverse("works_manage:score", args=[entry.collection_id, entry.pk])
    page = client.get(url).content.decode()
    assert "铁路线上的青春" in page and "思想性" in page
    assert "大同市第二职业中学" not in page and "刘思远" not in page
    criteria = list(entry.collection.criteria.order_by("position"))
    bad = client.post(
        url, {f"criterion_{criteria[0].pk}": "41", f"criterion_{criteria[1].pk}": "50"}
    )
    assert bad.status_code == 400 and "40" in bad.content.decode()
    good = client.post(
        url, {f"criterion_{criteria[0].pk}": "35.5", f"criterion_{criteria[1].pk}": "50"}
    )
    assert good.status_code == 303
    assert entry.sheets.get().total == 85.5


def test_non_judge_score_page_not_found(judging, campaign):
    entry, _judge = judging
    stranger = client_for(make_member(campaign.organiser, Role.PROVINCE_REVIEWER))
    url = reverse("works_manage:score", args=[entry.collection_id, entry.pk])
    assert stranger.get(url).status_code == 404
    assert stranger.get(reverse("works_manage:judging")).status_code == 404


def test_ranking_awards_export_and_public_winner_page(judging, organiser):
    entry, judge = judging
    score(entry, judge, 38, 55)
    client = client_for(organiser)
    ranking_url = reverse("works_manage:ranking", args=[entry.collection_id])
    assert "93.00" in client.get(ranking_url).content.decode()
    public_url = reverse("works:winner", args=[entry.collection_id, entry.pk])
    assert Client().get(public_url).status_code == 404  # not published yet
    response = client.post(ranking_url, {"action": "suggest"})
    assert response.status_code == 303
    entry.refresh_from_db()
    assert entry.award == Award.FIRST
    client.post(reverse("works_manage:publish", args=[entry.collection_id]))
    collection_page = Client().get(reverse("works:collection", args=[entry.collection_id]))
    text = collection_page.content.decode()
    first_prize = str(Award.FIRST.label)  # 一等奖 in the zh_Hans catalogue
    assert "铁路线上的青春" in text and first_prize in text
    winner = Client().get(public_url).content.decode()
    assert "铁路线上的青春" in winner and first_prize in winner and "刘思远" in winner
    assert "大同市第二职业中学" in winner and 'property="og:title"' in winner
    workbook = client.get(reverse("works_manage:results_xlsx", args=[entry.collection_id]))
    rows = list(load_workbook(io.BytesIO(workbook.content)).active.values)
    assert any(row and "铁路线上的青春" in row for row in rows)


def test_public_pages_hide_drafts_and_unawarded_entries(campaign, organiser, tree, clock_at):
    draft = make_collection(campaign, actor=organiser, open_it=False)
    assert Client().get(reverse("works:collection", args=[draft.pk])).status_code == 404
    collection = make_collection(campaign, actor=organiser)
    entry = submit_essay(collection, tree.taiyuan_school)
    listing = Client().get(reverse("works:index")).content.decode()
    assert reverse("works:collection", args=[collection.pk]) in listing
    assert reverse("works:collection", args=[draft.pk]) not in listing
    page = Client().get(reverse("works:collection", args=[collection.pk])).content.decode()
    assert "2021-05-20 18:00" in page and "征文" in page
    assert Client().get(reverse("works:winner", args=[collection.pk, entry.pk])).status_code == 404


def test_deadline_passed_hides_the_submit_page(collection, tree, clock_at):
    client = client_for(make_member(tree.taiyuan_school, Role.UNIT_MANAGER))
    clock_at(AFTER_DEADLINE)
    assert client.get(reverse("works_manage:submit", args=[collection.pk])).status_code == 404
    assert collection.title not in client.get(reverse("works_manage:unit_entries")).content.decode()
    assert not services.WorksError.__subclasses__()  # one error class for the user
