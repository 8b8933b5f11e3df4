"""What the network does for the member, as plain functions of the member and a day.

- `help_balance(owner, contact)`: what a contact did for the member and the other way round.
- `helped_since(...)` / `helped_counts(...)`: who helped lately, for the review's evidence
  and its rule that a recent helper is never suggested for removal.
- `you_owe(owner, today)`: people whose help the member has not returned.
- `effectiveness(owner, today)`: the dashboard's figures over the last twelve months.

Every function takes a fixed number of queries, whatever the size of the network.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, DateField, Exists, F, Max, Min, OuterRef, Q, Subquery, Value

from contacts.models import ContactStatus

from .models import Ask, AskedPerson, Favour, Outcome, ask_title

WINDOW = timedelta(days=365)
# "You owe": someone helped you in the last WINDOW and you have given them nothing since
# that help, nor in the last OWE_AFTER.
OWE_AFTER = timedelta(days=182)
TOP_HELPERS = 5
# A label "never responds" once at least this many of its people were asked in the window.
SILENT_LABEL_MINIMUM = 2
# An answer that has not come after this long is shown as late.
LATE_AFTER = timedelta(days=14)


# --- one contact ------------------------------------------------------------------------


RECENT_SHOWN = 5


@dataclass(frozen=True)
class HelpRow:
    """One line of a contact's help history: an answer that helped, an open ask they have
    not answered, or a favour the member gave them."""

    pk: int
    ask_id: int | None
    text: str  # the ask's title, or what the member did
    detail: str  # what they helped with
    day: date

    @property
    def title(self) -> str:
        return ask_title(self.text)


@dataclass(frozen=True)
class HelpBalance:
    received_count: int
    given_count: int
    received: list  # the latest answers that helped (RECENT_SHOWN at most), newest first
    given: list  # the latest favours (RECENT_SHOWN at most), newest first
    waiting: list = field(default_factory=list)  # open asks they have not answered, oldest first

    @property
    def balance(self) -> int:
        """Positive: the member did more for them than they did for the member."""
        return self.given_count - self.received_count


# One round trip for the contact page: the latest rows of each kind with their totals
# (window functions), so only the rows shown travel. Table names are checked against the
# models by tests/asks/test_figures.py.
HELP_HISTORY_SQL = """
SELECT kind, id, ask_id, text, detail, day, total FROM (
    SELECT person.outcome AS kind, person.id AS id, person.ask_id AS ask_id, ask.text AS text,
           person.helped_with AS detail, COALESCE(person.answered_on, person.added_on) AS day,
           COUNT(*) OVER (PARTITION BY person.outcome) AS total,
           ROW_NUMBER() OVER (
               PARTITION BY person.outcome
               ORDER BY person.answered_on DESC NULLS LAST, person.added_on ASC, person.id DESC
           ) AS position
    FROM asks_askedperson person JOIN asks_ask ask ON ask.id = person.ask_id
    WHERE person.owner_id = %(owner)s AND person.contact_id = %(contact)s
      AND (person.outcome = %(helped)s OR (person.outcome = %(no_answer)s AND ask.closed_on IS NULL))
    UNION ALL
    SELECT %(favour)s, favour.id, NULL, favour.text, '', favour.given_on,
           COUNT(*) OVER (), ROW_NUMBER() OVER (ORDER BY favour.given_on DESC, favour.id DESC)
    FROM asks_favour favour
    WHERE favour.owner_id = %(owner)s AND favour.contact_id = %(contact)s
) AS history
WHERE position <= %(shown)s
ORDER BY kind, position
"""
FAVOUR = "favour"


def help_balance(owner, contact, *, shown: int = RECENT_SHOWN) -> HelpBalance:
    """How often each way, the latest few of each, and the open asks they have not
    answered yet: one query whatever the history."""
    params = {
        "owner": owner.pk,
        "contact": contact.pk,
        "helped": Outcome.HELPED,
        "no_answer": Outcome.NO_ANSWER,
        "favour": FAVOUR,
        "shown": shown,
    }
    rows: dict[str, list[HelpRow]] = {Outcome.HELPED: [], Outcome.NO_ANSWER: [], FAVOUR: []}
    totals: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(HELP_HISTORY_SQL, params)
        for kind, pk, ask_id, text, detail, day, total in cursor.fetchall():
            if isinstance(day, str):  # SQLite hands a date from UNION ALL back as text
                day = date.fromisoformat(day)
            rows[kind].append(HelpRow(pk, ask_id, text, detail, day))
            totals[kind] = total
    return HelpBalance(
        received_count=totals.get(Outcome.HELPED, 0),
        given_count=totals.get(FAVOUR, 0),
        received=rows[Outcome.HELPED],
        given=rows[FAVOUR],
        waiting=rows[Outcome.NO_ANSWER],
    )


# --- who helped -------------------------------------------------------------------------


def helped_since(since: date) -> Exists:
    """For a Contact queryset: has this contact helped the member on or after `since`?"""
    return Exists(
        AskedPerson.objects.filter(contact=OuterRef("pk"), outcome=Outcome.HELPED, answered_on__gte=since)
    )


@dataclass(frozen=True)
class TimesHelped:
    ever: int
    lately: int  # since the day asked for


def helped_counts(owner, contact_ids, *, since: date) -> dict[int, TimesHelped]:
    """How many times each of these contacts helped the member, ever and since `since`
    (contacts that never helped are left out). One query."""
    rows = (
        AskedPerson.objects.owned_by(owner)
        .helped()
        .filter(contact_id__in=list(contact_ids))
        .values("contact_id")
        .annotate(ever=Count("pk"), lately=Count("pk", filter=Q(answered_on__gte=since)))
        .order_by()
    )
    return {row["contact_id"]: TimesHelped(row["ever"], row["lately"]) for row in rows}


@dataclass(frozen=True)
class Helper:
    contact_id: int
    name: str
    times: int
    last_helped_on: date
    last_given_on: date | None = None


def _helpers(owner_ids, since: date):
    return (
        AskedPerson.objects.filter(
            owner_id__in=owner_ids,
            outcome=Outcome.HELPED,
            answered_on__gte=since,
            contact__status=ContactStatus.ACTIVE,
        )
        .values("owner_id", "contact_id", "contact__first_name", "contact__last_name")
        .annotate(times=Count("pk"), last=Max("answered_on"))
        .order_by()
    )


def _name(row) -> str:
    return " ".join(part for part in (row["contact__first_name"], row["contact__last_name"]) if part) or "–"


def helpers(owner, *, today: date) -> list[Helper]:
    """Everyone active who helped in the last twelve months, most help first."""
    rows = _helpers([owner.pk], today - WINDOW).order_by("-times", "-last", "contact_id")
    return [Helper(row["contact_id"], _name(row), row["times"], row["last"]) for row in rows]


def _owed(owner_ids, *, today: date):
    """Grouped rows of whom each member owes: helped in the last WINDOW, nothing given
    back since that help, nor in the last OWE_AFTER."""
    last_favour = Subquery(
        Favour.objects.filter(owner_id=OuterRef("owner_id"), contact_id=OuterRef("contact_id"))
        .order_by("-given_on")
        .values("given_on")[:1]
    )
    return (
        _helpers(owner_ids, today - WINDOW)
        .annotate(last_given=last_favour)
        .filter(Q(last_given__isnull=True) | (Q(last_given__lt=F("last")) & Q(last_given__lt=today - OWE_AFTER)))
    )


def you_owe_of_members(owner_ids, *, today: date) -> dict[int, list[Helper]]:
    """Per member: the active contacts they owe (see _owed), longest waiting first. One query."""
    found: dict[int, list[Helper]] = {owner_id: [] for owner_id in owner_ids}
    for row in _owed(owner_ids, today=today).order_by("owner_id", "last", "contact_id"):
        found[row["owner_id"]].append(
            Helper(row["contact_id"], _name(row), row["times"], row["last"], row["last_given"])
        )
    return found


def you_owe(owner, *, today: date) -> list[Helper]:
    return you_owe_of_members([owner.pk], today=today)[owner.pk]


# --- open asks ----------------------------------------------------------------------------


def answered() -> Exists:
    """For an Ask queryset: has anyone answered (helped or declined)?"""
    return Exists(AskedPerson.objects.filter(ask=OuterRef("pk")).exclude(outcome=Outcome.NO_ANSWER))


@dataclass(frozen=True)
class OverdueAsk:
    pk: int
    text: str
    due_on: date

    @property
    def title(self) -> str:
        return ask_title(self.text)

    def __str__(self) -> str:
        return self.title


def digest_asks_of_members(today_of: dict[int, date]) -> tuple[dict[int, list], dict[int, list]]:
    """For a batch of members (id -> the member's own today): the open asks past the date
    the answer was wanted by (oldest date first), and whom each owes (you_owe's rule),
    in one query (UNION ALL of the two) whatever the size of the batch."""
    overdue: dict[int, list[OverdueAsk]] = {owner_id: [] for owner_id in today_of}
    owed: dict[int, list[Helper]] = {owner_id: [] for owner_id in today_of}
    if not today_of:
        return overdue, owed
    owner_ids, latest = list(today_of), max(today_of.values())
    asks = (
        Ask.objects.filter(owner_id__in=owner_ids, closed_on__isnull=True, due_on__lt=latest)
        .annotate(
            row_kind=Value("overdue"),
            extra=Value(""),
            given=Value(None, output_field=DateField()),
            times=Value(0),
        )
        .values_list("row_kind", "owner_id", "id", "text", "extra", "due_on", "given", "times")
        .order_by()
    )
    helpers = (
        _owed(owner_ids, today=latest)
        .annotate(row_kind=Value("owe"))
        .values_list(
            "row_kind", "owner_id", "contact_id", "contact__first_name", "contact__last_name", "last", "last_given", "times"
        )
        .order_by()
    )
    # The union would take Ask's default ordering, by a column it does not select: none.
    rows = sorted(asks.union(helpers, all=True).order_by(), key=lambda row: (row[0], row[5], row[2]))
    for kind, owner_id, key, text, extra, day, given, times in rows:
        if kind == "overdue":
            if day < today_of[owner_id]:
                overdue[owner_id].append(OverdueAsk(key, text, day))
        else:
            name = " ".join(part for part in (text, extra) if part) or "–"
            owed[owner_id].append(Helper(key, name, times, day, given))
    return overdue, owed


# --- the dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelResponse:
    label_id: int
    name: str
    asked: int
    answered: int
    helped: int

    @property
    def share(self) -> int:
        return round(100 * self.answered / self.asked) if self.asked else 0


@dataclass(frozen=True)
class Effectiveness:
    asked: int  # people asked privately in the window
    answered: int  # of whom answered (helped or declined)
    helped: int  # of whom helped
    public_asks: int
    public_acted: int  # people who did something for a public ask
    top_helpers: list = field(default_factory=list)
    helper_count: int = 0
    responding_labels: list = field(default_factory=list)
    silent_labels: list = field(default_factory=list)
    open_unanswered: int = 0
    oldest_unanswered: date | None = None
    overdue: int = 0
    owe: list = field(default_factory=list)

    @property
    def answered_share(self) -> int:
        return round(100 * self.answered / self.asked) if self.asked else 0

    @property
    def helped_share(self) -> int:
        return round(100 * self.helped / self.asked) if self.asked else 0

    @property
    def anything(self) -> bool:
        return bool(self.asked or self.public_asks or self.open_unanswered or self.owe)


def effectiveness(owner, *, today: date) -> Effectiveness:
    """The last twelve months of asks: six queries."""
    since = today - WINDOW
    people = AskedPerson.objects.owned_by(owner).filter(added_on__gte=since)
    private = people.filter(ask__public=False)
    totals = private.aggregate(
        asked=Count("pk"),
        answered=Count("pk", filter=~Q(outcome=Outcome.NO_ANSWER)),
        helped=Count("pk", filter=Q(outcome=Outcome.HELPED)),
    )
    public = Ask.objects.owned_by(owner).filter(public=True, asked_on__gte=since).aggregate(
        asks=Count("pk", distinct=True), acted=Count("people", filter=Q(people__outcome=Outcome.HELPED))
    )
    every_helper = helpers(owner, today=today)
    by_label = (
        private.filter(contact__isnull=False, contact__contact_labels__isnull=False)
        .values("contact__contact_labels__label_id", "contact__contact_labels__label__name")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=~Q(outcome=Outcome.NO_ANSWER)),
            helped=Count("pk", filter=Q(outcome=Outcome.HELPED)),
        )
        .order_by()
    )
    labels = [
        LabelResponse(
            row["contact__contact_labels__label_id"],
            row["contact__contact_labels__label__name"],
            row["asked"],
            row["answered"],
            row["helped"],
        )
        for row in by_label
    ]
    open_asks = (
        Ask.objects.owned_by(owner)
        .open()
        .alias(was_answered=answered())
        .filter(was_answered=False)
        .aggregate(count=Count("pk"), oldest=Min("asked_on"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    return Effectiveness(
        asked=totals["asked"],
        answered=totals["answered"],
        helped=totals["helped"],
        public_asks=public["asks"],
        public_acted=public["acted"],
        top_helpers=every_helper[:TOP_HELPERS],
        helper_count=len(every_helper),
        responding_labels=sorted(
            (label for label in labels if label.answered),
            key=lambda label: (-label.share, -label.answered, label.name.lower()),
        )[:TOP_HELPERS],
        silent_labels=sorted(
            (label for label in labels if not label.answered and label.asked >= SILENT_LABEL_MINIMUM),
            key=lambda label: (-label.asked, label.name.lower()),
        ),
        open_unanswered=open_asks["count"],
        oldest_unanswered=open_asks["oldest"],
        overdue=open_asks["overdue"],
        owe=you_owe(owner, today=today),
    )
