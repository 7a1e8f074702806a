"""Reads of the agreement that every page shares: its parties, and the years taking entries."""

from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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


def agreements_taking_entries(*, preferred: Agreement | None = None, today=None) -> list[Agreement]:
    """Return the agreements that take entries today, the preferred one first, then the newest.

    Periods may overlap; a day in two of them belongs to the first that holds it.
    """
    agreements = list(Agreement.objects.open_for_entries(today).order_by("-period_start"))
    agreements.sort(key=lambda agreement: agreement != preferred)
    return agreements


def agreement_holding(day, agreements: list[Agreement]) -> Agreement | None:
    """Return the first of the agreements whose period holds the day."""
    return next((agreement for agreement in agreements if agreement.holds(day)), None)


def entries_refusal(day, agreements: list[Agreement], shown: Agreement | None = None) -> str:
    """Say why no agreement takes an entry dated `day`, and which years do."""
    date = date_format(day, "d.m.Y")
    if shown is not None and shown.holds(day) and not shown.takes_entries():
        return shown.refusal()
    for agreement in Agreement.objects.activated().exclude(pk__in=[a.pk for a in agreements]):
        if agreement.holds(day):
            return agreement.refusal()
    if not agreements:
        return _("%(date)s is in no agreement year, and no year takes entries now.") % {
            "date": date
        }
    return _("%(date)s is in no agreement year that takes entries now: %(years)s.") % {
        "date": date,
        "years": "; ".join(
            f"{agreement.title}: {entry_period(agreement)}" for agreement in agreements
        ),
    }


def entry_period(agreement: Agreement) -> str:
    """Say which dates the agreement takes, and until when (while it is closing)."""
    start = date_format(agreement.period_start, "d.m.Y")
    text = f"{start}–{date_format(agreement.period_end, 'd.m.Y')}"
    if agreement.status == Agreement.Status.CLOSING:
        text += " " + _("(late entries until %(date)s)") % {
            "date": date_format(agreement.entries_close_on, "d.m.Y")
        }
    return text
