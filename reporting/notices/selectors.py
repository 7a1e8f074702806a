"""Reads of the notices: the menu's count, the landing page's and the notices page's lists."""

from reporting.models import Notice

SHOWN_ON_LANDING_PAGE = 10


def unread_notice_count(user) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def unread_notices(user) -> list[Notice]:
    return list(Notice.objects.filter(recipient=user, read_at__isnull=True)[:SHOWN_ON_LANDING_PAGE])


def notices_of(user):
    return Notice.objects.filter(recipient=user)
