"""In-app notices, the log of every message sent, and the claims of scheduled runs.

A `Delivery` row is written before its message goes out and is unique per (key, channel,
recipient): whoever inserts the row sends the message, so a reminder goes out once even when two
workers run the same job at the same moment.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vocweek.core.phones import mask_mobile
from vocweek.notify.enums import ChannelName, DeliveryStatus


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NoticeQuerySet":
        """A user's own notices; nobody reads anybody else's."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """A message shown to one user in the console (通知) until they open it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread_idx")]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One message to one recipient on one channel, logged before it is sent.

    Invariant: at most one row per (key, channel, recipient) — the database refuses the second,
    and only the call that inserted a row sends its message.
    """

    key = models.CharField(_("key"), max_length=120)
    channel = models.CharField(_("channel"), max_length=8, choices=ChannelName.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    batch = models.UUIDField(_("batch"), editable=False)
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "channel", "recipient"], name="delivery_once_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["batch"], name="delivery_batch_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_display} · {self.subject}"

    @property
    def recipient_display(self) -> str:
        """The recipient as the log shows it: mobile numbers masked."""
        if self.channel == ChannelName.SMS:
            return mask_mobile(self.recipient)
        if self.channel == ChannelName.NOTICE and self.user is not None:
            return str(self.user)
        return self.recipient


class ScheduledRun(models.Model):
    """A claim that a scheduled job ran for one key (e.g. reminders of one campaign day).

    Unique per (name, key): of two schedulers reaching the same moment, only the one that
    inserts the row enqueues the job.
    """

    name = models.CharField(_("job"), max_length=60)
    key = models.CharField(_("key"), max_length=120)
    created_at = models.DateTimeField(_("run at"))

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.name} · {self.key}"
