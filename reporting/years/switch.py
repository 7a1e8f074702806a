"""The year switch: the same page in the year the user chose, with its filters kept."""

from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

# Pages of one year whose other arguments name something of that year (a goal, a target,
# a measurement, a revision): the year's page that lists such things.
YEAR_PAGE_OF = {
    "goals:status_text": "goals:status_overview",
    "goals:effect_detail": "goals:effect_list",
    "goals:effect_create": "goals:effect_list",
    "goals:milestone_detail": "goals:milestone_list",
    "goals:revision_preview": "goals:revision_upload",
    "goals:revision_confirm": "goals:revision_upload",
    "reporting:goal_dashboard": "reporting:overview",
    "reporting:agreement_activate": "goals:agreement_detail",
    "reporting:agreement_close": "goals:agreement_detail",
    "reporting:agreement_reopen": "goals:agreement_detail",
}
# Pages of one thing that belongs to a year, and where the year's list of such things is.
OBJECT_PAGE_OF = {
    "reporting:activity_detail": "reporting:activity_list",
    "reporting:activity_update": "reporting:activity_list",
    "reporting:activity_return": "reporting:activity_list",
    "reporting:activity_delete": "reporting:activity_list",
    "reporting:workbook_detail": "reporting:workbook",
    "reporting:status_report_detail": "reporting:status_report",
}
# Filters that name something of one year, or a part of its period: dropped on a switch.
YEAR_FILTERS = ("target", "date_after", "date_before", "page")


def same_page_in_year(path: str, year: int) -> str:
    """Return the address of the page at `path` (a path with its query) in another year."""
    path, _sep, query = path.partition("?")
    params = QueryDict(query, mutable=True)
    for name in YEAR_FILTERS:
        params.pop(name, None)
    try:
        match = resolve(path)
    except Resolver404:
        return reverse("home")
    name = match.view_name
    if "year" in match.kwargs:
        if name in YEAR_PAGE_OF:
            return _with_query(reverse(YEAR_PAGE_OF[name], kwargs={"year": year}), params)
        return _with_query(reverse(name, kwargs={**match.kwargs, "year": year}), params)
    if name in OBJECT_PAGE_OF:
        page = OBJECT_PAGE_OF[name]
        try:
            return reverse(page, kwargs={"year": year})
        except NoReverseMatch:  # a list without a year in its address
            return f"{reverse(page)}?{urlencode({'year': year})}"
    # A page without a year in its address shows the year asked for in its query, else
    # the one the user chose.
    params["year"] = str(year)
    return _with_query(path, params)


def _with_query(path, params):
    query = params.urlencode()
    return f"{path}?{query}" if query else path
