"""What the menu of every page counts: the user's first work queue and unread notices."""

from django.utils.functional import SimpleLazyObject

from agreement.access import has_role
from reporting.notices.selectors import unread_notice_count
from reporting.queues.selectors import menu_queue


def work_counts(request):
    """Read lazily: a page without the menu (a download, a login page) makes no query."""
    if not has_role(request.user):
        return {}
    return {
        "menu_queue": SimpleLazyObject(lambda: menu_queue(request.user)),
        "unread_notices": SimpleLazyObject(lambda: unread_notice_count(request.user)),
    }
