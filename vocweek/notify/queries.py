"""Reads of notices."""

from vocweek.notify.models import Notice, NoticeQuerySet


def notices_for(user) -> NoticeQuerySet:
    """A user's notices, newest first."""
    return Notice.objects.visible_to(user)


def unread_count(user) -> int:
    return Notice.objects.visible_to(user).unread().count()
