from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreement.access import chosen_agreement, get_agreement_for_user, role_required
from core.forms import posted_int, show_service_error
from core.versioning import CONFLICT
from goals import access, selectors, services
from goals.forms import EffectMeasurementForm, MilestoneForm, StatusTextForm
from goals.models import Goal, StatusText, Target


def _to_current(request, viewname):
    """Send the user to the chosen agreement's page; an empty portal says how to load one."""
    agreement = chosen_agreement(request.user, request.GET.get("year"))
    if agreement is None:
        return render(request, "goals/no_agreement.html")
    return redirect(viewname, year=agreement.year)


@role_required
def home(request):
    return _to_current(request, "reporting:overview")


@role_required
def agreement_current(request):
    return _to_current(request, "goals:agreement_detail")


@role_required
def agreement_detail(request, year):
    agreement = get_agreement_for_user(request.user, year)
    context = {
        "agreement": agreement,
        "outline": selectors.agreement_outline(agreement),
        "reference_figures": agreement.reference_figures.all(),
        "can_revise": access.can_revise(request.user),
        "life": selectors.agreement_life(agreement),
        **selectors.agreement_parties(agreement),
    }
    return render(request, "goals/agreement_detail.html", context)


# Progress inputs: status texts, effect measurements, milestones (access rules in access.py).


def _progress_context(request, agreement, houses):
    """Return what every progress input page shows: the agreement, its houses, the choice."""
    visible = access.visible_houses(request.user, agreement)
    return {
        "agreement": agreement,
        "houses": houses,
        "house_choices": visible if len(visible) > 1 else [],
        "chosen_house": request.GET.get("house", ""),
        "writes_for": access.house_to_write(request.user, houses),
    }


def _house_pages(request, year):
    agreement = get_agreement_for_user(request.user, year)
    houses = access.chosen_houses(request.user, agreement, request.GET.get("house"))
    return agreement, houses


@role_required
def status_current(request):
    return _to_current(request, "goals:status_overview")


@role_required
def status_overview(request, year):
    agreement, houses = _house_pages(request, year)
    context = {
        **_progress_context(request, agreement, houses),
        "quarters": agreement.quarters(),
        "overview": selectors.status_overview(agreement, houses),
    }
    return render(request, "goals/status_overview.html", context)


def _status_goal(agreement, code):
    goal = (
        Goal.objects.filter(focus_area__agreement=agreement, code=code)
        .select_related("focus_area", "parent")
        .first()
    )
    if goal is None or goal.subgoals.exists():
        raise Http404
    return goal


@role_required
def status_text(request, year, goal_code, quarter):
    """Show the houses' status texts on a goal for a quarter; the house's manager writes it."""
    agreement, houses = _house_pages(request, year)
    goal = _status_goal(agreement, goal_code)
    quarters = agreement.quarters()
    if not 1 <= quarter <= len(quarters) or not houses:
        raise Http404
    house = access.house_to_write(request.user, houses)
    if request.method == "POST" and house is None:
        access.refuse_write()
    texts = {
        text.house_id: text
        for text in StatusText.objects.filter(
            goal=goal, quarter=quarter, house__in=houses
        ).select_related("author")
    }
    form = None
    if house is not None:
        current = texts.get(house.pk)
        initial = (
            {"status": current.status, "text": current.text, "version": current.version}
            if current
            else {}
        )
        form = StatusTextForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.status_text_save(
                    goal=goal,
                    house=house,
                    quarter=quarter,
                    status=form.cleaned_data["status"],
                    text=form.cleaned_data["text"],
                    author=request.user,
                    version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                show_service_error(form, error)
            else:
                messages.success(request, _("The status text is saved."))
                return redirect("goals:status_overview", year=agreement.year)
    sections = [
        {
            "house": each,
            "text": texts.get(each.pk),
            "previous": StatusText.objects.previous(goal, each, quarter),
            "history": selectors.status_text_history(texts.get(each.pk)),
            "form": form if each == house else None,
        }
        for each in houses
    ]
    context = {
        **_progress_context(request, agreement, houses),
        "goal": goal,
        "quarter": quarters[quarter - 1],
        "quarter_before": quarters[quarter - 2] if quarter > 1 else None,
        "quarter_after": quarters[quarter] if quarter < len(quarters) else None,
        "sections": sections,
    }
    return render(request, "goals/status_text_form.html", context)


@role_required
def effect_list(request, year):
    agreement, houses = _house_pages(request, year)
    context = {
        **_progress_context(request, agreement, houses),
        "targets": selectors.effect_overview(agreement, houses),
    }
    return render(request, "goals/effect_list.html", context)


@role_required
def effect_create(request, year, target_code):
    agreement = get_agreement_for_user(request.user, year)
    target = access.get_target(agreement, target_code, Target.Kind.EFFECT)
    houses = access.visible_houses(request.user, agreement)
    house = access.house_to_write(request.user, houses)
    if house is None:
        access.refuse_write()
    if not target.concerns(house):
        raise Http404
    form = EffectMeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.effect_measurement_create(
                target=target, house=house, author=request.user, **form.measurement_fields()
            )
        except ValidationError as error:
            show_service_error(form, error)
        else:
            messages.success(request, _("The measurement is saved."))
            return redirect("goals:effect_list", year=agreement.year)
    context = {**_progress_context(request, agreement, [house]), "target": target, "form": form}
    return render(request, "goals/effect_measurement_form.html", context)


@role_required
def effect_detail(request, year, pk):
    """Show a measurement and its history; the house's manager corrects it here."""
    agreement = get_agreement_for_user(request.user, year)
    if request.method == "POST":
        measurement = access.get_rw_measurement_for_user(request.user, agreement, pk)
    else:
        measurement = access.get_measurement_for_user(request.user, agreement, pk)
    writable = access.can_write(request.user, measurement.house)
    form = None
    if writable:
        initial = {
            name: getattr(measurement, name)
            for name in ("measured_on", "numerator", "denominator", "source", "note", "version")
        }
        form = EffectMeasurementForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.effect_measurement_update(
                    measurement=measurement,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    **form.measurement_fields(),
                )
            except ValidationError as error:
                show_service_error(form, error)
                # The page shows the measurement as saved, not as the refused change left it.
                measurement.refresh_from_db()
            else:
                messages.success(request, _("The measurement is saved."))
                return redirect("goals:effect_list", year=agreement.year)
    context = {
        **_progress_context(request, agreement, [measurement.house]),
        "target": measurement.target,
        "measurement": measurement,
        "form": form,
        "history": selectors.effect_measurement_history(measurement),
    }
    return render(request, "goals/effect_measurement_form.html", context)


@role_required
def milestone_list(request, year):
    agreement, houses = _house_pages(request, year)
    context = {
        **_progress_context(request, agreement, houses),
        "targets": selectors.milestone_overview(agreement, houses),
    }
    return render(request, "goals/milestone_list.html", context)


@role_required
def milestone_detail(request, year, target_code):
    """Show a milestone's completions and history; a house's manager marks it as done here."""
    agreement = get_agreement_for_user(request.user, year)
    target = access.get_target(agreement, target_code, Target.Kind.MILESTONE)
    houses = access.visible_houses(request.user, agreement)
    if not houses:
        raise Http404
    house = access.house_to_write(request.user, houses)
    if house is not None and not target.concerns(house):
        house = None  # the target is the other house's alone
    if request.method == "POST" and house is None:
        access.refuse_write()
    completions = list(selectors.milestone_completions(target, houses))
    form = None
    if house is not None:
        # The completions shown are the house's own and the joint one (for_houses); the
        # manager changes the joint one where there is one.
        current = min(completions, key=lambda each: each.house_id is not None, default=None)
        initial = {"jointly": False}
        if current is not None:
            initial = {
                name: getattr(current, name)
                for name in ("done_on", "evidence_url", "evidence_text", "version")
            }
        form = MilestoneForm(request.POST or None, completion=current, initial=initial)
        if request.method == "POST" and form.is_valid():
            jointly = current.house_id is None if current else form.cleaned_data["jointly"]
            try:
                services.milestone_complete(
                    target=target,
                    house=None if jointly else house,
                    author=request.user,
                    version=form.cleaned_data["version"] if current else None,
                    **form.milestone_fields(),
                )
            except ValidationError as error:
                show_service_error(form, error)
            else:
                messages.success(request, _("The milestone is marked as done."))
                return redirect("goals:milestone_list", year=agreement.year)
    context = {
        **_progress_context(request, agreement, houses),
        "target": target,
        "completions": [
            (completion, access.can_write_milestone(request.user, agreement, completion.house))
            for completion in completions
        ],
        "form": form,
        "history": selectors.milestone_history(target, houses),
    }
    return render(request, "goals/milestone_form.html", context)


@require_POST
@role_required
def milestone_reopen(request, year, target_code):
    agreement = get_agreement_for_user(request.user, year)
    target = access.get_target(agreement, target_code, Target.Kind.MILESTONE)
    detail = reverse("goals:milestone_detail", kwargs={"year": year, "target_code": target.code})
    completion = access.get_rw_completion_for_user(
        request.user, target, posted_int(request, "completion")
    )
    if completion is None:
        # Reopened by someone else since the page was shown.
        messages.error(request, CONFLICT)
        return redirect(detail)
    try:
        services.milestone_reopen(
            completion=completion, user=request.user, version=posted_int(request, "version")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The milestone is reopened."))
    return redirect(detail)
