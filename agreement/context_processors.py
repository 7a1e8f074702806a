"""What the top bar of every page shows beside the menu: the year switch."""

from django.utils.functional import SimpleLazyObject

from agreement.access import chosen_agreement, has_role, visible_agreements


def year_switch(request):
    """Offer the agreements the user may see; the page marks its own year as the one shown.

    Read lazily: a page without the top bar (a download, a login page) makes no query.
    """
    if not has_role(request.user):
        return {}

    def agreements():
        return list(visible_agreements(request.user).order_by("-year"))

    def shown():
        agreement = chosen_agreement(request.user, request.GET.get("year"))
        return agreement.year if agreement else ""

    return {
        "switch_agreements": SimpleLazyObject(agreements),
        "switch_shown": SimpleLazyObject(shown),
    }
