"""Admin pieces for versioned models with a history."""

from concurrency.admin import ConcurrentModelAdmin
from concurrency.config import CONCURRENCY_LIST_EDITABLE_POLICY_ABORT_ALL
from concurrency.forms import ConcurrentForm
from simple_history.admin import SimpleHistoryAdmin

from core.versioning import CONFLICT


class ConflictCheckingForm(ConcurrentForm):
    """Refuse a save based on a version that someone else has changed since, with our message."""

    def clean(self):
        version_field = self.instance._concurrencymeta.field.name
        version = self.cleaned_data.get(version_field)
        model = type(self.instance)
        if self.instance.pk and version:
            if not model._base_manager.filter(
                pk=self.instance.pk, **{version_field: version}
            ).exists():
                self.add_error(None, CONFLICT)
                return self.cleaned_data
        return super().clean()


class ConcurrentHistoryAdmin(ConcurrentModelAdmin, SimpleHistoryAdmin):
    """Keep each change in the history, and detect edits that would overwrite another's."""

    form = ConflictCheckingForm
    # A save that loses the race after the form's check rolls back whole and answers 409,
    # rather than the library's default of reporting success for a save it dropped.
    list_editable_policy = CONCURRENCY_LIST_EDITABLE_POLICY_ABORT_ALL
