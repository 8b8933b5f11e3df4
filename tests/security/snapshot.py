"""Every row of every member-data model, to prove a request changed nothing."""

from django.apps import apps
from django.forms.models import model_to_dict

MEMBER_APPS = ("accounts", "contacts", "invitations", "asks", "reviews", "netwerk", "sessions", "axes")


def snapshot() -> dict:
    state = {}
    for app_label in MEMBER_APPS:
        for model in apps.get_app_config(app_label).get_models():
            rows = model.objects.all()
            state[model._meta.label] = sorted(
                repr(sorted(model_to_dict(row).items(), key=lambda kv: kv[0])) for row in rows
            )
    return state
