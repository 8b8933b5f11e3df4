"""The account export: every model of the member-data apps, as one zip.

It lives in the top package because it must know every app. Each model is found by
looking for its path to the owner (`exported_models()`): a model added later is exported
without touching this file, and a model with no path to an owner fails the tests. The
contacts app offers the download (contacts:export_account) through contacts.hooks."""

import io
import json
import zipfile

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import models
from django.utils import timezone

from contacts.exporting import iter_vcards, write_contacts_csv

MEMBER_DATA_APPS = ("accounts", "contacts", "invitations", "asks", "reviews")
EXPORT_FORMAT = "netwerk-account-export/1"
# The member's own account row: what identifies them, never credentials or staff flags.
USER_FIELDS = ("username", "first_name", "last_name", "email", "date_joined", "last_login")



def owner_lookup(model) -> str | None:
    """The query path from a model to the member who owns its rows, or None."""
    user_model = get_user_model()
    if model is user_model:
        return "pk"
    names = {f.name: f for f in model._meta.get_fields() if f.concrete}
    for name in ("owner", "user"):
        field = names.get(name)
        if field is not None and field.is_relation and field.related_model is user_model:
            return name
    for field in names.values():
        if field.many_to_one or field.one_to_one:
            related = field.related_model
            if related is not model and "owner" in {f.name for f in related._meta.get_fields()}:
                return f"{field.name}__owner"
    return None


def exported_models() -> list[tuple[type[models.Model], str]]:
    """Every model in the member-data apps, with its path to the owner."""
    result = []
    for app_label in MEMBER_DATA_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            lookup = owner_lookup(model)
            if lookup is None:
                raise LookupError(f"{model._meta.label} has no path to its owner; the account export cannot scope it.")
            result.append((model, lookup))
    return result


def _owned(model, lookup: str, owner) -> models.QuerySet:
    return model._default_manager.filter(**{lookup: owner.pk}).order_by("pk")


def write_account_export(owner, out) -> dict[str, int]:
    """A zip of JSON files, one per model, plus contacts.csv and contacts.vcf; returns
    the number of rows per model (also in manifest.json)."""
    counts: dict[str, int] = {}
    user_model = get_user_model()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model, lookup in exported_models():
            queryset = _owned(model, lookup, owner)
            fields = USER_FIELDS if model is user_model else None
            with archive.open(f"{model._meta.label_lower}.json", "w") as entry:
                text = io.TextIOWrapper(entry, encoding="utf-8")
                serializers.serialize("json", queryset.iterator(chunk_size=2000), stream=text, indent=1, fields=fields)
                text.flush()
                text.detach()
            counts[model._meta.label] = queryset.count()
        with archive.open("contacts.csv", "w") as entry:
            text = io.TextIOWrapper(entry, encoding="utf-8", newline="")
            write_contacts_csv(owner, text)
            text.flush()
            text.detach()
        with archive.open("contacts.vcf", "w") as entry:
            for card in iter_vcards(owner):
                entry.write(card.encode("utf-8"))
        manifest = {
            "format": EXPORT_FORMAT,
            "exported_at": timezone.now().isoformat(),
            "member": owner.get_username(),
            "site": settings.SITE_URL,
            "models": counts,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    return counts
