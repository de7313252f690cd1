"""The selection's public pages (verify, vote, ranking) and the organiser's pages, through the
views. Test data is made with the services directly."""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from vocweek.campaigns.services import make_current
from vocweek.notify.enums import ChannelName
from vocweek.notify.models import Delivery
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.voting import services
from vocweek.voting.models import Vote

BEIJING = ZoneInfo("Asia/Shanghai")
MOBILE = "13900000001"
SCHOOL_NETWORK = "203.0.113.0/24"


@pytest.fixture(autouse=True)
def during_the_week(clock_at):
    cache.clear()  # the rate limits live in the cache
    clock_at("2021-05-24T10:00+08:00")


@pytest.fixture
def organiser(campaign):
    return make_member(campaign.organiser, Role.ORGANISER_ADMIN)


def open_selection(campaign, organiser, tree, **changes):
    """最美职校生 with 张晓明 and 李红 approved, open all week."""
    rules = services.SelectionRules(
        title="最美职校生",
        description="为身边最美的职校生投上一票。",
        opens_at=datetime(2021, 5, 22, tzinfo=BEIJING),
        closes_at=datetime(2021, 5, 29, tzinfo=BEIJING),
    )
    rules = services.SelectionRules(**(rules.__dict__ | changes))
    selection = services.create_selection(campaign=campaign, actor=organiser, rules=rules)
    for name in ("张晓明", "李红"):
        candidate = services.nominate_candidate(
            selection=selection,
            unit=tree.taiyuan_school,
            actor=organiser,
            name=name,
            story=f"{name}刻苦钻研技能，在全省技能大赛中获得一等奖。",
        )
        services.review_candidate(candidate=candidate, actor=organiser, approve=True)
    return services.publish_selection(selection=selection, actor=organiser)


@pytest.fixture
def selection(campaign, organiser, tree):
    return open_selection(campaign, organiser, tree)


def candidate_named(selection, name):
    return selection.candidates.get(name=name)


def verify(client, selection, number=MOBILE):
    """Ask for a code, read it from the text message and send it back."""
    url = reverse("voting:verify", args=[selection.pk])
    asked = client.post(url, {"mobile": number})
    assert asked.status_code == 200
    delivery = Delivery.objects.filter(channel=ChannelName.SMS, recipient=number).latest("pk")
    code = re.search(r"\d{6}", delivery.body).group()
    return client.post(url, {"mobile": number, "code": code})


def vote(client, selection, candidate, ballot="", address="203.0.113.7"):
    return client.post(
        reverse("voting:vote", args=[selection.pk, candidate.pk]),
        {"ballot": ballot} if ballot else {},
        REMOTE_ADDR=address,
    )


def page_text(client, selection):
    return client.get(reverse("voting:selection", args=[selection.pk])).content.decode()


def votes_shown(count):
    return ngettext("%(counter)s vote", "%(counter)s votes", count) % {"counter": count}


def card_of(client, selection, candidate):
    """The candidate's card on the public selection page."""
    text = page_text(client, selection)
    return text.split(f'id="candidate-{candidate.pk}"')[1].split("</li>")[0]


def test_a_visitor_verifies_a_mobile_and_votes(client, selection):
    xiaoming = candidate_named(selection, "张晓明")

    verified = verify(client, selection)
    assert verified.status_code == 303

    response = vote(client, selection, xiaoming)

    assert response.status_code == 303
    assert response["Location"] == (
        reverse("voting:selection", args=[selection.pk]) + f"#candidate-{xiaoming.pk}"
    )
    assert response.cookies["vocweek_device"].value
    text = client.get(response["Location"]).content.decode()
    assert _("Thank you: your vote for %(name)s is counted.") % {"name": "张晓明"} in text
    xiaoming.refresh_from_db()
    assert xiaoming.votes == 1
    cast = Vote.objects.get()
    assert cast.network == "203.0.113.0/24" and MOBILE not in cast.voter_hash
    assert client.session[f"voting:{selection.pk}"]["voter"] == cast.voter_hash


def test_a_second_vote_for_the_same_candidate_the_same_day_is_refused_politely(client, selection):
    xiaoming = candidate_named(selection, "张晓明")
    verify(client, selection)
    vote(client, selection, xiaoming)

    response = vote(client, selection, xiaoming)

    assert response.status_code == 303
    text = client.get(response["Location"]).content.decode()
    assert _("You have voted for %(name)s as often as allowed today.") % {"name": "张晓明"} in text
    xiaoming.refresh_from_db()
    assert xiaoming.votes == 1


def test_the_same_ballot_sent_twice_counts_once_even_when_the_rules_allow_more(
    client, campaign, organiser, tree
):
    selection = open_selection(campaign, organiser, tree, votes_per_candidate_per_day=3)
    xiaoming = candidate_named(selection, "张晓明")
    verify(client, selection)

    vote(client, selection, xiaoming, ballot="tapped-twice-0001")
    again = vote(client, selection, xiaoming, ballot="tapped-twice-0001")
    vote(client, selection, xiaoming, ballot="a-second-vote-002")

    text = client.get(again["Location"]).content.decode()
    assert _("This vote was already sent: it counts at most once.") in text
    xiaoming.refresh_from_db()
    assert xiaoming.votes == 2


def test_the_ranking_is_hidden_while_voting_when_set_so(client, campaign, organiser, tree):
    selection = open_selection(campaign, organiser, tree, ranking_visible=False)
    xiaoming = candidate_named(selection, "张晓明")
    verify(client, selection)
    vote(client, selection, xiaoming)
    shown_votes = _("No. %(rank)s") % {"rank": 1}

    text = page_text(client, selection)

    assert "张晓明" in text and "李红" in text
    assert shown_votes not in text
    assert _("Votes and ranking are shown once voting has closed.") in text
    services.close_selection(selection=selection, actor=organiser)
    assert shown_votes in page_text(client, selection)


def test_the_ranking_shows_votes_and_rank_when_visible(client, selection):
    hong = candidate_named(selection, "李红")
    verify(client, selection)
    vote(client, selection, hong)

    text = page_text(client, selection)

    ranked = text.split('class="voting-cards"')[1]
    assert ranked.index("李红") < ranked.index("张晓明")
    assert _("No. %(rank)s") % {"rank": 1} in ranked


def test_voting_without_a_verified_mobile_sends_to_verify(client, selection):
    xiaoming = candidate_named(selection, "张晓明")

    response = vote(client, selection, xiaoming)

    assert response.status_code == 303
    verify_url = reverse("voting:verify", args=[selection.pk])
    assert response["Location"] == f"{verify_url}?candidate={xiaoming.pk}"
    page = client.get(response["Location"]).content.decode()
    assert _("Verify your mobile first; then your vote can be counted.") in page
    assert f'name="candidate" value="{xiaoming.pk}"' in page
    assert Vote.objects.count() == 0


def test_a_wrong_code_names_the_field_and_verifies_nothing(client, selection):
    url = reverse("voting:verify", args=[selection.pk])
    client.post(url, {"mobile": MOBILE})

    response = client.post(url, {"mobile": MOBILE, "code": "abcdef"})

    assert response.status_code == 400
    assert _("Code: it does not match the code sent to this mobile.") in response.content.decode()
    assert f"voting:{selection.pk}" not in client.session


def test_voting_without_the_csrf_token_is_refused(selection):
    client = Client(enforce_csrf_checks=True)
    xiaoming = candidate_named(selection, "张晓明")

    response = vote(client, selection, xiaoming)

    assert response.status_code == 403
    xiaoming.refresh_from_db()
    assert xiaoming.votes == 0


@pytest.mark.usefixtures("ratelimit_window_held")
def test_too_many_votes_from_one_address_are_refused(client, selection):
    xiaoming = candidate_named(selection, "张晓明")
    for _attempt in range(30):
        assert vote(client, selection, xiaoming).status_code == 303

    response = vote(client, selection, xiaoming)

    assert response.status_code == 429
    refused = _(
        "Too many votes from your network in a short time. Please wait a minute and try again."
    )
    assert refused in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_a_draft_selection_is_not_found(client, campaign, organiser):
    draft = services.create_selection(
        campaign=campaign,
        actor=organiser,
        rules=services.SelectionRules(
            title="草稿",
            description="",
            opens_at=datetime(2021, 5, 22, tzinfo=BEIJING),
            closes_at=datetime(2021, 5, 29, tzinfo=BEIJING),
        ),
    )

    assert client.get(reverse("voting:selection", args=[draft.pk])).status_code == 404
    assert client.get(reverse("voting:index")).content.decode().count("草稿") == 0


def test_the_public_page_gives_the_rules_and_times_in_beijing_time(client, selection):
    text = page_text(client, selection)

    opening = _("Voting opens at %(opens)s and closes at %(closes)s (%(zone)s).") % {
        "opens": "2021-05-22 00:00",
        "closes": "2021-05-29 00:00",
        "zone": selection.campaign.zone_label,
    }
    assert opening in text
    xiaoming = candidate_named(selection, "张晓明")
    story = client.get(reverse("voting:candidate", args=[selection.pk, xiaoming.pk]))
    assert "全省技能大赛中获得一等奖" in story.content.decode()


def test_the_organiser_invalidates_a_network_and_the_public_counts_follow(
    client, selection, organiser
):
    xiaoming = candidate_named(selection, "张晓明")
    for number in range(3):
        voter = Client()
        verify(voter, selection, number=f"1390000010{number}")
        vote(voter, selection, xiaoming, address="203.0.113.9")
    voter = Client()
    verify(voter, selection, number="13900000200")
    vote(voter, selection, xiaoming, address="198.51.100.4")
    assert votes_shown(4) in card_of(client, selection, xiaoming)

    staff = Client()
    staff.force_login(organiser)
    response = staff.post(
        reverse("voting_manage:invalidate", args=[selection.pk]),
        {"network": SCHOOL_NETWORK, "reason": "同一网络短时间内集中投票"},
    )

    assert response.status_code == 302
    assert votes_shown(1) in card_of(client, selection, xiaoming)
    assert Vote.objects.filter(invalidation__isnull=False).count() == 3
    recount = staff.post(reverse("voting_manage:recount", args=[selection.pk]))
    assert _("All counts agree with the log.") in recount.content.decode()


def test_the_organiser_flags_a_burst_and_lists_it_with_a_prefilled_form(selection, organiser):
    xiaoming = candidate_named(selection, "张晓明")
    for number in range(services.BURST_VOTES):
        services.cast_vote(
            selection_id=selection.pk,
            candidate_id=xiaoming.pk,
            ballot=services.Ballot(
                voter=f"voter-{number}", network=SCHOOL_NETWORK, device=f"device-{number}"
            ),
        )
    staff = Client()
    staff.force_login(organiser)
    url = reverse("voting_manage:flags", args=[selection.pk])

    staff.post(url)
    text = staff.get(url).content.decode()

    assert 'name="network" value="203.0.113.0/24"' in text
    assert _("Invalidate these votes") in text
    prefilled = dict(
        re.findall(r'name="(network|starts_at|ends_at|reason)" [^>]*value="([^"]*)"', text)
    )
    staff.post(reverse("voting_manage:invalidate", args=[selection.pk]), prefilled)
    xiaoming.refresh_from_db()
    assert xiaoming.votes == 0
    assert Vote.objects.filter(invalidation__isnull=False).count() == services.BURST_VOTES
    assert _("No burst to look at.") in staff.get(url).content.decode()


def test_the_results_export_opens_in_excel(selection, organiser, client):
    verify(client, selection)
    vote(client, selection, candidate_named(selection, "李红"))
    staff = Client()
    staff.force_login(organiser)

    response = staff.get(reverse("voting_manage:results_xlsx", args=[selection.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] is not None]
    assert rows[0][0] == "最美职校生"
    header = next(index for index, row in enumerate(rows) if row[0] == _("Rank"))
    assert rows[header + 1][:5] == (1, "李红", "太原市第一职业中学", 1, 0)
    assert rows[header + 2][1] == "张晓明"


def test_a_school_cannot_open_the_organisers_pages(selection, tree):
    staff = Client()
    staff.force_login(make_member(tree.taiyuan_school, Role.UNIT_REPORTER))

    for name in ("selection", "flags", "invalidate", "networks", "recount", "results_xlsx"):
        url = reverse(f"voting_manage:{name}", args=[selection.pk])
        assert staff.get(url).status_code == 404, name
    assert staff.get(reverse("voting_manage:list")).status_code == 404
    posted = staff.post(
        reverse("voting_manage:invalidate", args=[selection.pk]),
        {"network": SCHOOL_NETWORK, "reason": "x"},
    )
    assert posted.status_code == 404


def test_a_school_nominates_and_sees_its_nomination_waiting(campaign, organiser, tree):
    selection = services.create_selection(
        campaign=campaign,
        actor=organiser,
        rules=services.SelectionRules(
            title="最美职校生",
            description="",
            opens_at=datetime(2021, 5, 22, tzinfo=BEIJING),
            closes_at=datetime(2021, 5, 29, tzinfo=BEIJING),
        ),
    )
    staff = Client()
    staff.force_login(make_member(tree.taiyuan_school, Role.UNIT_REPORTER))
    url = reverse("voting_manage:nominations")

    response = staff.post(
        url, {"selection": selection.pk, "name": "王芳", "story": "带领同学参加志愿服务。"}
    )

    assert response.status_code == 302
    text = staff.get(url).content.decode()
    assert "王芳" in text and _("nominated") in text
    assert selection.candidates.get().unit == tree.taiyuan_school


def test_the_rules_form_names_the_field_in_error(selection, organiser):
    staff = Client()
    staff.force_login(organiser)

    response = staff.post(
        reverse("voting_manage:selection", args=[selection.pk]),
        {
            "title": "最美职校生",
            "opens_at": "2021-05-22T08:00",
            "closes_at": "2021-05-21T08:00",
            "votes_per_day": "2",
            "votes_per_candidate_per_day": "3",
            "votes_per_network_per_day": "500",
            "votes_per_device_per_day": "10",
        },
    )

    text = response.content.decode()
    assert _("Closes at: voting must close after it opens.") in text
    assert _("Votes per candidate: from 1 to the votes a voter has per day.") in text


def test_a_nomination_photo_is_reencoded_served_and_a_fake_one_refused(
    campaign, organiser, tree, settings, tmp_path
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    selection = services.create_selection(
        campaign=campaign,
        actor=organiser,
        rules=services.SelectionRules(
            title="最美职校生",
            description="",
            opens_at=datetime(2021, 5, 22, tzinfo=BEIJING),
            closes_at=datetime(2021, 5, 29, tzinfo=BEIJING),
        ),
    )
    staff = Client()
    staff.force_login(make_member(tree.taiyuan_school, Role.UNIT_REPORTER))
    url = reverse("voting_manage:nominations")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 30, 30)).save(buffer, "JPEG")
    portrait = SimpleUploadedFile("王芳.jpg", buffer.getvalue(), content_type="image/jpeg")
    fake = SimpleUploadedFile("病毒.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")

    refused = staff.post(
        url, {"selection": selection.pk, "name": "李强", "story": "事迹。", "photo": fake}
    )
    assert "病毒.jpg" in refused.content.decode()  # the refusal names the file
    assert not selection.candidates.exists()

    staff.post(
        url, {"selection": selection.pk, "name": "王芳", "story": "事迹。", "photo": portrait}
    )
    candidate = selection.candidates.get()
    assert candidate.photo.name.startswith(f"voting/{selection.pk}/")
    assert "王芳" not in candidate.photo.name  # never the uploader's file name
    served = Client().get(settings.MEDIA_URL + candidate.photo.name)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"


def test_the_list_says_closed_once_the_closing_time_has_passed(
    client, campaign, selection, clock_at
):
    make_current(campaign=campaign, actor=None)
    during = client.get(reverse("voting:index")).content.decode()
    clock_at("2021-05-29T08:00+08:00")  # still published, but past its closing time

    after = client.get(reverse("voting:index")).content.decode()

    assert _("Voting") in during and "voting-state-open" in during
    assert "voting-state-open" not in after and _("Closed") in after
