from django.db.models import Prefetch

from agreement.models import Agreement, Organisation

from .models import Goal, Target


def _targets():
    return Target.objects.select_related("parent", "house").prefetch_related("activity_types")


def agreement_outline(agreement: Agreement):
    """Return the agreement's focus areas → goals → sub-goals → targets, in the agreement's order.

    Each focus area carries `top_goals` (goals without a parent), each goal its
    `subgoals` and `targets`; a bounded number of queries whatever the size.
    """
    goals = Goal.objects.prefetch_related(Prefetch("targets", queryset=_targets()))
    top_goals = goals.filter(parent__isnull=True).prefetch_related(
        Prefetch("subgoals", queryset=goals)
    )
    return agreement.focus_areas.prefetch_related(
        Prefetch("goals", queryset=top_goals, to_attr="top_goals")
    )


def national_targets(agreement: Agreement):
    return _targets().filter(agreement=agreement).national()


def agreement_parties(agreement: Agreement):
    """Return the growth houses and the KKRs, each KKR with its municipalities."""
    parties = agreement.parties.select_related("region").prefetch_related("municipalities")
    return {
        "growth_houses": [p for p in parties if p.kind == Organisation.Kind.GROWTH_HOUSE],
        "kkrs": [p for p in parties if p.kind == Organisation.Kind.KKR],
    }


