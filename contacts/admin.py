"""The bulk label editor: Django's admin, scoped to the signed-in member.

Whatever their staff or superuser flag, a member sees, searches, filters, picks (foreign
keys, autocomplete) and changes only their own contacts and labels; another member's row
is a 404 and never shows in a changelist. Any active staff member may use it for their
own rows, so giving a member the bulk editor is one tick (staff status), no permissions.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import ActionLocation
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from netwerk.lib.numbers import positive_int

from .forms import LabelForm
from .methods import clean_value
from .models import Contact, ContactLabel, ContactMethod, ContactStatus, Label
from .services import LabelRuleError, add_label, put_under_review, remove_label


# Changelist actions that higher apps add to the contact admin (reviews: archive with a
# reason, restore). Each is a plain admin action: func(modeladmin, request, queryset),
# the queryset already limited to the member's own contacts.
CONTACT_ADMIN_ACTIONS: list = []


def register_contact_admin_action(action):
    """Add `action` to the contact changelist's actions; returns it (usable as decorator)."""
    CONTACT_ADMIN_ACTIONS.append(action)
    return action


class OwnRowsOnly:
    """Permissions and querysets for a model (or inline) whose rows carry `owner`."""

    def _member(self, request) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def _owns(self, request, obj) -> bool:
        if obj is None:
            return True
        owner_id = obj.owner_id if hasattr(obj, "owner_id") else obj.contact.owner_id
        return owner_id == request.user.pk

    def has_module_permission(self, request) -> bool:
        return self._member(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._member(request) and self._owns(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._member(request) and self._owns(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._member(request) and self._owns(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._member(request) and self._owns(request, obj)


class OwnedModelAdmin(OwnRowsOnly, admin.ModelAdmin):
    exclude = ("owner",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(owner_id=request.user.pk)

    def save_model(self, request, obj, form, change) -> None:
        obj.owner = request.user
        super().save_model(request, obj, form, change)

    def response_action(self, request, queryset, **options):
        """Ticked rows are ids: one that no database column holds ("9" x 30, "²") makes
        Django's pk__in filter fail with a 500; it is answered like an empty selection.
        "Select all" ignores the ticked ids (Django sends a placeholder), so they are not read."""
        across = request.POST.get("select_across") == "1"
        if not across and any(positive_int(key) is None for key in request.POST.getlist(ACTION_CHECKBOX_NAME)):
            self.message_user(
                request,
                _("Items must be selected in order to perform actions on them. No items have been changed."),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset, **options)


class LabelListFilter(admin.SimpleListFilter):
    title = _("label")
    parameter_name = "label"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Label.objects.owned_by(request.user).values_list("pk", "name")]

    def queryset(self, request, queryset):
        label_id = positive_int(self.value())
        if label_id is None:
            return queryset
        return queryset.filter(
            Exists(ContactLabel.objects.filter(contact=OuterRef("pk"), label_id=label_id, label__owner=request.user))
        )


class ContactLabelInline(OwnRowsOnly, admin.TabularInline):
    model = ContactLabel
    extra = 0
    fields = ("label", "added_at")
    readonly_fields = ("added_at",)
    autocomplete_fields = ("label",)
    verbose_name = _("label")
    verbose_name_plural = _("labels")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "label":
            kwargs["queryset"] = Label.objects.owned_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContactMethodForm(forms.ModelForm):
    """A further way to reach, checked and keyed as on the contact page (contacts.methods)."""

    class Meta:
        model = ContactMethod
        fields = ("kind", "type", "label", "value")

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("value"):
            try:
                data["value"], self.instance.key = clean_value(data["kind"], data["value"])
            except ValidationError as error:
                self.add_error("value", error)
        return data


class ContactMethodInline(OwnRowsOnly, admin.TabularInline):
    model = ContactMethod
    form = ContactMethodForm
    extra = 0
    fields = ("kind", "type", "label", "value")


class ChooseLabelForm(forms.Form):
    label = forms.ModelChoiceField(label=_("Label"), queryset=Label.objects.none())

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].queryset = Label.objects.owned_by(owner).order_by(Lower("name"))


@admin.register(Contact)
class ContactAdmin(OwnedModelAdmin):
    list_display = ("__str__", "company", "position", "label_names", "connected_on", "source", "status")
    list_filter = (LabelListFilter, "source", "status")
    search_fields = ("first_name", "last_name", "company", "position", "profile_url")
    autocomplete_fields = ("introduced_by",)
    inlines = (ContactLabelInline, ContactMethodInline)
    list_per_page = 100
    own_actions = ("add_label_action", "remove_label_action", "put_under_review_action")
    # Status changes only by the actions, so an archived contact always has its reason.
    readonly_fields = ("status", "archived_at")

    @property
    def actions(self):
        return (*self.own_actions, *CONTACT_ADMIN_ACTIONS)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Removing is archiving with a reason (an action); only the purge deletes.
        return False

    def save_formset(self, request, form, formset, change):
        """Ways to reach added here belong to the contact's owner, like the contact."""
        if formset.model is ContactMethod:
            for method in formset.save(commit=False):
                method.owner_id = form.instance.owner_id
                method.save()
            for method in formset.deleted_objects:
                method.delete()
            return
        super().save_formset(request, form, formset, change)

    def delete_view(self, request, object_id, extra_context=None):
        """No delete page: another member's contact answers as a missing one, the member's
        own is sent to the list, where removing means archiving with a reason."""
        if self.get_object(request, object_id) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        self.message_user(
            request,
            _("Contacts are not deleted: select them in the list and choose “Remove (archive with a reason)…”."),
            messages.WARNING,
        )
        return HttpResponseRedirect(reverse("admin:contacts_contact_changelist"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            Prefetch("labels", queryset=Label.objects.order_by(Lower("name")))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "introduced_by":
            kwargs["queryset"] = Contact.objects.owned_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("labels"))
    def label_names(self, contact: Contact) -> str:
        return ", ".join(label.name for label in contact.labels.all())

    def _label_action(self, request, queryset, *, operation: str, title: str):
        form = ChooseLabelForm(request.POST if "apply" in request.POST else None, owner=request.user)
        if form.is_bound and form.is_valid():
            label = form.cleaned_data["label"]
            try:
                if operation == "add":
                    changed = add_label(owner=request.user, label=label, contacts=queryset)
                    text = ngettext(
                        "Added “%(label)s” to %(count)d contact.", "Added “%(label)s” to %(count)d contacts.", changed
                    )
                else:
                    changed = remove_label(owner=request.user, label=label, contacts=queryset)
                    text = ngettext(
                        "Removed “%(label)s” from %(count)d contact.",
                        "Removed “%(label)s” from %(count)d contacts.",
                        changed,
                    )
            except LabelRuleError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(request, text % {"label": label, "count": changed}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "form": form,
            "action": request.POST.get("action", ""),
            "select_across": request.POST.get("select_across", "0"),
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "count": queryset.count(),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "contacts/admin_label_action.html", context)

    @admin.action(description=_("Add label…"))
    def add_label_action(self, request, queryset):
        return self._label_action(request, queryset, operation="add", title=_("Add a label to the selected contacts"))

    @admin.action(description=_("Remove label…"))
    def remove_label_action(self, request, queryset):
        return self._label_action(
            request, queryset, operation="remove", title=_("Remove a label from the selected contacts")
        )

    @admin.action(description=_("Put under review"))
    def put_under_review_action(self, request, queryset):
        changed = put_under_review(owner=request.user, contacts=queryset)
        self.message_user(
            request,
            ngettext("%(count)d contact put under review.", "%(count)d contacts put under review.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )


class LabelAdminForm(LabelForm):
    """The labels page's form (case-insensitive unique names, review kind kept) in the admin."""

    owner = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, owner=self.owner, **kwargs)


@admin.register(Label)
class LabelAdmin(OwnedModelAdmin):
    list_display = ("name", "kind", "color", "contact_count", "restricts_contact", "restricts_contact_until")
    list_filter = ("kind", "restricts_contact")
    search_fields = ("name",)
    fields = ("name", "color", "kind", "description", "restricts_contact", "restricts_contact_until")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(contact_count=Count("label_contacts", filter=Q(label_contacts__contact__status=ContactStatus.ACTIVE)))
            .order_by(Lower("name"))
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = type("OwnLabelAdminForm", (LabelAdminForm,), {"owner": request.user})
        return super().get_form(request, obj, change, **kwargs)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        # Bulk delete would take the review label with it; labels are deleted one at a time.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_review:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("contacts"), ordering="contact_count")
    def contact_count(self, label: Label) -> int:
        return label.contact_count
