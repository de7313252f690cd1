"""Sending notifications once, and claiming scheduled runs once.

`notify()` inserts one `Delivery` row per recipient and channel before anything is sent; the
database's unique constraint lets only one caller insert a given row, and each caller sends only
the rows it inserted. Two workers running the same reminder job therefore send each message once.
"""

import logging
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from vocweek.core import clock
from vocweek.notify.channels import OutgoingMessage, channel_for
from vocweek.notify.enums import ChannelName, DeliveryStatus
from vocweek.notify.models import Delivery, Notice, ScheduledRun

logger = logging.getLogger(__name__)

ALL_CHANNELS: tuple[str, ...] = (ChannelName.EMAIL, ChannelName.SMS, ChannelName.NOTICE)


@dataclass(frozen=True)
class Recipient:
    """A person to notify, with whatever addresses are known (an empty one skips that channel)."""

    name: str = ""
    email: str = ""
    mobile: str = ""
    user_id: int | None = None


def _address(recipient: Recipient, channel: str) -> str:
    if channel == ChannelName.EMAIL:
        return recipient.email.strip().lower()
    if channel == ChannelName.SMS:
        return recipient.mobile.strip()
    return str(recipient.user_id) if recipient.user_id is not None else ""


def notify(
    *,
    key: str,
    recipients: Iterable[Recipient],
    title: str,
    body: str,
    url: str = "",
    sms_params: Mapping[str, str] | None = None,
    sms_template: str = "",
    channels: Collection[str] = ALL_CHANNELS,
) -> list[Delivery]:
    """Send a message to each recipient on each channel they have an address for, at most once
    per (key, channel, address) ever; returns the deliveries this call made (sent or failed).

    `sms_params` fill the gateway's approved template named `sms_template` (the default template
    when empty; see VOCWEEK_SMS_TEMPLATES)."""
    batch = uuid.uuid4()
    now = clock.now()
    planned: dict[tuple[str, str], Delivery] = {}
    for recipient in recipients:
        for channel in channels:
            address = _address(recipient, channel)
            if address and (channel, address) not in planned:
                planned[channel, address] = Delivery(
                    key=key,
                    channel=channel,
                    recipient=address,
                    user_id=recipient.user_id,
                    subject=title[:200],
                    body=body,
                    batch=batch,
                    created_at=now,
                )
    if not planned:
        return []
    with transaction.atomic():
        Delivery.objects.bulk_create(planned.values(), ignore_conflicts=True)
    # Only rows carrying this call's batch were inserted by it; the others were claimed before.
    claimed = list(Delivery.objects.filter(batch=batch).order_by("pk"))
    for delivery in claimed:
        _send(delivery, url=url, sms_params=sms_params or {}, sms_template=sms_template)
    return claimed


def _send(
    delivery: Delivery, *, url: str, sms_params: Mapping[str, str], sms_template: str
) -> None:
    message = OutgoingMessage(
        recipient=delivery.recipient,
        subject=delivery.subject,
        body=delivery.body,
        url=url,
        user_id=delivery.user_id,
        template_params=sms_params,
        template=sms_template,
    )
    try:
        channel_for(delivery.channel).send(message)
    except Exception as error:  # one failing channel or address must not stop the others
        logger.warning("delivery %s failed: %s", delivery.pk, error)
        delivery.status = DeliveryStatus.FAILED
        delivery.error = str(error)[:300] or error.__class__.__name__
        delivery.save(update_fields=["status", "error"])
        return
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = clock.now()
    delivery.save(update_fields=["status", "sent_at"])


def claim_scheduled_run(*, name: str, key: str) -> bool:
    """Record that job `name` runs for `key`; False when it has already been claimed."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(name=name, key=key, created_at=clock.now())
    except IntegrityError:
        return False
    return True


def mark_notice_read(*, notice: Notice) -> Notice:
    """Mark a notice as read the first time its owner opens it."""
    if notice.read_at is None:
        notice.read_at = clock.now()
        notice.save(update_fields=["read_at"])
    return notice


def mark_all_notices_read(*, user) -> int:
    """Mark every unread notice of a user as read; returns how many."""
    return Notice.objects.visible_to(user).unread().update(read_at=clock.now())
