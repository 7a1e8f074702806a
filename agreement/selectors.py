"""Reads of the agreement's parties that every page shares."""

from django.core.cache import cache

from agreement.models import Agreement, Municipality, Organisation

MUNICIPALITIES_CACHE_SECONDS = 300


def agreement_municipalities(agreement: Agreement) -> list[Municipality]:
    """Return the municipalities of the agreement's KKRs, by KKR and name, each with its KKR.

    Every dashboard offers them to filter by; they change only when an agreement
    is loaded, so they are kept in the cache for a while.
    """
    key = f"dashboards:municipalities:{agreement.pk}:{agreement.version}"
    municipalities = cache.get(key)
    if municipalities is None:
        municipalities = list(
            Municipality.objects.filter(
                kkr__in=agreement.parties.filter(kind=Organisation.Kind.KKR)
            )
            .select_related("kkr")
            .order_by("kkr__name", "name")
        )
        cache.set(key, municipalities, MUNICIPALITIES_CACHE_SECONDS)
    return municipalities
