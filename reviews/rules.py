"""The review's domain rules, as plain functions a member would recognise.

- `reciprocity(contact)` (from contacts.reciprocity, the one rule the list and the
  dashboard use too): what I gave against what I received.
- `review_queue(user, now)`: the contacts under the review label, longest there first,
  with everything needed to decide (evidence fetched in a constant number of queries).
- `suggestions_for(user, now)`: contacts the member might put under review, most telling
  first. Rules are switched on and off in the profile; a suggestion never acts on its own.
  Inactivity is judged only from what Netwerk has seen: from the later of the last
  interaction and the moment Netwerk started tracking the contact (its `created_at`: the
  first import or the creation), so an import never makes everyone "inactive" on day one.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import RowNumber
from django.db.models.expressions import Window
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asks.figures import WINDOW as HELP_WINDOW
from asks.figures import TimesHelped, helped_counts, helped_since
from contacts.models import Contact, ContactLabel, ContactStatus, Direction, Interaction, LabelKind
from contacts.reciprocity import Reciprocity, reciprocity

from .models import ReviewDecision

ONE_SIDED_WINDOW = 5
ONE_SIDED_MINIMUM = 3
MET_ONCE_GRACE = timedelta(days=30)


def is_one_sided(directions_newest_first) -> bool:
    """Only "I gave" in the last five interactions (and at least three of them)."""
    recent = list(directions_newest_first)[:ONE_SIDED_WINDOW]
    return len(recent) >= ONE_SIDED_MINIMUM and all(direction == Direction.GAVE for direction in recent)


@dataclass
class QueueEntry:
    contact: Contact
    in_review_since: datetime
    reciprocity: Reciprocity
    last_interaction: Interaction | None
    one_sided: bool
    introduced: list[Contact] = field(default_factory=list)
    # How often this contact helped the member when asked: ever and in the last 12 months.
    helped: TimesHelped | None = None

    @property
    def pk(self) -> int:
        return self.contact.pk


def _queue_rows(user, now, *, snoozed: bool):
    return _review_rows_of([user.pk], now, snoozed=snoozed)


def _review_rows_of(user_ids, now, *, snoozed: bool):
    snoozing = ReviewDecision.objects.snoozing(now).filter(contact=OuterRef("contact_id"))
    return (
        ContactLabel.objects.filter(
            label__owner__in=user_ids,
            label__kind=LabelKind.REVIEW,
            contact__owner=F("label__owner"),
            contact__status=ContactStatus.ACTIVE,
        )
        .annotate(snoozed=Exists(snoozing))
        .filter(snoozed=snoozed)
        .select_related("contact", "contact__introduced_by")
        .order_by("added_at", "contact_id")
    )


def review_count(user, now: datetime) -> int:
    """How many contacts wait for a decision (the queue's length), in one query."""
    return _queue_rows(user, now, snoozed=False).count()


def review_queue(user, now: datetime, *, contacts=None) -> list[QueueEntry]:
    """Every active contact under the member's review label (not snoozed), longest in
    the label first, with the evidence. Constant query count whatever the size.
    `contacts` narrows it to these (a card added to the page without a reload)."""
    rows = _queue_rows(user, now, snoozed=False)
    if contacts is not None:
        rows = rows.filter(contact__in=contacts)
    rows = list(
        rows.prefetch_related(
            "contact__labels",
            "contact__notes",
            "contact__interactions",
            Prefetch(
                "contact__introduced",
                queryset=Contact.objects.filter(status=ContactStatus.ACTIVE).order_by(*Contact.NAME_ORDER),
                to_attr="introduced_active",
            ),
        )
    )
    ids = [row.contact_id for row in rows]
    helped = helped_counts(user, ids, since=timezone.localdate(now) - HELP_WINDOW) if ids else {}
    entries = []
    for row in rows:
        contact = row.contact
        interactions = list(contact.interactions.all())
        entries.append(
            QueueEntry(
                contact=contact,
                in_review_since=row.added_at,
                reciprocity=reciprocity(contact),
                last_interaction=interactions[0] if interactions else None,
                one_sided=is_one_sided(i.direction for i in interactions),
                introduced=contact.introduced_active,
                helped=helped.get(contact.pk),
            )
        )
    return entries


def snoozed_contacts(user, now: datetime) -> list[Contact]:
    return [row.contact for row in _queue_rows(user, now, snoozed=True)]


def review_counts_and_first(user_ids, now: datetime, first: int) -> dict[int, tuple[int, list[ContactLabel]]]:
    """For the digest of many members at once: per member, how many are under review
    (not snoozed) and the first few, longest in the label first. One query."""
    owner = F("label__owner_id")
    rows = (
        _review_rows_of(user_ids, now, snoozed=False)
        .select_related(None)
        .select_related("contact")
        .annotate(
            owner_id=owner,
            total=Window(Count("pk"), partition_by=[owner]),
            rank=Window(RowNumber(), partition_by=[owner], order_by=[F("added_at").asc(), F("contact_id").asc()]),
        )
        .filter(rank__lte=first)
        .order_by("owner_id", "rank")
    )
    found: dict[int, tuple[int, list]] = {user_id: (0, []) for user_id in user_ids}
    for row in rows:
        found[row.owner_id] = (row.total, found[row.owner_id][1] + [row])
    return found


# --- suggestions ---------------------------------------------------------------------


class Rule:
    INACTIVE = "inactive"
    ONE_SIDED = "one_sided"
    MET_ONCE = "met_once"
    CONTRACT = "contract_restricted"


RULE_LABELS = {
    Rule.INACTIVE: _("No interaction for a long time"),
    Rule.ONE_SIDED: _("One-sided: only you gave in the last five interactions"),
    Rule.MET_ONCE: _("Met once at an event, nothing since"),
    Rule.CONTRACT: _("Your contract restricts contact"),
}


# How telling each rule is on its own: a contract that forbids contact, or only giving,
# says more about a contact than a quiet year.
RULE_WEIGHT = {Rule.CONTRACT: 4, Rule.ONE_SIDED: 3, Rule.MET_ONCE: 2, Rule.INACTIVE: 1}


@dataclass
class Suggestion:
    contact: Contact
    rules: list[str]
    last_interaction: object = None
    quiet_since: date | None = None

    @property
    def reasons(self) -> list[str]:
        return [str(RULE_LABELS[rule]) for rule in self.rules]

    def telling_order(self) -> tuple:
        """Most telling first: more rules, then weightier rules, then the longest quiet."""
        weight = sum(RULE_WEIGHT[rule] for rule in self.rules)
        return (-len(self.rules), -weight, self.quiet_since or date.min, self.contact.pk)


def first_suggestions(suggestions: list["Suggestion"], profile, *, page: int = 1) -> tuple[list["Suggestion"], int]:
    """One page of the member's suggestions (their weekly number, most telling first) and
    how many come after it: the review page never lists hundreds at once."""
    size = profile.weekly_suggestions
    start = (max(page, 1) - 1) * size
    shown = suggestions[start : start + size]
    return shown, max(len(suggestions) - start - len(shown), 0)


def _one_sided_contact_ids(user_ids) -> set[int]:
    """One query: the last five interactions of each active contact (window function)."""
    ranked = (
        Interaction.objects.filter(owner__in=user_ids, contact__status=ContactStatus.ACTIVE)
        .annotate(rank=Window(RowNumber(), partition_by=[F("contact_id")], order_by=[F("date").desc(), F("id").desc()]))
        .filter(rank__lte=ONE_SIDED_WINDOW)
        .order_by("contact_id", "rank")
        .values_list("contact_id", "direction")
    )
    directions: dict[int, list[str]] = defaultdict(list)
    for contact_id, direction in ranked:
        directions[contact_id].append(direction)
    return {contact_id for contact_id, found in directions.items() if is_one_sided(found)}


def _enabled_rules(profile) -> dict[str, bool]:
    return {
        Rule.INACTIVE: profile.suggest_inactive,
        Rule.ONE_SIDED: profile.suggest_one_sided,
        Rule.MET_ONCE: profile.suggest_met_once,
        Rule.CONTRACT: profile.suggest_contract_restricted,
    }


def _inactive_cutoff(profile, now: datetime):
    today = now.astimezone(profile.zone).date()
    return today - timedelta(days=round(30.44 * profile.inactive_months))


def suggestions_for(user, profile, now: datetime) -> list[Suggestion]:
    """Contacts not under review that an enabled rule flags, least recent contact first."""
    return suggestions_for_members([profile], now)[profile.user_id]


def suggestions_for_members(profiles, now: datetime) -> dict[int, list[Suggestion]]:
    """Suggestions for many members at once (the digest batches): two queries at most,
    none when every rule is off. SQL narrows to a superset; each member's own switches
    and threshold are then applied to their own contacts."""
    found: dict[int, list[Suggestion]] = {profile.user_id: [] for profile in profiles}
    rules_of = {profile.user_id: _enabled_rules(profile) for profile in profiles}
    active = [profile for profile in profiles if any(rules_of[profile.user_id].values())]
    if not active:
        return found
    cutoffs = {profile.user_id: _inactive_cutoff(profile, now) for profile in active}
    zones = {profile.user_id: profile.zone for profile in active}
    today = min(now.astimezone(profile.zone).date() for profile in active)
    one_sided_ids = _one_sided_contact_ids(
        [p.user_id for p in active if rules_of[p.user_id][Rule.ONE_SIDED]]
    )

    event_since = Subquery(
        ContactLabel.objects.filter(contact=OuterRef("pk"), label__kind=LabelKind.EVENT)
        .order_by("added_at")
        .values("added_at")[:1]
    )
    restricted = Exists(
        ContactLabel.objects.filter(contact=OuterRef("pk"), label__restricts_contact=True).filter(
            Q(label__restricts_contact_until__isnull=True) | Q(label__restricts_contact_until__gte=today)
        )
    )
    under_review = Exists(ContactLabel.objects.filter(contact=OuterRef("pk"), label__kind=LabelKind.REVIEW))
    # Someone who helped the member in the last twelve months is never suggested for removal.
    helped_lately = helped_since(today - HELP_WINDOW)
    snoozed = Exists(ReviewDecision.objects.snoozing(now).filter(contact=OuterRef("pk")))

    wanted = Q(pk__in=[])
    if any(rules_of[p.user_id][Rule.INACTIVE] for p in active):
        loosest = max(cutoffs[p.user_id] for p in active if rules_of[p.user_id][Rule.INACTIVE])
        # A superset (a day of slack for the members' time zones); _is_inactive decides.
        tracked_before = datetime.combine(loosest + timedelta(days=1), time.min, tzinfo=UTC)
        wanted |= (
            Q(created_at__lt=tracked_before)
            & (Q(last_interaction__isnull=True) | Q(last_interaction__lt=loosest))
            & (Q(connected_on__isnull=True) | Q(connected_on__lt=loosest))
        )
    if one_sided_ids:
        wanted |= Q(pk__in=one_sided_ids)
    if any(rules_of[p.user_id][Rule.MET_ONCE] for p in active):
        wanted |= Q(event_since__lt=now - MET_ONCE_GRACE)
    if any(rules_of[p.user_id][Rule.CONTRACT] for p in active):
        wanted |= Q(restricted=True)

    candidates = (
        Contact.objects.filter(owner__in=[p.user_id for p in active], status=ContactStatus.ACTIVE)
        .annotate(
            last_interaction=Max("interactions__date"),
            event_since=event_since,
            restricted=restricted,
            under_review=under_review,
            snoozed=snoozed,
            helped_lately=helped_lately,
        )
        .filter(under_review=False, snoozed=False, helped_lately=False)
        .filter(wanted)
        .order_by("pk")
    )
    for contact in candidates:
        enabled = rules_of[contact.owner_id]
        rules = []
        if enabled[Rule.INACTIVE] and _is_inactive(contact, cutoffs[contact.owner_id], zones[contact.owner_id]):
            rules.append(Rule.INACTIVE)
        if contact.pk in one_sided_ids and enabled[Rule.ONE_SIDED]:
            rules.append(Rule.ONE_SIDED)
        if enabled[Rule.MET_ONCE] and _met_once(contact, now):
            rules.append(Rule.MET_ONCE)
        if enabled[Rule.CONTRACT] and contact.restricted:
            rules.append(Rule.CONTRACT)
        if rules:
            found[contact.owner_id].append(
                Suggestion(
                    contact=contact,
                    rules=rules,
                    last_interaction=contact.last_interaction,
                    quiet_since=_seen_last(contact, zones[contact.owner_id]),
                )
            )
    for suggestions in found.values():
        suggestions.sort(key=Suggestion.telling_order)
    return found


def _seen_last(contact, zone) -> date:
    """The last day Netwerk saw this contact alive: the later of the last interaction, the
    connection and the day Netwerk started tracking the contact."""
    seen = [contact.created_at.astimezone(zone).date()]
    seen += [day for day in (contact.last_interaction, contact.connected_on) if day is not None]
    return max(seen)


def _is_inactive(contact, cutoff, zone) -> bool:
    return _seen_last(contact, zone) < cutoff


def _met_once(contact, now) -> bool:
    if contact.event_since is None or contact.event_since >= now - MET_ONCE_GRACE:
        return False
    return contact.last_interaction is None or contact.last_interaction <= contact.event_since.date()
