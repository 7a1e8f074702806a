"""The user's notices and their settings; every user sees only their own."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agreement.access import role_required
from reporting.models import Notice
from reporting.notices import access, selectors, services
from reporting.notices.forms import NoticeSettingsForm

NOTICES_PER_PAGE = 25


@role_required
def notice_list(request):
    page = Paginator(selectors.notices_of(request.user), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "reporting/notice_list.html", {"page": page})


@require_POST
@role_required
def notice_read(request, pk):
    notice = get_object_or_404(Notice, pk=pk, recipient=request.user)
    services.notice_read(notice=notice)
    return redirect(notice.url or "reporting:notice_list")


@require_POST
@role_required
def notices_read_all(request):
    services.notices_read_all(user=request.user)
    messages.success(request, _("Every notice is marked as read."))
    return redirect("reporting:notice_list")


@role_required
def notice_settings(request):
    chosen = services.settings_of(request.user)
    initial = {} if chosen.pk else {"language": request.LANGUAGE_CODE}
    form = NoticeSettingsForm(
        request.POST or None,
        instance=chosen,
        initial=initial,
        kinds=access.notice_kinds(request.user),
    )
    if request.method == "POST" and form.is_valid():
        kinds = {name: form.cleaned_data[name] for name in form.fields if name != "language"}
        services.notice_settings_save(
            user=request.user, language=form.cleaned_data["language"], **kinds
        )
        messages.success(request, _("Your notice settings are saved."))
        return redirect("reporting:notice_settings")
    return render(request, "reporting/notice_settings.html", {"form": form})
