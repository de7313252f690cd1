"""Daily reminders: the units short of their quota for the day, once each, by e-mail, SMS and
notice."""

from datetime import date

import pytest
from django.core import mail
from django.db import transaction

from vocweek.notify.enums import ChannelName
from vocweek.notify.models import Delivery, Notice
from vocweek.reports.reminders import send_daily_reminders
from vocweek.reports.tests.week import enrol_reporting_schools, file_report, staff

DAY_THREE = date(2021, 5, 24)


@pytest.fixture
def week(tree, campaign, clock_at):
    clock_at("2021-05-24T18:00+08:00")
    participations = enrol_reporting_schools(tree, campaign)
    people = staff(tree, participations)
    file_report(campaign, tree.college, people["college"], "开放校园迎来八方来客")
    file_report(
        campaign, tree.datong_school, people["datong"], "昨日补报", for_day=date(2021, 5, 23)
    )
    return people


def test_only_units_missing_the_day_are_reminded_in_chinese_with_unit_day_and_cut_off(
    tree, campaign, week
):
    assert send_daily_reminders(campaign=campaign, day=DAY_THREE) == 2  # 清徐, 大同; 学院 filed

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {
        week["qingxu"].email,
        "liaison@qingxu.example.org",
        week["datong"].email,
    }
    message = by_recipient["liaison@qingxu.example.org"]
    assert "清徐县职业中学" in message.subject and "第3天" in message.subject
    assert "2021年5月24日 24:00" in message.body and "北京时间" in message.body
    assert "http://127.0.0.1:8000/console/" in message.body
    assert week["college"].email not in by_recipient
    assert not Notice.objects.filter(user=week["college"]).exists()
    assert Notice.objects.get(user=week["qingxu"]).title == message.subject


def test_text_messages_go_to_the_liaison_else_to_members_and_the_log_masks_numbers(
    tree, campaign, week
):
    send_daily_reminders(campaign=campaign, day=DAY_THREE)
    texts = Delivery.objects.filter(channel=ChannelName.SMS).order_by("recipient")
    # 清徐's liaison has a mobile, so its manager gets no text; 大同 has no liaison.
    assert [text.recipient for text in texts] == ["13800000002", "13912345678"]
    assert [text.recipient_display for text in texts] == ["138****0002", "139****5678"]
    assert all(text.status == "sent" for text in texts)
    assert "13912345678" not in str(texts[1]) and "139****5678" in str(texts[1])


def test_a_second_run_for_the_same_day_sends_nothing(campaign, week):
    assert send_daily_reminders(campaign=campaign, day=DAY_THREE) == 2
    sent = len(mail.outbox)
    assert send_daily_reminders(campaign=campaign, day=DAY_THREE) == 0
    assert len(mail.outbox) == sent
    assert Delivery.objects.values("key").distinct().count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_in_separate_transactions_remind_each_unit_once(campaign, week):
    with transaction.atomic():
        first = send_daily_reminders(campaign=campaign, day=DAY_THREE)
    with transaction.atomic():
        second = send_daily_reminders(campaign=campaign, day=DAY_THREE)
    assert (first, second) == (2, 0)
    assert Notice.objects.count() == 2  # the 清徐 manager and the 大同 reporter
    assert len(mail.outbox) == 3


def test_no_reminder_once_the_cut_off_has_passed_or_outside_the_week(campaign, week, clock_at):
    clock_at("2021-05-25T00:00:05+08:00")
    assert send_daily_reminders(campaign=campaign, day=DAY_THREE) == 0
    assert send_daily_reminders(campaign=campaign, day=date(2021, 5, 30)) == 0
    assert mail.outbox == []
