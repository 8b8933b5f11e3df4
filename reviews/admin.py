"""Removing and restoring contacts in the admin, on the contacts app's changelist.

Removing is archiving with a reason, as in the weekly review, so the decisions and the
archive page show it and it can be undone; the admin never deletes a contact."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.admin import register_contact_admin_action

from .models import RemovalReason
from .services import remove_contacts, restore_contacts


class RemovalForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=RemovalReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea)


@register_contact_admin_action
@admin.action(description=_("Remove (archive with a reason)…"))
def archive_with_reason(modeladmin, request, queryset):
    form = RemovalForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        archived = remove_contacts(
            user=request.user, contacts=queryset, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
        )
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d contact archived; the archive page can restore it.",
                "%(count)d contacts archived; the archive page can restore them.",
                archived,
            )
            % {"count": archived},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Remove the selected contacts"),
        "opts": modeladmin.model._meta,
        "form": form,
        "action": request.POST.get("action", ""),
        "select_across": request.POST.get("select_across", "0"),
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
        "count": queryset.count(),
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "contacts/admin_label_action.html", context)


@register_contact_admin_action
@admin.action(description=_("Restore from the archive"))
def restore_from_archive(modeladmin, request, queryset):
    restored = restore_contacts(user=request.user, contacts=queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d contact restored.", "%(count)d contacts restored.", restored) % {"count": restored},
        messages.SUCCESS,
    )
