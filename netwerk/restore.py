"""Restoring an account export (netwerk/export.py) into a member's account.

The export holds one Django-serialized JSON file per model of the member-data apps. The
restore reads them model by model in the order their foreign keys need, gives every row
a new primary key and points every foreign key at the row restored from the same zip:
a key that points anywhere else (another member's contact, a row that is not in the
file) refuses the whole file. Every row is the signed-in member's, whatever the file
says. A model added to an app later is restored by the same code, or named in
NOT_RESTORED with the reason.

Rows already in the account are matched, not duplicated: a contact by its profile
address, a label by its name (any case; the review label by its kind), and any other
row when every restored value equals an existing row's. So the same zip restored twice
adds nothing the second time, and a zip restored into an account that has part of it
adds only the rest.

All or nothing: one transaction; a preview runs the same restore and rolls it back.
Bad input raises RestoreError naming the file inside the zip and the object."""

import json
import stat
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from graphlib import CycleError, TopologicalSorter
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from contacts import touch
from contacts.models import Contact, Label, LabelKind, ensure_review_label, normalize_profile_url

from .export import EXPORT_FORMAT, exported_models

# Rows an export carries that a restore leaves out, and why: the account's own identity,
# or the state of past work that belongs to the account that did it.
NOT_RESTORED = {
    "accounts.user": "the member's own account row",
    "accounts.signupinvitation": "sign-up codes the administrator handed out",
    "contacts.importjob": "the record of past imports",
    "reviews.digestdelivery": "the record of digests sent",
    "reviews.digestondemand": "the record of digests asked for",
    "reviews.usedactionlink": "links from old e-mails that were used",
    "reviews.calendarfeed": "the calendar's secret address: it stays with the account it was made for",
}
# The member's preferences are restored onto their profile; these fields are its state.
PROFILE_STATE = {"id", "user", "next_digest_at", "digest_failure", "digest_failed_at"}
PROFILE = "accounts.profile"
MAX_ENTRIES = 200
MAX_RATIO = 200
BATCH = 1000


class RestoreError(Exception):
    def __init__(self, message: str, *, entry: str = "", index: int | None = None):
        super().__init__(message)
        self.message, self.entry, self.index = message, entry, index

    def __str__(self) -> str:
        if self.entry and self.index is not None:
            return _("%(entry)s, object %(index)s: %(message)s") % {
                "entry": self.entry,
                "index": self.index,
                "message": self.message,
            }
        if self.entry:
            return f"{self.entry}: {self.message}"
        return self.message


@dataclass
class RestoreReport:
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    matched: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    left_out: dict[str, int] = field(default_factory=dict)
    exported_at: str = ""
    member: str = ""

    @property
    def rows(self) -> list[tuple[str, int, int]]:
        """(model's name, rows added, rows already there) per restored model."""
        names = {model._meta.label_lower: model._meta.verbose_name_plural for model, _lookup in exported_models()}
        labels = sorted(set(self.created) | set(self.matched), key=list(names).index)
        return [(str(names[label]).capitalize(), self.created[label], self.matched[label]) for label in labels]

    @property
    def added(self) -> int:
        return sum(self.created.values())


class _Preview(Exception):
    """Rolls a preview's transaction back."""


def restore_account(member, stream, *, dry_run: bool = False) -> RestoreReport:
    """Restore the account export in `stream` (a seekable binary file) into `member`'s
    account; with `dry_run`, only say what it would do."""
    archive, manifest = _open(stream)
    report = RestoreReport(exported_at=str(manifest.get("exported_at", "")), member=str(manifest.get("member", "")))
    try:
        with transaction.atomic():
            # One restore at a time per member (two tabs, a double click): the second
            # waits, then matches what the first added.
            type(member.profile).objects.select_for_update().filter(pk=member.profile.pk).first()
            _restore(member, archive, report)
            # Rhythms, labels and interactions came in without signals: the
            # keep-in-touch dates are worked out again from them.
            touch.refresh(owner_id=member.pk)
            if dry_run:
                raise _Preview
    except _Preview:
        pass
    except IntegrityError as error:
        raise RestoreError(_("the export breaks a rule of the database (%(error)s); nothing was restored.") % {"error": error})
    if not dry_run:
        from .dashboard import forget_dashboard

        forget_dashboard(member)
    return report


# --- the zip ---------------------------------------------------------------------------


def _open(stream) -> tuple[zipfile.ZipFile, dict]:
    max_bytes = settings.NETWERK_IMPORT_MAX_BYTES
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    if size > max_bytes:
        raise RestoreError(
            _("the file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )
    try:
        archive = zipfile.ZipFile(stream)
        entries = archive.infolist()
    except Exception as error:  # a damaged zip raises many kinds of error; all mean the same
        raise RestoreError(_("this is not a readable zip file (%(error)s).") % {"error": error})
    if len(entries) > MAX_ENTRIES:
        raise RestoreError(_("the zip holds %(count)s files; an account export holds far fewer.") % {"count": len(entries)})
    total = 0
    for entry in entries:
        path = PurePosixPath(entry.filename.replace("\\", "/"))
        if path.is_absolute() or len(path.parts) != 1 or stat.S_ISLNK(entry.external_attr >> 16):
            raise RestoreError(_("the zip contains %(entry)s, which is not a file of an account export.") % {"entry": entry.filename})
        if entry.flag_bits & 0x1:
            raise RestoreError(_("%(entry)s is encrypted.") % {"entry": entry.filename})
        if entry.file_size > 1024 * 1024 and entry.file_size / max(entry.compress_size, 1) > MAX_RATIO:
            raise RestoreError(_("%(entry)s in the zip is compressed suspiciously well; it was not opened.") % {"entry": entry.filename})
        total += entry.file_size
    if total > max_bytes * 10:
        raise RestoreError(
            _("unpacked, the zip would be %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(max_bytes * 10)}
        )
    names = {entry.filename for entry in entries}
    if "manifest.json" not in names:
        raise RestoreError(_("this zip has no manifest.json: it is not a Netwerk account export."))
    manifest = _json(archive, "manifest.json")
    if not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise RestoreError(
            _("this is not an account export Netwerk can restore (format %(found)s; expected %(expected)s).")
            % {"found": found or "?", "expected": EXPORT_FORMAT},
            entry="manifest.json",
        )
    known = {f"{model._meta.label_lower}.json" for model, _lookup in exported_models()}
    for name in sorted(names):
        if name.endswith(".json") and name != "manifest.json" and name not in known:
            raise RestoreError(_("this export holds rows of a kind Netwerk does not know."), entry=name)
    return archive, manifest


def _json(archive: zipfile.ZipFile, name: str):
    try:
        return json.loads(archive.read(name).decode("utf-8"))
    except UnicodeDecodeError:
        raise RestoreError(_("the file is not UTF-8 text."), entry=name)
    except json.JSONDecodeError as error:
        raise RestoreError(
            _("line %(line)s, column %(column)s: not valid JSON (%(error)s).")
            % {"line": error.lineno, "column": error.colno, "error": error.msg},
            entry=name,
        )
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise RestoreError(_("the file could not be read from the zip (%(error)s).") % {"error": error}, entry=name)


# --- the rows ----------------------------------------------------------------------------


def restore_order() -> list[type[models.Model]]:
    """The restored models, each after the models its foreign keys point to."""
    restored = {model._meta.label_lower: model for model, _lookup in exported_models()}
    restored = {label: model for label, model in restored.items() if label not in NOT_RESTORED and label != PROFILE}
    graph = {
        label: {
            field.related_model._meta.label_lower
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model._meta.label_lower in restored and field.related_model is not model
        }
        for label, model in restored.items()
    }
    try:
        return [restored[label] for label in TopologicalSorter(graph).static_order()]
    except CycleError as cycle:  # pragma: no cover - a test keeps the models acyclic
        raise LookupError(f"the member-data models' keys form a cycle: {cycle.args[1]}")


def _fields(model) -> list[models.Field]:
    """The fields a restore writes: what the export serialized, minus what the database
    or Django computes (generated columns, auto_now stamps)."""
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.serialize and not f.generated and not getattr(f, "auto_now", False)
    ]


def _restore(member, archive: zipfile.ZipFile, report: RestoreReport) -> None:
    names = set(archive.namelist())
    for label in NOT_RESTORED:
        if f"{label}.json" in names:
            report.left_out[label] = len(_objects(archive, f"{label}.json", label))
    if f"{PROFILE}.json" in names:
        _restore_profile(member, archive)
    ensure_review_label(member, member.profile.language)
    keys: dict[str, dict[int, int]] = {}
    for model in restore_order():
        entry = f"{model._meta.label_lower}.json"
        if entry in names:
            keys[model._meta.label_lower] = _restore_model(member, model, archive, entry, keys, report)


def _objects(archive, entry: str, label: str) -> list[dict]:
    data = _json(archive, entry)
    if not isinstance(data, list):
        raise RestoreError(_("expected a list of objects."), entry=entry)
    for index, obj in enumerate(data, 1):
        if not isinstance(obj, dict) or obj.get("model") != label or not isinstance(obj.get("fields"), dict):
            raise RestoreError(_("not an object of this file's kind."), entry=entry, index=index)
        if not isinstance(obj.get("pk"), int) or isinstance(obj.get("pk"), bool):
            raise RestoreError(_("its key is not a number."), entry=entry, index=index)
    return data


def _restore_profile(member, archive) -> None:
    entry = f"{PROFILE}.json"
    data = _objects(archive, entry, PROFILE)
    if not data:
        return
    profile = member.profile
    writable = {f.name: f for f in _fields(type(profile)) if f.name not in PROFILE_STATE}
    for name, raw in data[0]["fields"].items():
        if name in PROFILE_STATE:
            continue
        if name not in writable:
            raise RestoreError(_("unknown field “%(field)s”.") % {"field": name}, entry=entry, index=1)
        _set_value(profile, writable[name], raw, entry, 1)
    _clean(profile, entry, 1, exclude=PROFILE_STATE)
    profile.save()


def _set_value(instance, field: models.Field, raw, entry: str, index: int) -> None:
    try:
        setattr(instance, field.attname, field.to_python(raw))
    except (ValidationError, TypeError, ValueError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        raise RestoreError(
            _("“%(field)s”: %(problem)s") % {"field": field.name, "problem": " ".join(messages)}, entry=entry, index=index
        )


def _clean(instance, entry: str, index: int, *, exclude) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = "; ".join(f"“{name}”: {' '.join(messages)}" for name, messages in error.message_dict.items())
        raise RestoreError(problems, entry=entry, index=index)


def _restore_model(member, model, archive, entry: str, keys: dict[str, dict[int, int]], report) -> dict[int, int]:
    label = model._meta.label_lower
    user_model = get_user_model()
    fields = _fields(model)
    by_name = {f.name: f for f in fields}
    # A row's identity leaves out links to rows of its own model (set once all exist).
    compared = [f for f in fields if f.related_model is not model]
    # Fields the export writes but a restore does not (the database or Django computes them).
    computed = {f.name for f in model._meta.concrete_fields if f.name not in by_name}
    many = {f.name for f in model._meta.many_to_many}
    relations = [f for f in fields if f.is_relation]
    identities = _identities(member, model, compared)
    mapping: dict[int, int] = {}
    first_of: dict[tuple, int] = {}  # identity -> the file's first row with it
    repeats: list[tuple[int, int]] = []  # (row, the earlier row of the same file it repeats)
    pending: list[tuple[int, models.Model]] = []
    self_links: list[tuple[int, models.Field, int, int]] = []
    seen: set[int] = set()
    for index, obj in enumerate(_objects(archive, entry, label), 1):
        old = obj["pk"]
        if old in seen:
            raise RestoreError(_("the key %(key)s appears twice.") % {"key": old}, entry=entry, index=index)
        seen.add(old)
        unknown = set(obj["fields"]) - set(by_name) - many - computed
        if unknown:
            raise RestoreError(_("unknown field “%(field)s”.") % {"field": sorted(unknown)[0]}, entry=entry, index=index)
        instance = model()
        for name, raw in obj["fields"].items():
            field_ = by_name.get(name)
            if field_ is None:  # computed, or a many-to-many list restored from its own model's file
                continue
            if not field_.is_relation:
                _set_value(instance, field_, raw, entry, index)
            elif field_.related_model is user_model:
                pass  # every row is the member's (below)
            elif raw is None:
                setattr(instance, field_.attname, None)
            elif field_.related_model is model:
                self_links.append((old, field_, raw, index))
                setattr(instance, field_.attname, None)
            elif isinstance(raw, int) and raw in keys.get(field_.related_model._meta.label_lower, {}):
                setattr(instance, field_.attname, keys[field_.related_model._meta.label_lower][raw])
            else:
                raise _elsewhere(field_, entry, index)
        for field_ in relations:
            if field_.related_model is user_model:
                setattr(instance, field_.attname, member.pk)
        if isinstance(instance, Contact):
            try:
                instance.profile_url = normalize_profile_url(instance.profile_url)
            except ValidationError as error:
                raise RestoreError(f"“profile_url”: {' '.join(error.messages)}", entry=entry, index=index)
        _clean(instance, entry, index, exclude=[f.name for f in relations])
        identity = _identity(instance, compared)
        if identity in identities:
            mapping[old] = identities[identity]
            report.matched[label] += 1
        elif identity in first_of:
            repeats.append((old, first_of[identity]))
        else:
            first_of[identity] = old
            pending.append((old, instance))
    created = model._default_manager.bulk_create([instance for _old, instance in pending], batch_size=BATCH)
    fresh = set()
    for (old, _instance), row in zip(pending, created):
        mapping[old] = row.pk
        fresh.add(old)
    for old, earlier in repeats:
        mapping[old] = mapping[earlier]
    report.created[label] += len(created)
    # Links between rows of one model (who introduced whom) once all of them exist; rows
    # that were already in the account keep their own.
    for old, field_, target, index in self_links:
        if target not in mapping:
            raise _elsewhere(field_, entry, index)
        if old in fresh:
            model._default_manager.filter(pk=mapping[old]).update(**{field_.attname: mapping[target]})
    return mapping


def _elsewhere(field_: models.Field, entry: str, index: int) -> RestoreError:
    return RestoreError(
        _("“%(field)s” points to a %(kind)s that is not in this export.")
        % {"field": field_.name, "kind": field_.related_model._meta.verbose_name},
        entry=entry,
        index=index,
    )


def _identity(instance, fields) -> tuple:
    if isinstance(instance, Contact) and instance.profile_url:
        return ("profile", instance.profile_url)
    if isinstance(instance, Label):
        return ("review",) if instance.kind == LabelKind.REVIEW else ("name", instance.name.casefold())
    return tuple(_comparable(getattr(instance, f.attname)) for f in fields)


def _comparable(value):
    """Times to the millisecond: the export writes them so (Django's JSON encoder)."""
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def _identities(member, model, fields) -> dict[tuple, int]:
    """The member's rows of `model` by identity (what a restored row is matched on)."""
    lookup = dict(exported_models())[model]
    rows = model._default_manager.filter(**{lookup: member.pk})
    if model is Label:
        return {
            (("review",) if kind == LabelKind.REVIEW else ("name", name.casefold())): pk
            for pk, name, kind in rows.values_list("pk", "name", "kind")
        }
    names = [f.attname for f in fields]
    identities = {}
    for values in rows.values_list("pk", *names).iterator():
        row = dict(zip(names, values[1:]))
        if model is Contact and row["profile_url"]:
            identities[("profile", row["profile_url"])] = values[0]
        else:
            identities[tuple(_comparable(value) for value in values[1:])] = values[0]
    return identities
