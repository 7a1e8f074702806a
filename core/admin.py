"""Admin pieces for versioned models with a history."""

from concurrency.admin import ConcurrentModelAdmin
from concurrency.config import CONCURRENCY_LIST_EDITABLE_POLICY_ABORT_ALL
from concurrency.forms import ConcurrentForm
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.db import router
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext as _
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


# At most this many dependents are named in a refusal; the count covers them all.
NAMED_DEPENDENTS = 10


def dependents(objects) -> list[str]:
    """Return what deleting the objects would delete with them (cascades), one line each."""
    objects = list(objects)
    if not objects:
        return []
    collector = NestedObjects(using=router.db_for_write(type(objects[0])))
    collector.collect(objects)
    selected = {(type(obj), obj.pk) for obj in objects}
    return [
        f"{capfirst(model._meta.verbose_name)}: {instance}"
        for model, instances in collector.data.items()
        for instance in instances
        if (model, instance.pk) not in selected
    ]


def _dependents_message(obj, found):
    named = "; ".join(found[:NAMED_DEPENDENTS])
    more = len(found) - NAMED_DEPENDENTS
    return _(
        "%(object)s cannot be deleted here, since these depend on it: %(named)s%(more)s. "
        "Change the agreement's structure through the agreement file and the revision."
    ) % {
        "object": obj,
        "named": named,
        "more": _(" and %(count)s more") % {"count": more} if more > 0 else "",
    }


class NoCascadeAdmin(admin.ModelAdmin):
    """Refuse to delete an object that others depend on, naming them, instead of deleting
    them too (Django's admin cascades, after one confirmation page)."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return to_delete, model_count, perms_needed, [*protected, *dependents(objs)]


class NoCascadeInlineFormSet(BaseInlineFormSet):
    """Refuse to delete an inline object that others depend on, naming them."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is None:
                continue
            found = dependents([form.instance])
            if found:
                raise ValidationError(_dependents_message(form.instance, found))


class ConcurrentHistoryAdmin(NoCascadeAdmin, ConcurrentModelAdmin, SimpleHistoryAdmin):
    """Keep each change in the history, detect edits that would overwrite another's, and
    delete nothing that others depend on."""

    form = ConflictCheckingForm
    # A save that loses the race after the form's check rolls back whole and answers 409,
    # rather than the library's default of reporting success for a save it dropped.
    list_editable_policy = CONCURRENCY_LIST_EDITABLE_POLICY_ABORT_ALL
