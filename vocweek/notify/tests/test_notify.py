"""Sending once: the delivery row is claimed before the message goes out."""

import pytest
from django.core import mail
from django.db import transaction

from vocweek.notify.enums import ChannelName, DeliveryStatus
from vocweek.notify.models import Delivery, Notice
from vocweek.notify.services import Recipient, claim_scheduled_run, notify
from vocweek.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _send(key: str, recipients: list[Recipient]):
    return notify(
        key=key, recipients=recipients, title="请报送信息", body="今天还没有报送。", url="/console/"
    )


def test_each_channel_with_an_address_gets_one_message_and_a_logged_delivery():
    user = UserFactory(email="reporter@example.org", mobile="13812345678")
    deliveries = _send(
        "reminder:1:2:2021-05-24",
        [Recipient(name="王老师", email=user.email, mobile=user.mobile, user_id=user.pk)],
    )
    assert sorted(d.channel for d in deliveries) == ["email", "notice", "sms"]
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    [message] = mail.outbox
    assert (
        message.to == ["reporter@example.org"] and "http://127.0.0.1:8000/console/" in message.body
    )
    [notice] = Notice.objects.visible_to(user)
    assert notice.title == "请报送信息" and notice.read_at is None
    sms = Delivery.objects.get(channel=ChannelName.SMS)
    assert sms.recipient_display == "138****5678" and "13812345678" not in str(sms)


def test_the_same_key_never_sends_twice():
    recipients = [Recipient(email="a@example.org"), Recipient(email="A@example.org ")]
    assert len(_send("k", recipients)) == 1  # one address, however it was typed
    assert _send("k", recipients) == []
    assert len(mail.outbox) == 1
    assert len(_send("other", recipients)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_in_separate_transactions_send_once():
    recipients = [Recipient(email="a@example.org", mobile="13812345678")]
    with transaction.atomic():
        first = _send("reminder:7", recipients)
    with transaction.atomic():
        second = _send("reminder:7", recipients)
    assert len(first) == 2 and second == []
    assert Delivery.objects.filter(key="reminder:7").count() == 2
    assert len(mail.outbox) == 1


def test_a_failing_channel_is_logged_and_the_others_still_go(settings):
    settings.VOCWEEK_SMS_BACKEND = "vocweek.notify.channels.AliyunSmsBackend"  # not configured
    deliveries = _send("k", [Recipient(email="a@example.org", mobile="13812345678")])
    statuses = {d.channel: d.status for d in deliveries}
    assert statuses == {"email": DeliveryStatus.SENT, "sms": DeliveryStatus.FAILED}
    failed = Delivery.objects.get(channel=ChannelName.SMS)
    assert "VOCWEEK_SMS_ACCESS_KEY_ID" in failed.error
    assert len(mail.outbox) == 1


def test_a_scheduled_run_is_claimed_once():
    assert claim_scheduled_run(name="reports.reminders", key="1:2021-05-24") is True
    assert claim_scheduled_run(name="reports.reminders", key="1:2021-05-24") is False
    assert claim_scheduled_run(name="reports.bulletin", key="1:2021-05-24") is True


def test_notices_are_visible_to_their_owner_only(client):
    owner, other = UserFactory(), UserFactory()
    _send("k", [Recipient(user_id=owner.pk)])
    assert Notice.objects.visible_to(owner).count() == 1
    assert Notice.objects.visible_to(other).count() == 0

    client.force_login(other)
    notice = Notice.objects.get()
    assert client.post(f"/console/notices/{notice.pk}/open/").status_code == 404
    client.force_login(owner)
    page = client.get("/console/notices/").content.decode()
    assert "请报送信息" in page
    response = client.post(f"/console/notices/{notice.pk}/open/")
    assert response.url == "/console/"
    notice.refresh_from_db()
    assert notice.read_at is not None
