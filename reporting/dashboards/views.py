"""The reviewers' dashboards: the overview, a goal's page, the municipalities and the houses.

They read the roll-up tables only (see reporting.rollups.selectors), for every role:
progress is counted from approved activities, which every role may see in sum.
What lies behind a number (activities, status texts, measurements) follows the
access rules of its own pages.
"""

from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language

from agreement.access import get_agreement_for_user, get_chosen_agreement_for_user, role_required
from agreement.models import Organisation
from agreement.selectors import agreement_municipalities
from reporting.dashboards.filters import DashboardFilter
from reporting.dashboards.goal import goal_dashboard, month_chart
from reporting.dashboards.municipalities import municipality_chart
from reporting.dashboards.overview import overview as agreement_overview
from reporting.models import RollupState
from reporting.rollups.selectors import Scope, municipality_figures, pace_share


def _dashboard(request, year):
    """Return the agreement and the filter of house and area that every dashboard takes.

    A KKR's reviewer starts on their own KKR.
    """
    agreement = get_agreement_for_user(request.user, year)
    organisation = request.user.organisation
    own_kkr = (
        organisation.key if organisation and organisation.kind == Organisation.Kind.KKR else ""
    )
    filterset = DashboardFilter(
        request.GET,
        houses=agreement.growth_houses(),
        municipalities=agreement_municipalities(agreement),
        default_area=own_kkr,
    )
    filterset.is_valid()
    return agreement, filterset


def _context(agreement, filterset, **extra):
    chosen = {key: filterset.data[key] for key in ("house", "area") if key in filterset.data}
    return {
        "agreement": agreement,
        "filter": filterset,
        "scope": filterset.scope,
        "filter_query": urlencode(chosen),
        "sort": filterset.data.get("sort", ""),
        **extra,
    }


@role_required
def overview_current(request):
    return redirect(
        "reporting:overview",
        year=get_chosen_agreement_for_user(request.user, request.GET.get("year")).year,
    )


# The overview's targets change only with a roll-up: kept rendered until the next one (the
# key holds when it ended), and at most this long, for a change to the agreement's text.
OVERVIEW_CACHE_SECONDS = 300


@role_required
def overview(request, year):
    agreement, filterset = _dashboard(request, year)
    context = _context(agreement, filterset)
    computed_at = (
        RollupState.objects.filter(agreement=agreement).values_list("updated_at", flat=True).first()
    )
    key = ":".join(
        [
            "overview",
            str(agreement.pk),
            computed_at.isoformat() if computed_at else "-",
            str(timezone.localdate()),  # the pace line moves every day
            get_language(),
            context["filter_query"],
        ]
    )
    body = cache.get(key)
    if body is None:
        overview = agreement_overview(
            agreement, filterset.scope, houses=list(filterset.houses.values())
        )
        body = render_to_string(
            "reporting/dashboards/overview_body.html", {**context, "overview": overview}, request
        )
        cache.set(key, body, OVERVIEW_CACHE_SECONDS)
    return render(request, "reporting/dashboards/overview.html", {**context, "body": body})


@role_required
def goal(request, year, goal_code):
    agreement, filterset = _dashboard(request, year)
    dashboard = goal_dashboard(
        agreement,
        goal_code,
        filterset.scope,
        request.user,
        houses=list(filterset.houses.values()),
        municipalities=filterset.municipalities,
        page=request.GET.get("page", 1),
        sort=request.GET.get("sort", ""),
    )
    if dashboard is None:
        raise Http404
    for target in dashboard.counting:
        target.chart = month_chart(target)
        target.chart_id = f"chart-{slugify(target.code)}"
    context = _context(agreement, filterset, dashboard=dashboard, pace=pace_share(agreement))
    return render(request, "reporting/dashboards/goal.html", context)


@role_required
def municipalities(request, year):
    agreement, filterset = _dashboard(request, year)
    targets, rows = municipality_figures(
        agreement,
        filterset.scope,
        filterset.municipalities,
        sort=request.GET.get("sort", ""),
    )
    context = _context(
        agreement,
        filterset,
        targets=targets,
        rows=rows,
        chart=municipality_chart(targets, rows),
        csv_url=_municipality_csv_url(agreement, filterset.scope),
    )
    return render(request, "reporting/dashboards/municipalities.html", context)


def _municipality_csv_url(agreement, scope):
    """Return the API's CSV of the same figures as the page shows: same house, same area."""
    query = {"format": "csv", "house": scope.house.key if scope.house else "both"}
    if scope.municipality is not None:
        query["municipality"] = scope.municipality.code
    elif scope.kkr is not None:
        query["kkr"] = scope.kkr.key
    url = reverse("api:municipality_list", kwargs={"year": agreement.year})
    return f"{url}?{urlencode(query)}"


@role_required
def houses(request, year):
    agreement = get_agreement_for_user(request.user, year)
    context = {
        "agreement": agreement,
        "overview": agreement_overview(agreement, Scope()),
        "pace": pace_share(agreement),
    }
    return render(request, "reporting/dashboards/houses.html", context)
