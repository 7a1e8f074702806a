"""Pages of the activity log: list, log, detail, edit, review, delete, evidence."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreement.access import get_chosen_agreement_for_user, is_manager, role_required
from agreement.selectors import agreements_taking_entries, entry_period
from core.downloads import file_download
from core.forms import DanishDateField, posted_int, show_service_error
from core.uploads import say_dropped_files
from reporting import access
from reporting.activities import selectors, services
from reporting.activities import uploads as evidence_uploads
from reporting.activities.filters import ActivityFilter
from reporting.activities.forms import (
    ActivityForm,
    ReturnForm,
    normalise_cvr,
)

ACTIVITIES_PER_PAGE = 25


@role_required
def activity_list(request):
    agreement = get_chosen_agreement_for_user(request.user, request.GET.get("year"))
    deleted = request.GET.get("deleted") == "1" and is_manager(request.user)
    activities = (
        access.visible_activities(request.user, deleted=deleted)
        .in_agreement(agreement)
        .select_related("house", "delivered_in", "activity_type", "firm", "municipality", "author")
    )
    filterset = ActivityFilter(
        request.GET or None, queryset=activities, user=request.user, agreement=agreement
    )
    page = Paginator(filterset.qs, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "agreement": agreement,
        "filter": filterset,
        "page": page,
        "deleted": deleted,
        "can_log": access.can_log(request.user),
        "is_manager": is_manager(request.user),
    }
    return render(request, "reporting/activity_list.html", context)


def _contact_warning(request, activity):
    """Tell, once, of the other house's recent contacts with the activity's firm."""
    if activity.firm_id is None:
        return
    contacts = selectors.other_house_contacts(
        cvr=activity.firm.cvr, house=activity.house, on=activity.date
    )
    texts = [contact_text(contact) for contact in contacts[:5]]
    if texts:
        messages.warning(
            request,
            _(
                "The other growth house has been in contact with %(firm)s recently: "
                "%(contacts)s. Make sure the firm is not offered the same twice."
            )
            % {"firm": activity.firm.name, "contacts": "; ".join(texts)},
        )


def contact_text(contact):
    """Return one contact of the other house with the firm: what, with whom, when, by whom."""
    return _("%(type)s with %(house)s on %(date)s (%(author)s)") % {
        "type": contact.activity_type.name.lower(),
        "house": contact.house.name,
        "date": date_format(contact.date, "d.m.Y"),
        "author": contact.author.get_full_name() or contact.author.get_username(),
    }


def parse_date(value):
    """Return the date the user typed, or None when it is not one."""
    try:
        return DanishDateField(required=False).clean(value[:20]) or None
    except ValidationError:
        return None


def _form_context(form, agreement, house):
    """Return the form's page context, with the other house's recent contacts with the firm."""
    if form.is_bound:
        cvr, on = form.data.get("firm_cvr", ""), parse_date(form.data.get("date", ""))
    else:
        cvr, on = form.initial.get("firm_cvr", ""), form.initial.get("date")
    cvr = normalise_cvr(cvr or "")
    contacts = []
    if len(cvr) == 8 and cvr.isdigit():
        contacts = [
            contact_text(contact)
            for contact in selectors.other_house_contacts(cvr=cvr, house=house, on=on)
        ]
    return {
        "form": form,
        "agreement": agreement,
        "contacts": contacts,
        "goals_by_type": selectors.goals_by_activity_type(agreement, house=house),
        "entry_years": [
            {
                "title": entry.title,
                "period": entry_period(entry),
                "start": entry.period_start.isoformat(),
                "end": entry.period_end.isoformat(),
            }
            for entry in agreements_taking_entries(preferred=agreement)
        ],
    }


def _form_key(request) -> uuid.UUID:
    """Return the one-time key the form was shown with, or a new one for a new form."""
    try:
        return uuid.UUID(request.POST.get("form_key", ""))
    except ValueError:
        return uuid.uuid4()


def _kept_files(request, form, form_key):
    """Keep the files sent with the form, whatever else is wrong with it, and show why any
    file was refused; return the files kept for the form."""
    uploads, refusals = evidence_uploads.pending_uploads_update(
        user=request.user,
        form_key=form_key,
        keep=[int(pk) for pk in request.POST.getlist("keep_files") if pk.isdigit()],
        files=request.FILES.getlist("files"),
    )
    for refusal in refusals:
        form.add_error("files", refusal)
    say_dropped_files(request, form, "files")
    return uploads


def _posted_form(request, form, form_key):
    """Validate the posted form and keep its files; return the kept files and whether the
    form can be saved."""
    valid = form.is_valid()
    uploads = _kept_files(request, form, form_key)
    return uploads, valid and not form.errors


@role_required
def activity_create(request):
    access.require_logging(request.user)
    agreement = get_chosen_agreement_for_user(request.user, request.GET.get("year"))
    house = request.user.organisation
    form_key = _form_key(request)
    if request.method == "POST" and (
        made := selectors.activity_made_by_form(request.user, form_key)
    ):
        # The same form posted again (a double click, a retried request).
        messages.info(request, _("This form was saved already: this is the activity it made."))
        return redirect(made)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        agreement=agreement,
        house=house,
        initial={"date": selectors.default_activity_date(agreement)}
        if agreement.takes_entries()
        else {},
    )
    uploads = []
    if request.method == "POST":
        uploads, valid = _posted_form(request, form, form_key)
        if valid and form.changes_year:
            form = _to_entry_year(request, form)
            agreement = form.agreement
        elif valid:
            try:
                activity = services.activity_create(
                    agreement=agreement,
                    house=house,
                    author=request.user,
                    submit=request.POST.get("action") == "submit",
                    pending=uploads,
                    form_key=form_key,
                    **form.activity_fields(),
                )
            except ValidationError as error:
                show_service_error(form, error, aliases={"firm": "firm_cvr"})
            else:
                messages.success(
                    request, _("The activity is saved in %(title)s.") % {"title": agreement.title}
                )
                _contact_warning(request, activity)
                return redirect(activity)
    context = _form_context(form, agreement, house)
    context.update(form_key=form_key, pending_uploads=uploads)
    return render(request, "reporting/activity_form.html", context)


def _to_entry_year(request, form):
    """Show the form again for the year the date belongs to, saying so; nothing is saved."""
    values = {
        "date": date_format(form.cleaned_data["date"], "d.m.Y"),
        "title": form.entry_agreement.title,
    }
    message = _(
        "%(date)s is in %(title)s, so the activity will count there. Its goals are now that "
        "year's: check them, and save again."
    )
    messages.info(request, message % values)
    return form.in_entry_year()


@role_required
def activity_detail(request, pk):
    activity = access.get_activity_for_user(request.user, pk)
    context = {
        "activity": activity,
        "agreement": activity.agreement,
        "goals": activity.goals.order_by("position"),
        "evidence": activity.evidence.all(),
        "history": selectors.activity_history(activity),
        "actions": access.allowed_actions(request.user, activity),
    }
    return render(request, "reporting/activity_detail.html", context)


def _closed_year(request, activity):
    """Send the user back to the activity, saying why, when its year takes no entries."""
    if activity.agreement.takes_entries():
        return None
    messages.error(request, activity.agreement.refusal())
    return redirect(activity)


def _activity_to_act_on(request, pk, action):
    """Return the activity for the action, and the conflict of a posted page that is out of
    date (someone changed the activity since it was shown), so that the user is told and
    keeps what they typed; answer 404 or 403 as get_rw_activity_for_user does."""
    if request.method != "POST":
        return access.get_rw_activity_for_user(request.user, pk, action), None
    activity = access.get_activity_for_user(request.user, pk)
    try:
        access.check_action(request.user, activity, action, version=posted_int(request, "version"))
    except ValidationError as conflict:
        return activity, conflict
    return activity, None


@role_required
def activity_update(request, pk):
    activity, conflict = _activity_to_act_on(request, pk, "change")
    if refused := _closed_year(request, activity):
        return refused
    initial = {
        "activity_type": activity.activity_type,
        "date": activity.date,
        "quantity": activity.quantity,
        "participants": activity.participants,
        "firm_cvr": activity.firm.cvr if activity.firm else "",
        "goals": activity.goals.all(),
        "delivered_in": activity.delivered_in,
        "municipality": activity.municipality,
        "description": activity.description,
        "version": activity.version,
    }
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        agreement=activity.agreement,
        house=activity.house,
        activity=activity,
        initial=initial,
    )
    form_key = _form_key(request)
    uploads = []
    if request.method == "POST":
        uploads, valid = _posted_form(request, form, form_key)
        if conflict is not None:
            show_service_error(form, conflict)
        elif valid:
            try:
                services.activity_update(
                    activity=activity,
                    user=request.user,
                    version=form.cleaned_data["version"],
                    submit=request.POST.get("action") == "submit",
                    pending=uploads,
                    **form.activity_fields(),
                )
            except ValidationError as error:
                show_service_error(form, error, aliases={"firm": "firm_cvr"})
                # The page shows the activity as saved, not as the refused change left it.
                activity.refresh_from_db()
            else:
                messages.success(request, _("The activity is saved."))
                _contact_warning(request, activity)
                return redirect(activity)
    context = _form_context(form, activity.agreement, activity.house)
    context.update(activity=activity, form_key=form_key, pending_uploads=uploads)
    return render(request, "reporting/activity_form.html", context)


def _status_change(request, pk, action, service, done):
    activity = access.get_activity_for_user(request.user, pk)
    version = posted_int(request, "version")
    try:
        access.check_action(request.user, activity, action, version=version)
        service(activity=activity, user=request.user, version=version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        # Acted from a list (the landing page's queue): back to it.
        return redirect(back)
    return (
        redirect(activity)
        if access.can_see(request.user, activity)
        else redirect("reporting:activity_list")
    )


@require_POST
@role_required
def activity_submit(request, pk):
    return _status_change(
        request, pk, "submit", services.activity_submit, _("The activity is submitted.")
    )


@require_POST
@role_required
def activity_approve(request, pk):
    return _status_change(
        request, pk, "review", services.activity_approve, _("The activity is approved.")
    )


@role_required
def activity_return(request, pk):
    activity, conflict = _activity_to_act_on(request, pk, "review")
    if refused := _closed_year(request, activity):
        return refused
    form = ReturnForm(request.POST or None, initial={"version": activity.version})
    if request.method == "POST" and form.is_valid():
        try:
            if conflict is not None:
                raise conflict
            services.activity_return(
                activity=activity,
                user=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_service_error(form, error, aliases={"return_reason": "reason"})
        else:
            messages.success(request, _("The activity is returned to its author."))
            return redirect(activity)
    return render(request, "reporting/activity_return.html", {"activity": activity, "form": form})


@role_required
def activity_delete(request, pk):
    if request.method == "POST":
        return _status_change(
            request, pk, "delete", services.activity_delete, _("The activity is deleted.")
        )
    activity = access.get_rw_activity_for_user(request.user, pk, "delete")
    if refused := _closed_year(request, activity):
        return refused
    return render(request, "reporting/activity_confirm_delete.html", {"activity": activity})


@require_POST
@role_required
def activity_restore(request, pk):
    return _status_change(
        request, pk, "restore", services.activity_restore, _("The activity is restored.")
    )


@require_GET
@role_required
def evidence_download(request, pk, evidence_pk):
    _activity, evidence = access.get_evidence_for_user(request.user, pk, evidence_pk)
    if not evidence.file:
        return redirect(evidence.url)
    return file_download(
        evidence.file, filename=evidence.file_name, content_type=evidence.content_type
    )


@require_POST
@role_required
def evidence_remove(request, pk, evidence_pk):
    activity, evidence = access.get_rw_evidence_for_user(request.user, pk, evidence_pk)
    try:
        evidence_uploads.evidence_remove(evidence=evidence, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s is removed.") % {"name": evidence})
    return redirect(activity)
