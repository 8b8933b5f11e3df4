"""The dashboard's review-decision figures: what the member decided about the contacts
under review, per week, for the stacked chart."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from reviews.models import Action, RemovalReason, ReviewDecision

from .charts import Part, stacked_column_chart

DECISION_WEEKS = 12


@dataclass(frozen=True)
class DecisionCount:
    week: date
    reason: str
    reason_label: str
    count: int


KEPT = "kept"


def recent_decisions(user, *, since: datetime) -> list[DecisionCount]:
    """Review decisions taken since `since`, counted per week (Monday, in the member's
    time zone) and reason: removals by their reason, keeps as "kept". Snoozes, restores
    and suggestions are not verdicts and stay out. One grouped query."""
    rows = (
        ReviewDecision.objects.owned_by(user)
        .filter(action__in=(Action.KEEP, Action.REMOVE), decided_at__gte=since)
        .annotate(week=TruncWeek("decided_at"))
        .values("week", "action", "reason")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[date, str], int] = {}
    for row in rows:
        reason = KEPT if row["action"] == Action.KEEP else (row["reason"] or RemovalReason.OTHER)
        key = (timezone.localtime(row["week"]).date(), reason)
        counts[key] = counts.get(key, 0) + row["count"]
    labels = {KEPT: Action.KEEP.label, **dict(RemovalReason.choices)}
    return [
        DecisionCount(week=week, reason=reason, reason_label=str(labels[reason]), count=count)
        for (week, reason), count in sorted(counts.items())
    ]


def first_chart_week(today: date, weeks: int = DECISION_WEEKS) -> datetime:
    """The start (local midnight) of the oldest week the decisions chart shows."""
    monday = today - timedelta(days=today.weekday())
    return timezone.make_aware(datetime.combine(monday - timedelta(weeks=weeks - 1), time.min))


def decisions_by_week(decisions: list[DecisionCount], *, today: date, weeks: int = DECISION_WEEKS):
    """Columns for the last `weeks` weeks (Monday first), each a stack of parts per reason."""
    reasons = sorted({(d.reason, d.reason_label) for d in decisions})
    fill_of = {reason: index % 6 + 1 for index, (reason, _label) in enumerate(reasons)}
    monday = today - timedelta(days=today.weekday())
    counts = {(d.week, d.reason): d.count for d in decisions}
    columns = []
    for back in range(weeks - 1, -1, -1):
        week = monday - timedelta(weeks=back)
        parts = [
            Part(key=reason, label=label, count=counts.get((week, reason), 0), fill=fill_of[reason])
            for reason, label in reasons
        ]
        columns.append((week, parts))
    legend = [
        Part(key=reason, label=label, count=sum(d.count for d in decisions if d.reason == reason), fill=fill_of[reason])
        for reason, label in reasons
    ]
    return stacked_column_chart(columns), legend
