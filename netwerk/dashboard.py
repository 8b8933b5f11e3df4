"""The member's home: the network's health at a glance.

Each figure is a plain function of the member (and of "now", so tests can freeze time),
computed in one query whatever the size of the network; archived contacts never count.
`dashboard_context` gathers them for the template; every figure carries the URL of the
list behind it, with the query-string filter that list honours.

Counting a network of 30,000 contacts takes a few hundred milliseconds of database work,
so the figures are cached per member (`cached_network_figures`). Any save or delete of a
contact, label, interaction, invitation or review decision forgets them at once
(netwerk/signals.py); bulk writes that send no signals call
`netwerk.lib.cache.forget_member_figures(user)` (here also `forget_dashboard`), and the cache lives at most
DASHBOARD_CACHE_SECONDS whatever happens. Just past 400 lines because the figures share
one cache and one context: the decisions chart already lives in dashboard_decisions.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, DateField, Exists, F, Min, OuterRef, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asks.figures import effectiveness
from contacts.models import Contact, ContactLabel, ContactStatus, Interaction, Label, LabelKind
from contacts.reciprocity import KIND_CONDITIONS, ReciprocityKind, interaction_counts
from contacts.search import joined_on
from invitations.models import OPEN_INCOMING_STATES, OPEN_STATES, IncomingInvitation, IncomingState, Invitation, InvitationState
from netwerk.lib.cache import CACHE_ERRORS, figures_key, figures_version_key, forget_member_figures
from netwerk.lib.dates import month_start
from reviews import keep_in_touch

from .charts import Part, bar_rows, column_chart, stacked_bar
from .dashboard_decisions import DECISION_WEEKS, decisions_by_week, first_chart_week, recent_decisions

logger = logging.getLogger(__name__)

DASHBOARD_CACHE_SECONDS = 60
TREND_MONTHS = 12
LABELS_SHOWN = 10

# Ages of an open item, in days: the review label is meant to be looked at every other
# week (tip 4 of the seed article), so anything older than four weeks is overdue.
AGE_BUCKETS = (
    ("week", 7, _("Less than a week")),
    ("fortnight", 14, _("1 to 2 weeks")),
    ("month", 28, _("2 to 4 weeks")),
    ("older", None, _("More than 4 weeks")),
)


def list_url(name: str, **filters) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(filters)}" if filters else url


def active_contacts(user):
    return Contact.objects.owned_by(user).filter(status=ContactStatus.ACTIVE)


# --- contacts: size, labelled against unlabelled, trend -------------------------------


@dataclass(frozen=True)
class ContactCounts:
    total: int
    unlabelled: int

    @property
    def labelled(self) -> int:
        return self.total - self.unlabelled


def contacts_per_month(user) -> dict[date, tuple[int, int]]:
    """Active contacts per month they joined the network (the connection date from
    LinkedIn, else the day the contact was added): (how many, how many without a label).
    One pass over the contacts gives the size, the unlabelled count and the trend."""
    joined = joined_on()
    has_label = Exists(ContactLabel.objects.filter(contact=OuterRef("pk")))
    rows = (
        active_contacts(user)
        .annotate(month=TruncMonth(joined, output_field=DateField()))
        .values("month")
        .annotate(added=Count("pk"), unlabelled=Count("pk", filter=~has_label))
        .order_by()
    )
    return {row["month"]: (row["added"], row["unlabelled"]) for row in rows}


def contact_counts(user, *, per_month: dict | None = None) -> ContactCounts:
    """How many active contacts, and how many of them carry no label at all."""
    per_month = contacts_per_month(user) if per_month is None else per_month
    return ContactCounts(
        total=sum(added for added, _ in per_month.values()),
        unlabelled=sum(unlabelled for _, unlabelled in per_month.values()),
    )


@dataclass(frozen=True)
class Month:
    month: date
    added: int
    total: int


def contacts_by_month(
    user, *, today: date, months: int = TREND_MONTHS, per_month: dict | None = None
) -> list[Month]:
    """New connections per month over the last `months` months, with the running total
    at each month's end."""
    per_month = contacts_per_month(user) if per_month is None else per_month
    first = month_start(today, -(months - 1))
    running = sum(added for month, (added, _) in per_month.items() if month < first)
    result = []
    for back in range(months - 1, -1, -1):
        month = month_start(today, -back)
        added = per_month.get(month, (0, 0))[0]
        running += added
        result.append(Month(month=month, added=added, total=running))
    return result


# --- labels ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelCount:
    label: Label
    count: int


def contacts_per_label(user) -> list[LabelCount]:
    """Every label of the member with its number of active contacts, largest first."""
    labels = Label.objects.owned_by(user).annotate(
        active_count=Count("label_contacts", filter=Q(label_contacts__contact__status=ContactStatus.ACTIVE))
    )
    counted = [LabelCount(label=label, count=label.active_count) for label in labels]
    return sorted(counted, key=lambda item: (-item.count, item.label.name.lower()))


# --- reciprocity --------------------------------------------------------------------------


def reciprocity_counts(user, *, total_contacts: int) -> dict[str, int]:
    """How many active contacts have each reciprocity (contacts.reciprocity's rule)."""
    per_contact = interaction_counts(Interaction.objects.owned_by(user).filter(contact__status=ContactStatus.ACTIVE))
    row = per_contact.aggregate(
        with_interactions=Count("contact_id"),
        **{kind: Count("contact_id", filter=condition) for kind, condition in KIND_CONDITIONS.items()},
    )
    counts = {kind: row[kind] for kind in KIND_CONDITIONS}
    counts[ReciprocityKind.NONE] = max(0, total_contacts - row["with_interactions"])
    return counts


# --- the review label ------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewSummary:
    label: Label | None
    total: int
    by_age: dict[str, int]
    oldest_added_at: datetime | None

    @property
    def overdue(self) -> int:
        return self.by_age.get("older", 0)


def age_filters(field_name: str, now: datetime) -> dict[str, Count]:
    """Count() per AGE_BUCKETS entry of a datetime field, for one aggregate query."""
    counts, newer_than = {}, None
    for key, days, _label in AGE_BUCKETS:
        condition = Q()
        if days is not None:
            condition &= Q(**{f"{field_name}__gt": now - timedelta(days=days)})
        if newer_than is not None:
            condition &= Q(**{f"{field_name}__lte": now - timedelta(days=newer_than)})
        counts[key] = Count("pk", filter=condition)
        newer_than = days
    return counts


def review_summary(user, *, labels: list[LabelCount], now: datetime) -> ReviewSummary:
    """The review label ("Verwijderen?"): how many active contacts wait in it and for how long."""
    label = next((item.label for item in labels if item.label.kind == LabelKind.REVIEW), None)
    if label is None:
        return ReviewSummary(label=None, total=0, by_age={key: 0 for key, *_ in AGE_BUCKETS}, oldest_added_at=None)
    row = ContactLabel.objects.filter(label=label, contact__status=ContactStatus.ACTIVE).aggregate(
        total=Count("pk"), oldest=Min("added_at"), **age_filters("added_at", now)
    )
    return ReviewSummary(
        label=label,
        total=row["total"],
        by_age={key: row[key] for key, *_ in AGE_BUCKETS},
        oldest_added_at=row["oldest"],
    )


# --- invitations: incoming (triage) and outgoing ------------------------------------------


@dataclass(frozen=True)
class StateRow:
    state: str
    label: str
    count: int
    url: str
    by_age: dict[str, int]
    oldest: datetime | None
    is_open: bool




def _state_rows(queryset, states, open_states, age_field, url_name, now) -> list[StateRow]:
    rows = {
        row["state"]: row
        for row in queryset.annotate(since=age_field)
        .values("state")
        .annotate(count=Count("pk"), oldest=Min("since"), **age_filters("since", now))
        .order_by()
    }
    result = []
    for state in states:
        row = rows.get(state.value, {})
        result.append(
            StateRow(
                state=state.value,
                label=state.label,
                count=row.get("count", 0),
                url=list_url(url_name, state=state.value),
                by_age={key: row.get(key, 0) for key, *_ in AGE_BUCKETS},
                oldest=row.get("oldest"),
                is_open=state in open_states,
            )
        )
    return result


def triage_by_state(user, *, now: datetime) -> list[StateRow]:
    """Incoming invitations per state, with how long the open ones have waited."""
    return _state_rows(
        IncomingInvitation.objects.owned_by(user),
        IncomingState,
        OPEN_INCOMING_STATES,
        F("received_at"),
        "invitations:incoming_list",
        now,
    )


def invitations_by_state(user, *, now: datetime) -> list[StateRow]:
    """Outgoing invitations per state; age since sending (drafts: since writing)."""
    return _state_rows(
        Invitation.objects.owned_by(user),
        InvitationState,
        OPEN_STATES,
        Coalesce("sent_at", "created_at"),
        "invitations:list",
        now,
    )


# --- everything together ----------------------------------------------------------------


def age_parts(by_age: dict[str, int], url: str = "") -> list[Part]:
    return [
        Part(key=key, label=label, count=by_age.get(key, 0), url=url, fill=index + 1)
        for index, (key, _days, label) in enumerate(AGE_BUCKETS)
    ]


def network_figures(user, *, now: datetime) -> dict:
    """Every figure of the dashboard that needs counting, in a fixed number of queries."""
    per_month = contacts_per_month(user)
    counts = contact_counts(user, per_month=per_month)
    labels = contacts_per_label(user)
    return {
        "counts": counts,
        "months": contacts_by_month(user, today=timezone.localdate(now), per_month=per_month),
        "labels": labels,
        "review": review_summary(user, labels=labels, now=now),
        "reciprocity": reciprocity_counts(user, total_contacts=counts.total),
        "triage": triage_by_state(user, now=now),
        "invitations": invitations_by_state(user, now=now),
        "decisions": recent_decisions(user, since=first_chart_week(timezone.localdate(now))),
        "asks": effectiveness(user, today=timezone.localdate(now)),
        "touch": keep_in_touch.summary(user, timezone.localdate(now)),
    }


forget_dashboard = forget_member_figures


def cached_network_figures(user, *, now: datetime) -> dict:
    """network_figures, cached per member and per language-independent version. A write
    forgets the version rather than the figures, so a count running while the data
    changes can never store stale figures under the version readers will ask for.
    With the cache unreachable (Redis down) the figures are simply counted afresh."""
    try:
        return _cached_network_figures(user, now=now)
    except CACHE_ERRORS:
        logger.warning("cache unavailable: counting the dashboard afresh", exc_info=True)
        return network_figures(user, now=now)


def _cached_network_figures(user, *, now: datetime) -> dict:
    version_key = figures_version_key(user.pk)
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, DASHBOARD_CACHE_SECONDS)
        version = cache.get(version_key)
    key = figures_key(user.pk, version, timezone.get_current_timezone_name())
    figures = cache.get(key)
    if figures is None:
        figures = network_figures(user, now=now)
        cache.set(key, figures, DASHBOARD_CACHE_SECONDS)
    return figures


def dashboard_context(user, *, now: datetime | None = None, use_cache: bool = True) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    profile = user.profile
    figures = cached_network_figures(user, now=now) if use_cache else network_figures(user, now=now)
    counts, months, labels = figures["counts"], figures["months"], figures["labels"]
    review, reciprocity = figures["review"], figures["reciprocity"]
    triage, invitations = figures["triage"], figures["invitations"]
    decisions = figures["decisions"]
    decision_chart, decision_legend = decisions_by_week(decisions, today=today)
    contacts_url = reverse("contacts:list")
    shown_labels = [item for item in labels if item.count][:LABELS_SHOWN]
    trend_chart = column_chart(
        [(m.month, m.added, list_url("contacts:list", connected=m.month.strftime("%Y-%m"))) for m in months]
    )

    return {
        "counts": counts,
        "contacts_url": contacts_url,
        "labelling": stacked_bar(
            [
                Part("labelled", _("With a label"), counts.labelled, list_url("contacts:list", labelled=1), 1),
                Part("unlabelled", _("Without a label"), counts.unlabelled, list_url("contacts:list", unlabelled=1), 5),
            ]
        ),
        "months": months,
        "added_in_window": sum(month.added for month in months),
        "trend_chart": trend_chart,
        "trend_rows": [(month, column.url) for month, column in zip(months, trend_chart.columns, strict=True)],
        "label_rows": bar_rows(
            [
                (item.label.name, item.count, list_url("contacts:list", label=item.label.pk), item.label)
                for item in shown_labels
            ]
        ),
        "labels_total": len(labels),
        "labels_hidden": max(0, len([item for item in labels if item.count]) - LABELS_SHOWN),
        "empty_labels": sum(1 for item in labels if not item.count),
        "reciprocity": stacked_bar(
            [
                Part(key, ReciprocityKind.LABELS[key], reciprocity[key], list_url("contacts:list", reciprocity=key), fill)
                for key, fill in (
                    (ReciprocityKind.ONE_SIDED, 5),
                    (ReciprocityKind.BALANCED, 2),
                    (ReciprocityKind.RECEIVE_MORE, 1),
                    (ReciprocityKind.NONE, 6),
                )
            ]
        ),
        "review": review,
        "review_url": reverse("reviews:queue"),
        "review_ages": stacked_bar(age_parts(review.by_age, reverse("reviews:queue"))),
        "decisions": decisions,
        "decisions_url": reverse("reviews:history"),
        "decision_chart": decision_chart,
        "decision_legend": decision_legend,
        "decision_weeks": DECISION_WEEKS,
        "triage_open": sum(row.count for row in triage if row.is_open),
        "triage_rows": bar_rows([(row.label, row.count, row.url, row) for row in triage]),
        "triage_url": reverse("invitations:triage"),
        "invitations_open": sum(row.count for row in invitations if row.is_open),
        "invitation_rows": bar_rows([(row.label, row.count, row.url, row) for row in invitations]),
        "invitations_url": reverse("invitations:list"),
        "asks": figures["asks"],
        "touch": figures["touch"],
        "touch_url": reverse("reviews:keep_in_touch"),
        "asks_urls": {
            "list": reverse("asks:list"),
            "unanswered": list_url("asks:list", state="unanswered"),
            "overdue": list_url("asks:list", state="overdue"),
            "helpers": list_url("asks:people", show="helpers"),
            "owe": list_url("asks:people", show="owe"),
            "waiting": list_url("asks:people", show="waiting"),
        },
        "profile": profile,
        "next_digest_at": profile.next_digest_at,
        "settings_url": reverse("accounts:settings"),
        "now": now,
    }
