"""Plan reminders: three days and one day before the deadline at 09:00 Beijing time, once each,
only to the units that owe a plan and have none, never after the deadline; the scheduler
enqueues each point once."""

import io

import pypdf
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from vocweek.campaigns.services import enrol_unit, set_liaison
from vocweek.campaigns.tests.factories import beijing
from vocweek.core import clock
from vocweek.notify.enums import ChannelName
from vocweek.notify.models import Delivery, Notice, ScheduledRun
from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.plans.reminders import POINTS, reminder_moment, send_plan_reminders
from vocweek.plans.services import PlanContent, file_plan


def pdf() -> SimpleUploadedFile:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile("活动方案.pdf", out.getvalue())


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan_window(tree, campaign, clock_at):
    """太原 has filed; 大同 and the college have not; 太原's school owes no plan."""
    participations = {
        unit: enrol_unit(
            campaign=campaign,
            unit=unit,
            owes_plan=owes_plan,
            owes_daily_reports=unit.is_school,
            owes_statistics=True,
        )
        for unit, owes_plan in (
            (tree.taiyuan, True),
            (tree.datong, True),
            (tree.college, True),
            (tree.taiyuan_school, False),
        )
    }
    people = {
        "taiyuan": make_member(tree.taiyuan, Role.CITY_REVIEWER, mobile="13800000011"),
        "datong": make_member(tree.datong, Role.CITY_REVIEWER, mobile="13800000012"),
        "college": make_member(tree.college, Role.UNIT_MANAGER, mobile="13800000013"),
        "school": make_member(tree.taiyuan_school, Role.UNIT_MANAGER),
        "province": make_member(tree.province, Role.PROVINCE_REVIEWER),
    }
    set_liaison(
        participation=participations[tree.datong],
        name="赵联络",
        mobile="13912340012",
        email="liaison@datong.example.cn",
    )
    clock_at("2021-05-10T10:00+08:00")
    file_plan(
        campaign=campaign,
        unit=tree.taiyuan,
        content=PlanContent(summary="全市活动方案", topic_website="http://192.0.2.20/zjhdz"),
        document=pdf(),
        liaison=None,
        actor=people["taiyuan"],
    )
    return people


def reminded_units() -> list[str]:
    return sorted({key.split(":")[2] for key in Delivery.objects.values_list("key", flat=True)})


def test_the_points_are_three_days_and_one_day_before_the_deadline_at_nine(campaign):
    assert [reminder_moment(campaign, point) for point in POINTS] == [
        beijing(2021, 5, 13, 9, 0),
        beijing(2021, 5, 15, 9, 0),
    ]


def test_three_days_before_only_the_units_without_a_plan_are_reminded(tree, campaign, plan_window):
    assert send_plan_reminders(campaign=campaign, moment=beijing(2021, 5, 13, 9, 0, 5)) == 2

    assert reminded_units() == sorted([str(tree.datong.pk), str(tree.college.pk)])
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {
        plan_window["datong"].email,
        "liaison@datong.example.cn",
        plan_window["college"].email,
    }
    message = by_recipient["liaison@datong.example.cn"]
    assert "大同市教育局" in message.subject
    assert "2021年5月15日 24:00" in message.body and "北京时间" in message.body
    assert "http://127.0.0.1:8000/console/plans/mine/" in message.body
    assert Notice.objects.get(user=plan_window["datong"]).url == "/console/plans/mine/"
    assert not Notice.objects.filter(user=plan_window["taiyuan"]).exists()
    assert not Notice.objects.filter(user=plan_window["school"]).exists()
    assert not Notice.objects.filter(user=plan_window["province"]).exists()


def test_texts_go_to_the_liaison_else_to_the_members(tree, campaign, plan_window):
    send_plan_reminders(campaign=campaign, moment=beijing(2021, 5, 13, 9, 30))
    texts = sorted(
        Delivery.objects.filter(channel=ChannelName.SMS).values_list("recipient", flat=True)
    )
    # 大同 has a liaison with a mobile, so its reviewer gets no text; the college has no liaison.
    assert texts == ["13800000013", "13912340012"]


def test_each_point_reminds_once_and_a_unit_that_filed_meanwhile_is_left_out(
    tree, campaign, plan_window, clock_at
):
    assert send_plan_reminders(campaign=campaign, moment=beijing(2021, 5, 13, 9, 1)) == 2
    sent = len(mail.outbox)
    assert send_plan_reminders(campaign=campaign, moment=beijing(2021, 5, 14, 20, 0)) == 0
    assert len(mail.outbox) == sent

    clock_at("2021-05-14T21:00+08:00")
    file_plan(
        campaign=campaign,
        unit=tree.college,
        content=PlanContent(summary="学院活动方案", topic_website="http://192.0.2.21/"),
        document=pdf(),
        liaison=None,
        actor=plan_window["college"],
    )
    assert send_plan_reminders(campaign=campaign, moment=beijing(2021, 5, 15, 9, 0)) == 1
    assert send_plan_reminders(campaign=campaign, moment=beijing(2021, 5, 15, 9, 0)) == 0
    assert set(Delivery.objects.values_list("key", flat=True)) == {
        f"plan-reminder:{campaign.pk}:{tree.datong.pk}:3d",
        f"plan-reminder:{campaign.pk}:{tree.college.pk}:3d",
        f"plan-reminder:{campaign.pk}:{tree.datong.pk}:1d",
    }


def test_nothing_before_the_first_point_or_once_the_deadline_has_passed(campaign, plan_window):
    assert send_plan_reminders(campaign=campaign, moment=beijing(2021, 5, 13, 8, 59)) == 0
    assert send_plan_reminders(campaign=campaign, moment=beijing(2021, 5, 16, 0, 0)) == 0
    assert send_plan_reminders(campaign=campaign, moment=beijing(2021, 5, 20, 9, 0)) == 0
    assert mail.outbox == [] and not Delivery.objects.exists()


# --- The scheduler ------------------------------------------------------------------------------


def runs() -> list[tuple[str, str]]:
    return sorted(ScheduledRun.objects.filter(name="plans.reminders").values_list("name", "key"))


def test_the_scheduler_enqueues_each_point_once(campaign, plan_window, clock_at):
    clock_at("2021-05-13T08:59:00+08:00")
    call_command("scheduler", "--once")
    assert runs() == [] and mail.outbox == []

    clock_at("2021-05-13T09:00:05+08:00")
    call_command("scheduler", "--once")
    assert runs() == [("plans.reminders", f"{campaign.pk}:3d")]
    sent = len(mail.outbox)
    assert sent == 3  # the immediate task backend ran the job: 大同 ×2 and the college

    clock_at("2021-05-14T12:00+08:00")
    call_command("scheduler", "--once")
    assert len(runs()) == 1 and len(mail.outbox) == sent

    clock_at("2021-05-15T09:00:05+08:00")
    call_command("scheduler", "--once")
    assert runs() == [
        ("plans.reminders", f"{campaign.pk}:1d"),
        ("plans.reminders", f"{campaign.pk}:3d"),
    ]
    assert len(mail.outbox) == 2 * sent


def test_a_scheduler_back_after_a_missed_point_sends_only_the_latest(
    campaign, plan_window, clock_at
):
    clock_at("2021-05-15T10:00+08:00")
    call_command("scheduler", "--once")
    assert runs() == [("plans.reminders", f"{campaign.pk}:1d")]
    assert {key.rsplit(":", 1)[1] for key in Delivery.objects.values_list("key", flat=True)} == {
        "1d"
    }


def test_the_scheduler_does_nothing_after_the_deadline(campaign, plan_window, clock_at):
    clock_at("2021-05-16T00:00:05+08:00")
    assert clock.now() >= campaign.plan_deadline
    call_command("scheduler", "--once")
    assert runs() == [] and mail.outbox == []
