"""Write-side rules for asks and favours: keyword-only, atomic, owner-scoped.

Each function refuses bad input with AskRuleError (a translated message naming what is
wrong) before it writes anything. An answer that helped and a favour given each keep
exactly one contacts.Interaction, created and removed here, so the contact's
reciprocity and last contact count them like any other interaction.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import touch
from contacts.models import Contact, Direction, Interaction, InteractionKind

from .models import HELPED_WITH_MAX_LENGTH, TEXT_MAX_LENGTH, Ask, AskedPerson, AskKind, Favour, Outcome
from .text import clean_text

# The interaction an ask's or a favour's kind is recorded as on the contact.
INTERACTION_KINDS = {
    AskKind.INTRODUCTION: InteractionKind.INTRODUCTION,
    AskKind.CANDIDATES: InteractionKind.REFERRAL,
    AskKind.REFERENCE: InteractionKind.REFERRAL,
    AskKind.ADVICE: InteractionKind.FEEDBACK,
    AskKind.READ_OR_SHARE: InteractionKind.FEEDBACK,
    AskKind.OTHER: InteractionKind.OTHER,
}


class AskRuleError(ValueError):
    """An ask or favour the rules refuse; the message is translated and shown as is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _text(value: str, *, field: str, limit: int, required: bool) -> str:
    text = clean_text(value)
    if required and not text:
        raise AskRuleError(_("Write what you asked for."), field=field)
    if len(text) > limit:
        raise AskRuleError(
            _("Keep it under %(limit)d characters (this is %(length)d).") % {"limit": limit, "length": len(text)},
            field=field,
        )
    return text


def _kind(kind: str) -> str:
    if kind not in AskKind.values:
        raise AskRuleError(_("Choose what kind of help this is."), field="kind")
    return kind


def _askable(owner, contact: Contact, *, field: str = "contact") -> Contact:
    """The contact, locked, if the member may ask them: their own and not archived."""
    found = Contact.objects.select_for_update().filter(pk=getattr(contact, "pk", None), owner=owner).first()
    if found is None:
        raise AskRuleError(_("That contact is not in your network."), field=field)
    if found.is_archived:
        raise AskRuleError(
            _("%(name)s is archived: restore them before you ask them anything.") % {"name": found}, field=field
        )
    return found


def _own_ask(owner, ask: Ask) -> Ask:
    found = Ask.objects.select_for_update().filter(pk=getattr(ask, "pk", None), owner=owner).first()
    if found is None:
        raise AskRuleError(_("That ask is not yours."))
    return found


def _name(contact: Contact) -> str:
    return contact.full_name or str(contact)


@transaction.atomic
def create_ask(
    *,
    owner,
    text: str,
    kind: str = AskKind.OTHER,
    asked_on: date | None = None,
    due_on: date | None = None,
    public: bool = False,
    contacts: list[Contact] = (),
) -> Ask:
    """A new ask. A private ask goes to at least one person (each their own row); a
    public one (a post to the whole network) may start with nobody: the people who act
    are added as they act."""
    text = _text(text, field="text", limit=TEXT_MAX_LENGTH, required=True)
    kind = _kind(kind)
    asked_on = asked_on or timezone.localdate()
    if due_on is not None and due_on < asked_on:
        raise AskRuleError(_("The answer can't be wanted before the day you ask."), field="due_on")
    if not public and not contacts:
        raise AskRuleError(
            _("Choose the person you ask, or mark the ask as a public post to your whole network."), field="contact"
        )
    chosen = []
    for contact in contacts:
        found = _askable(owner, contact)
        if found.pk in {c.pk for c in chosen}:
            raise AskRuleError(_("%(name)s is already asked.") % {"name": found}, field="contact")
        chosen.append(found)
    ask = Ask.objects.create(owner=owner, text=text, kind=kind, asked_on=asked_on, due_on=due_on, public=public)
    AskedPerson.objects.bulk_create(
        AskedPerson(ask=ask, owner=owner, contact=contact, contact_name=_name(contact), added_on=asked_on)
        for contact in chosen
    )
    return ask


@transaction.atomic
def update_ask(*, owner, ask: Ask, text: str, kind: str, due_on: date | None) -> Ask:
    ask = _own_ask(owner, ask)
    ask.text = _text(text, field="text", limit=TEXT_MAX_LENGTH, required=True)
    ask.kind = _kind(kind)
    if due_on is not None and due_on < ask.asked_on:
        raise AskRuleError(_("The answer can't be wanted before the day you ask."), field="due_on")
    ask.due_on = due_on
    ask.save(update_fields=["text", "kind", "due_on"])
    return ask


@transaction.atomic
def add_person(
    *,
    owner,
    ask: Ask,
    contact: Contact,
    outcome: str | None = None,
    helped_with: str = "",
    on: date | None = None,
) -> AskedPerson:
    """Ask one more person. On a public ask the person added is someone who acted, so
    the default outcome there is "helped"."""
    ask = _own_ask(owner, ask)
    contact = _askable(owner, contact)
    if AskedPerson.objects.filter(ask=ask, contact=contact).exists():
        raise AskRuleError(_("%(name)s is already on this ask.") % {"name": contact}, field="contact")
    on = on or timezone.localdate()
    try:
        with transaction.atomic():
            person = AskedPerson.objects.create(
                ask=ask, owner=owner, contact=contact, contact_name=_name(contact), added_on=max(on, ask.asked_on)
            )
    except IntegrityError:  # a second tab added the same person a moment ago
        raise AskRuleError(_("%(name)s is already on this ask.") % {"name": contact}, field="contact") from None
    outcome = outcome or (Outcome.HELPED if ask.public else Outcome.NO_ANSWER)
    if outcome != Outcome.NO_ANSWER:
        person = _set_outcome(person, ask=ask, outcome=outcome, helped_with=helped_with, on=on)
    return person


def _set_outcome(person: AskedPerson, *, ask: Ask, outcome: str, helped_with: str, on: date) -> AskedPerson:
    if outcome not in Outcome.values:
        raise AskRuleError(_("Choose helped, declined or no answer yet."), field="outcome")
    helped_with = _text(helped_with, field="helped_with", limit=HELPED_WITH_MAX_LENGTH, required=False)
    if outcome != Outcome.HELPED and helped_with:
        helped_with = ""
    if outcome == Outcome.HELPED and person.contact_id is None:
        raise AskRuleError(_("This contact was removed: their answer can't change any more."), field="outcome")
    if person.interaction_id:
        touch.delete_interactions(owner_id=person.owner_id, interactions=Interaction.objects.filter(pk=person.interaction_id))
        person.interaction = None
    person.outcome = outcome
    person.helped_with = helped_with
    person.answered_on = None if outcome == Outcome.NO_ANSWER else max(on, person.added_on)
    if outcome == Outcome.HELPED:
        note = _("Helped with my ask: %(ask)s") % {"ask": ask}
        if helped_with:
            note += "\n" + helped_with
        person.interaction = Interaction.objects.create(
            owner_id=person.owner_id,
            contact_id=person.contact_id,
            date=person.answered_on,
            kind=INTERACTION_KINDS[ask.kind],
            direction=Direction.RECEIVED,
            note=note,
        )
    person.save(update_fields=["outcome", "helped_with", "answered_on", "interaction"])
    return person


@transaction.atomic
def record_outcome(
    *, owner, ask: Ask, contact: Contact, outcome: str, helped_with: str = "", on: date | None = None
) -> AskedPerson:
    """The answer of someone asked: helped (with what), declined or no answer yet.
    Refused for a person who was not asked."""
    ask = _own_ask(owner, ask)
    person = (
        AskedPerson.objects.select_for_update()
        .filter(ask=ask, owner=owner, contact_id=getattr(contact, "pk", None))
        .first()
    )
    if person is None:
        raise AskRuleError(_("%(name)s was not asked: add them to the ask first.") % {"name": contact}, field="contact")
    return _set_outcome(person, ask=ask, outcome=outcome, helped_with=helped_with, on=on or timezone.localdate())


@transaction.atomic
def record_outcome_of(
    *, owner, person: AskedPerson, outcome: str, helped_with: str = "", on: date | None = None
) -> AskedPerson:
    """record_outcome for a row in hand (a removed contact's row can still say "declined")."""
    person = AskedPerson.objects.select_for_update().filter(pk=person.pk, owner=owner).select_related("ask").first()
    if person is None:
        raise AskRuleError(_("That person was not asked."), field="contact")
    return _set_outcome(person, ask=person.ask, outcome=outcome, helped_with=helped_with, on=on or timezone.localdate())


@transaction.atomic
def remove_person(*, owner, person: AskedPerson) -> None:
    """Take someone off an ask (asked by mistake); their "helped" interaction goes too."""
    person = AskedPerson.objects.select_for_update().filter(pk=person.pk, owner=owner).first()
    if person is None:
        raise AskRuleError(_("That person was not asked."), field="contact")
    if person.interaction_id:
        touch.delete_interactions(owner_id=owner.pk, interactions=Interaction.objects.filter(pk=person.interaction_id))
    person.delete()


@transaction.atomic
def close_ask(*, owner, ask: Ask, on: date | None = None) -> Ask:
    ask = _own_ask(owner, ask)
    if ask.closed_on is None:
        ask.closed_on = max(on or timezone.localdate(), ask.asked_on)
        ask.save(update_fields=["closed_on"])
    return ask


@transaction.atomic
def reopen_ask(*, owner, ask: Ask) -> Ask:
    ask = _own_ask(owner, ask)
    if ask.closed_on is not None:
        ask.closed_on = None
        ask.save(update_fields=["closed_on"])
    return ask


@transaction.atomic
def delete_ask(*, owner, ask: Ask) -> None:
    """The ask, its people and the interactions their help left on the contacts."""
    ask = _own_ask(owner, ask)
    interaction_ids = [pk for pk in ask.people.values_list("interaction_id", flat=True) if pk]
    touch.delete_interactions(owner_id=owner.pk, interactions=Interaction.objects.filter(pk__in=interaction_ids))
    ask.delete()


@transaction.atomic
def give_favour(*, owner, contact: Contact, text: str, kind: str = AskKind.OTHER, on: date | None = None) -> Favour:
    """Something the member did for a contact; kept as a "gave" interaction too."""
    text = _text(text, field="text", limit=HELPED_WITH_MAX_LENGTH, required=False)
    if not text:
        raise AskRuleError(_("Write what you did for them."), field="text")
    kind = _kind(kind)
    contact = _askable(owner, contact)
    on = on or timezone.localdate()
    interaction = Interaction.objects.create(
        owner=owner,
        contact=contact,
        date=on,
        kind=INTERACTION_KINDS[kind],
        direction=Direction.GAVE,
        note=_("I helped: %(what)s") % {"what": text},
    )
    return Favour.objects.create(
        owner=owner, contact=contact, given_on=on, kind=kind, text=text, interaction=interaction
    )


@transaction.atomic
def delete_favour(*, owner, favour: Favour) -> None:
    favour = Favour.objects.select_for_update().filter(pk=favour.pk, owner=owner).first()
    if favour is None:
        raise AskRuleError(_("That favour is not yours."))
    if favour.interaction_id:
        touch.delete_interactions(owner_id=owner.pk, interactions=Interaction.objects.filter(pk=favour.interaction_id))
    favour.delete()
