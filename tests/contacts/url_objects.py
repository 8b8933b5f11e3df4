from tests.factories import ContactFactory, InteractionFactory, LabelFactory, NoteFactory


def _contact(owner):
    return {"pk": ContactFactory(owner=owner).pk}


def _note(owner):
    return {"pk": NoteFactory(contact=ContactFactory(owner=owner)).pk}


def _interaction(owner):
    return {"pk": InteractionFactory(contact=ContactFactory(owner=owner)).pk}


def _key_date(owner):
    from datetime import date

    from contacts.models import KeyDate

    contact = ContactFactory(owner=owner)
    return {"pk": KeyDate.objects.create(owner=owner, contact=contact, name="Verjaardag", date=date(1985, 3, 31)).pk}


def _label(owner):
    return {"pk": LabelFactory(owner=owner).pk}


def _two_contacts(owner):
    return {"first": ContactFactory(owner=owner).pk, "second": ContactFactory(owner=owner).pk}


def _kept_and_other(owner):
    return {"kept": ContactFactory(owner=owner).pk, "other": ContactFactory(owner=owner).pk}


def _merge(owner):
    from contacts import merging

    kept, other = ContactFactory(owner=owner), ContactFactory(owner=owner)
    return {"pk": merging.merge(owner=owner, kept=kept, other=other, choices={}).pk}


def _method(owner):
    from contacts.models import ContactMethod

    contact = ContactFactory(owner=owner)
    return {"pk": ContactMethod.objects.create(owner=owner, contact=contact, kind="email", value="a@b.nl", key="a@b.nl").pk}


OBJECT_URLS = {
    "contacts:method_create": _contact,
    "contacts:method_delete": _method,
    "contacts:method_edit": _method,
    "contacts:not_same_person": _two_contacts,
    "contacts:merge": _kept_and_other,
    "contacts:merge_undo": _merge,
    "contacts:detail": _contact,
    "contacts:edit": _contact,
    "contacts:contact_labels": _contact,
    "contacts:note_create": _contact,
    "contacts:key_date_create": _contact,
    "contacts:key_date_delete": _key_date,
    "contacts:interaction_create": _contact,
    "contacts:interactions": _contact,
    "contacts:note_detail": _note,
    "contacts:note_edit": _note,
    "contacts:note_delete": _note,
    "contacts:interaction_detail": _interaction,
    "contacts:interaction_edit": _interaction,
    "contacts:interaction_delete": _interaction,
    "contacts:label_edit": _label,
    "contacts:label_merge": _label,
    "contacts:label_delete": _label,
}
