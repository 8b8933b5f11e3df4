"""Reciprocity: which way a contact's interactions go (tip 5 of the seed article: "het
contact is eenzijdig en niet wederkerig").

One rule, used by the contact list's filter, the dashboard's counts and the review
queue's evidence: a contact is one-sided when only I gave, I receive more when they
gave more than I did, balanced otherwise; mutual interactions count for both sides.
`reciprocity_kind` says it for counts in Python; `KIND_CONDITIONS` says the same in SQL
over `interaction_counts()`, so a filter and a count can never disagree with a card.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Contact, Direction, Interaction


class ReciprocityKind:
    ONE_SIDED = "one_sided"
    BALANCED = "balanced"
    RECEIVE_MORE = "receive_more"
    NONE = "none"

    LABELS = {
        ONE_SIDED: _("One-sided: I only give"),  # the same words as the removal reason
        BALANCED: _("Balanced"),
        RECEIVE_MORE: _("I receive more"),
        NONE: _("No interactions yet"),
    }
    CHOICES = list(LABELS.items())


def reciprocity_kind(*, gave: int, received: int, mutual: int) -> str:
    """The reciprocity of one contact, from its interaction counts per direction."""
    if gave == received == mutual == 0:
        return ReciprocityKind.NONE
    if received == 0 and mutual == 0:
        return ReciprocityKind.ONE_SIDED
    if received > gave:
        return ReciprocityKind.RECEIVE_MORE
    return ReciprocityKind.BALANCED


@dataclass(frozen=True)
class Reciprocity:
    gave: int
    received: int
    mutual: int

    @property
    def total(self) -> int:
        return self.gave + self.received + self.mutual

    @property
    def balance(self) -> int:
        """Positive: I gave more than I received."""
        return self.gave - self.received

    @property
    def kind(self) -> str:
        return reciprocity_kind(gave=self.gave, received=self.received, mutual=self.mutual)

    @property
    def kind_label(self) -> str:
        return str(ReciprocityKind.LABELS[self.kind])


def reciprocity(contact: Contact) -> Reciprocity:
    """Counts the member's interactions with this contact by direction. Uses prefetched
    interactions when the caller prefetched them (the review queue does)."""
    counts = {Direction.GAVE: 0, Direction.RECEIVED: 0, Direction.MUTUAL: 0}
    for interaction in contact.interactions.all():
        counts[interaction.direction] = counts.get(interaction.direction, 0) + 1
    return Reciprocity(gave=counts[Direction.GAVE], received=counts[Direction.RECEIVED], mutual=counts[Direction.MUTUAL])


# The rule above as conditions on the counts of `interaction_counts()` (contacts with at
# least one interaction; NONE is the contacts without any).
KIND_CONDITIONS = {
    ReciprocityKind.ONE_SIDED: Q(gave__gt=0, received=0, mutual=0),
    ReciprocityKind.RECEIVE_MORE: Q(received__gt=F("gave")),
    ReciprocityKind.BALANCED: Q(received__lte=F("gave")) & (Q(received__gt=0) | Q(mutual__gt=0)),
}


def interaction_counts(interactions: QuerySet) -> QuerySet:
    """Per contact: how many interactions I gave, received and shared (one grouped query)."""
    return (
        interactions.values("contact_id")
        .annotate(
            gave=Count("pk", filter=Q(direction=Direction.GAVE)),
            received=Count("pk", filter=Q(direction=Direction.RECEIVED)),
            mutual=Count("pk", filter=Q(direction=Direction.MUTUAL)),
        )
        .order_by()
    )


def filter_by_reciprocity(contacts: QuerySet, kind: str, *, owner) -> QuerySet:
    """The member's contacts (an owner-scoped queryset) whose reciprocity is `kind`."""
    if kind == ReciprocityKind.NONE:
        return contacts.filter(~Exists(Interaction.objects.filter(contact=OuterRef("pk"))))
    matching = interaction_counts(Interaction.objects.owned_by(owner)).filter(KIND_CONDITIONS[kind]).values("contact_id")
    return contacts.filter(pk__in=matching)
