import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vocweek.campaigns.enums import ActivityLevel
from vocweek.campaigns.models import ListedActivity
from vocweek.campaigns.services import enrol_unit
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.plans import services, website
from vocweek.plans.enums import WebsiteStatus

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def listed(campaign):
    items = [
        (ActivityLevel.NATIONAL, 1, "全国职业院校技能大赛网上观赛", "教育部"),
        (ActivityLevel.NATIONAL, 2, "“最美职校生”网络评选", "教育部职成司"),
        (ActivityLevel.PROVINCIAL, 1, "全省职业教育活动周启动仪式", "省教育厅"),
        (ActivityLevel.PROVINCIAL, 2, "《中等职业学校学生公约》签署", "省教育厅职成处"),
    ]
    for level, position, title, lead in items:
        ListedActivity.objects.create(
            campaign=campaign, level=level, position=position, title=title, lead=lead
        )
    return items


def test_home_shows_theme_dates_phase_and_both_lists_during_the_week(
    client, campaign, listed, tree, clock_at
):
    clock_at("2021-05-24T15:00+08:00")
    enrol_unit(
        campaign=campaign,
        unit=tree.taiyuan_school,
        owes_plan=True,
        owes_daily_reports=True,
        owes_statistics=True,
    )
    enrol_unit(
        campaign=campaign,
        unit=tree.datong_school,
        owes_plan=True,
        owes_daily_reports=True,
        owes_statistics=True,
    )

    page = client.get(reverse("portal:home"), **ENGLISH).content.decode()

    assert "山西省2021年职业教育活动周" in page
    assert "技能：让生活更美好" in page
    assert "May 22–28, 2021" in page
    assert "activity week</span>" in page
    assert "Day <strong>3</strong> of 7 of the activity week" in page
    national, provincial = page.split("National activities")[1].split("Provincial activities")
    assert "全国职业院校技能大赛网上观赛" in national and "教育部职成司" in national
    assert "全省职业教育活动周启动仪式" in provincial and "省教育厅职成处" in provincial
    assert "全省职业教育活动周启动仪式" not in national
    assert "Units taking part</dt><dd>2</dd>" in page


def test_home_counts_down_to_the_opening_day_before_the_week(client, campaign, clock_at):
    clock_at("2021-05-10T09:00+08:00")

    page = client.get(reverse("portal:home"), **ENGLISH).content.decode()

    assert "<strong>12</strong> days until the activity week opens" in page
    assert "plan window</span>" in page
    assert "Activity plans are due by May 15, 2021 24:00" in page


def test_home_dates_read_in_chinese_for_chinese_visitors(client, campaign, clock_at):
    clock_at("2021-05-10T09:00+08:00")

    page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '<html lang="zh-hans">' in page
    assert "2021年5月15日 24:00" in page


def test_home_without_campaign_says_nothing_is_announced_and_offers_log_in(client, db):
    page = client.get(reverse("portal:home"), **ENGLISH).content.decode()

    assert "No activity week has been announced yet" in page
    assert f'href="{reverse("accounts:login")}"' in page


def test_home_links_each_city_to_the_topic_website_it_filed_as_soon_as_it_is_filed(
    client,
    campaign,
    tree,
    clock_at,
    settings,
    tmp_path,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """The cities' links change on the first request after a city files (page cache on)."""
    settings.MEDIA_ROOT = tmp_path
    settings.VOCWEEK_PAGE_CACHE = True
    settings.VOCWEEK_PAGE_CACHE_STAMP = ""
    monkeypatch.setattr(
        website,
        "check_website",
        lambda url: website.WebsiteCheck(WebsiteStatus.REACHABLE, 200, "太原职教周"),
    )
    clock_at("2021-05-12T10:00+08:00")
    for city in (tree.taiyuan, tree.datong):
        enrol_unit(
            campaign=campaign,
            unit=city,
            owes_plan=True,
            owes_daily_reports=False,
            owes_statistics=True,
        )
    home = reverse("portal:home")
    before = client.get(home, **ENGLISH).content.decode()
    assert "Topic websites of the cities" in before
    assert before.count("to be announced") == 2

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        services.file_plan(
            campaign=campaign,
            unit=tree.taiyuan,
            content=services.PlanContent(
                summary="开放校园", topic_website="https://zjz.taiyuan.example.cn/"
            ),
            document=SimpleUploadedFile("方案.docx", buffer.getvalue()),
            liaison=None,
            actor=make_member(tree.taiyuan, Role.CITY_REVIEWER),
        )

    after = client.get(home, **ENGLISH).content.decode()
    assert 'href="https://zjz.taiyuan.example.cn/"' in after
    assert after.count("to be announced") == 1
    assert 'rel="noopener nofollow"' in after
