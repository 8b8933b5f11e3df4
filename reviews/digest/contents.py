"""What a digest says: the contents for one member or for a whole batch (Zulip's
`bulk_get_digest_context` shape: a fixed number of queries whatever the batch size), and
the template context of the e-mail and the preview page."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Exists, JSONField, OuterRef, Subquery
from django.urls import reverse

from asks.figures import digest_asks_of_members
from contacts import key_dates
from contacts.models import REVIEW_LABEL_NAMES, Contact, JobChange, KeyDate, Label, LabelKind
from invitations.models import IncomingInvitation, IncomingState, Invitation
from netwerk.accounts.models import Profile

from .. import keep_in_touch
from ..links import absolute, action_url, unsubscribe_url
from ..models import DeliveryState, DigestDelivery
from ..rules import RULE_LABELS, Suggestion, review_counts_and_first, suggestions_for_members

FIRST_UNDER_REVIEW = 5
FIRST_SUGGESTIONS = 5
FIRST_INVITATIONS = 5
FIRST_ASKS = 5
FIRST_JOB_CHANGES = 5
FIRST_TOUCH_DUE = 5
# Without a previous digest, the job changes of the last week are news.
JOB_CHANGES_FIRST_WINDOW = timedelta(days=7)


@dataclass
class DigestContent:
    under_review_count: int = 0
    under_review: list = field(default_factory=list)
    suggestion_count: int = 0  # every current suggestion
    new_suggestions: list = field(default_factory=list)  # the first few new ones, listed
    new_suggestion_count: int = 0
    new_since: datetime | None = None  # the previous digest's slot; None: the first, all are new
    suggested: dict = field(default_factory=dict)  # recorded on the delivery: {rule: [contact ids]}
    new_suggestion_ids: list = field(default_factory=list)  # recorded on the delivery
    incoming_pending: list = field(default_factory=list)
    incoming_pending_count: int = 0
    awaiting_answer: list = field(default_factory=list)
    awaiting_answer_count: int = 0
    follow_ups: list = field(default_factory=list)
    follow_up_count: int = 0
    review_label: str = ""
    overdue_asks: list = field(default_factory=list)  # open asks past their date: {"ask", "url"}
    overdue_ask_count: int = 0
    owe: list = field(default_factory=list)  # helped, got nothing back (asks.figures): {"helper", "url"}
    owe_count: int = 0
    # Contacts with a new job since the previous digest: a good moment to get in touch.
    job_changes: list = field(default_factory=list)  # {"change", "url"}
    job_change_count: int = 0
    touch_due: list = field(default_factory=list)  # {"contact", "url", "done_url", "snooze_url"}
    touch_due_count: int = 0
    key_dates: list = field(default_factory=list)  # {"item": KeyDate with falls_on, "url"}: this week

    # Every list shows its first few; these say how many more its count holds.
    @property
    def more_under_review(self) -> int:
        return self.under_review_count - len(self.under_review)

    @property
    def more_new_suggestions(self) -> int:
        return self.new_suggestion_count - len(self.new_suggestions)

    @property
    def more_incoming_pending(self) -> int:
        return self.incoming_pending_count - len(self.incoming_pending)

    @property
    def more_awaiting_answer(self) -> int:
        return self.awaiting_answer_count - len(self.awaiting_answer)

    @property
    def more_follow_ups(self) -> int:
        return self.follow_up_count - len(self.follow_ups)

    @property
    def more_overdue_asks(self) -> int:
        return self.overdue_ask_count - len(self.overdue_asks)

    @property
    def more_owe(self) -> int:
        return self.owe_count - len(self.owe)

    @property
    def more_job_changes(self) -> int:
        return self.job_change_count - len(self.job_changes)

    @property
    def more_touch_due(self) -> int:
        return self.touch_due_count - len(self.touch_due)

    @property
    def earlier_suggestion_count(self) -> int:
        return self.suggestion_count - self.new_suggestion_count

    def record_on(self, delivery: DigestDelivery) -> DigestDelivery:
        delivery.suggested = self.suggested
        delivery.new_suggestions = self.new_suggestion_ids
        delivery.new_since = self.new_since
        return delivery

    @property
    def is_empty(self) -> bool:
        return not (
            self.under_review_count
            or self.suggestion_count
            or self.incoming_pending_count
            or self.awaiting_answer_count
            or self.follow_up_count
            or self.overdue_ask_count
            or self.owe_count
            or self.job_change_count
            or self.touch_due_count
            or self.key_dates
        )


# --- what a member's digest reads ---------------------------------------------------------


def incoming_waiting(user, now: datetime) -> tuple[list, list]:
    """Incoming invitations waiting for triage, and those whose sender has not answered
    my reply for 14 days."""
    return incoming_waiting_for([user.pk], now)[user.pk]


def incoming_waiting_for(user_ids, now: datetime) -> dict[int, tuple[list, list]]:
    """The same for many members: one query. "Too long" is the triage app's rule, here
    scoped to the batch."""
    found: dict[int, tuple[list, list]] = {user_id: ([], []) for user_id in user_ids}
    batch = IncomingInvitation.objects.filter(owner__in=user_ids)
    rows = (
        (batch.filter(state=IncomingState.PENDING) | batch.answer_overdue(now))
        .order_by("received_at", "pk")
        .only("owner_id", "name", "state", "received_at", "replied_at")
    )
    for row in rows:
        pending, awaiting = found[row.owner_id]
        (pending if row.state == IncomingState.PENDING else awaiting).append(row)
    return found


def outgoing_needing_follow_up(user_ids, now: datetime) -> dict[int, list]:
    """Invitations to follow up or withdraw, per member: one query. The rule is the
    compose app's, here scoped to the batch."""
    found: dict[int, list] = {user_id: [] for user_id in user_ids}
    rows = (
        Invitation.objects.filter(owner__in=user_ids)
        .follow_up_due(now)
        .order_by("sent_at", "pk")
        .only("owner_id", "recipient_name", "sent_at")
    )
    for row in rows:
        found[row.owner_id].append(row)
    return found


def job_changes_since_previous_digest(profiles: list[Profile], now: datetime) -> dict[int, list]:
    """Job changes noticed since each member's previous digest (the last week for a
    first one), newest first: one query for the batch. The day is the member's own."""
    since = {}
    for profile in profiles:
        start = getattr(profile, "previous_digest_slot", None) or now - JOB_CHANGES_FIRST_WINDOW
        since[profile.user_id] = start.astimezone(profile.zone).date()
    found: dict[int, list] = {user_id: [] for user_id in since}
    # Profiles from digest_profiles carry their latest job change: a batch without a
    # recent one costs no query.
    since = {
        profile.user_id: since[profile.user_id]
        for profile in profiles
        if not hasattr(profile, "latest_job_change_on")
        or (profile.latest_job_change_on is not None and profile.latest_job_change_on >= since[profile.user_id])
    }
    if not since:
        return found
    rows = (
        JobChange.objects.filter(owner__in=list(since), noticed_on__gte=min(since.values()), contact__status="active")
        .select_related("contact")
        .only("owner_id", "noticed_on", "company", "position", "company_before", "position_before",
              "contact__first_name", "contact__last_name", "contact__profile_url")
        .order_by("-noticed_on", "-pk")
    )
    for row in rows:
        if row.noticed_on >= since[row.owner_id]:
            found[row.owner_id].append(row)
    return found


def with_review_label_name(profiles):
    """Profiles annotated with the name of the member's own review label (a member may
    rename "Verwijderen?"), so the digest names it without a query of its own."""
    return profiles.annotate(
        review_label_name=Subquery(
            Label.objects.filter(owner=OuterRef("user_id"), kind=LabelKind.REVIEW).values("name")[:1]
        )
    )


def review_label_names(profiles: list[Profile]) -> dict[int, str]:
    """The review label's name per member: from the annotation when the profiles carry it,
    else one query; a member without the label yet gets the name it will be created with."""
    names = {p.user_id: p.review_label_name for p in profiles if getattr(p, "review_label_name", None)}
    missing = [p.user_id for p in profiles if not hasattr(p, "review_label_name")]
    if missing:
        names.update(
            Label.objects.filter(owner__in=missing, kind=LabelKind.REVIEW).values_list("owner_id", "name")
        )
    for profile in profiles:
        names.setdefault(profile.user_id, REVIEW_LABEL_NAMES.get(profile.language, REVIEW_LABEL_NAMES["en"]))
    return names


def with_previous_digest(profiles):
    """Profiles annotated with the member's previous digest (the latest `sent` or `empty`
    delivery): its slot and what it suggested, so the new suggestions cost no query."""
    previous = DigestDelivery.objects.filter(
        owner=OuterRef("user_id"), state__in=[DeliveryState.SENT, DeliveryState.EMPTY]
    ).order_by("-slot", "-pk")
    return profiles.annotate(
        previous_digest_slot=Subquery(previous.values("slot")[:1]),
        previous_suggested=Subquery(previous.values("suggested")[:1], output_field=JSONField()),
    )


def with_latest_job_change(profiles):
    """Profiles annotated with the day of the member's latest job change noticed."""
    latest = JobChange.objects.filter(owner=OuterRef("user_id")).order_by("-noticed_on").values("noticed_on")[:1]
    return profiles.annotate(latest_job_change_on=Subquery(latest))


def with_first_touch_due(profiles):
    """Profiles annotated with the member's earliest keep-in-touch date (an index scan)."""
    first = (
        Contact.objects.filter(owner=OuterRef("user_id"), touch_due_on__isnull=False)
        .order_by("touch_due_on")
        .values("touch_due_on")[:1]
    )
    return profiles.annotate(first_touch_due_on=Subquery(first))


def with_key_dates(profiles):
    """Profiles annotated with whether the member keeps any dates that matter."""
    return profiles.annotate(has_key_dates=Exists(KeyDate.objects.filter(owner=OuterRef("user_id"))))


def digest_profiles(profiles):
    """Profiles with everything the contents read from them, in the same query."""
    return with_key_dates(with_first_touch_due(
        with_latest_job_change(with_previous_digest(with_review_label_name(profiles)))
    )).select_related("user")


def key_dates_this_week(profiles: list[Profile], today_of: dict) -> dict[int, list]:
    """Each member's dates that matter falling in their week (Monday to Sunday): one query
    per distinct week in the batch (one, nearly always), none when no member in the batch
    keeps dates (digest_profiles says so)."""
    found: dict[int, list] = {profile.user_id: [] for profile in profiles}
    members_by_week: dict = {}
    for profile in profiles:
        if getattr(profile, "has_key_dates", True):
            members_by_week.setdefault(key_dates.week_of(today_of[profile.user_id]), []).append(profile.user_id)
    for week, user_ids in members_by_week.items():
        for item in key_dates.falling_between(user_ids, week):
            found[item.owner_id].append(item)
    return found


# --- what is new among the suggestions ---------------------------------------------------


def recorded(suggestions: list[Suggestion]) -> dict[str, list[int]]:
    """Every current suggestion as a delivery records it: {rule: [contact ids]}."""
    found: dict[str, list[int]] = {}
    for suggestion in suggestions:
        for rule in suggestion.rules:
            found.setdefault(rule, []).append(suggestion.contact.pk)
    return found


def new_among(suggestions: list[Suggestion], previous: dict | None) -> list[Suggestion]:
    """The suggestions a rule makes now that it did not make in the previous digest (a
    contact flagged again for another reason is news). No record: all are new."""
    if previous is None:
        return list(suggestions)
    seen = {(contact_id, rule) for rule, contact_ids in previous.items() for contact_id in contact_ids}
    return [s for s in suggestions if any((s.contact.pk, rule) not in seen for rule in s.rules)]


def suggestions_said(delivery: DigestDelivery) -> list[Suggestion]:
    """The new suggestions a delivery listed, read back for a retry or a resend: one query.
    A contact purged since is left out; the rules are in their usual order."""
    listed = delivery.new_suggestions[:FIRST_SUGGESTIONS]
    contacts = Contact.objects.filter(owner_id=delivery.owner_id).in_bulk(listed)
    suggested_by = {rule: set(contact_ids) for rule, contact_ids in (delivery.suggested or {}).items()}

    def rules_of(contact_id):
        return [rule for rule in RULE_LABELS if contact_id in suggested_by.get(rule, ())]

    return [Suggestion(contact=contacts[pk], rules=rules_of(pk)) for pk in listed if pk in contacts]


def _suggestion_fields(profile: Profile, suggestions: list[Suggestion]) -> dict:
    # The week's short list, as on the review page: the member's weekly number, most
    # telling first; the rest wait for a later week instead of swelling the e-mail.
    suggestions = suggestions[: profile.weekly_suggestions]
    previous = getattr(profile, "previous_suggested", None)
    new = new_among(suggestions, previous)
    return {
        "suggestion_count": len(suggestions),
        "new_suggestions": new[:FIRST_SUGGESTIONS],
        "new_suggestion_count": len(new),
        "new_since": profile.previous_digest_slot if previous is not None else None,
        "suggested": recorded(suggestions),
        "new_suggestion_ids": [s.contact.pk for s in new],
    }


def _said_fields(delivery: DigestDelivery) -> dict:
    return {
        "suggestion_count": len({c for contact_ids in delivery.suggested.values() for c in contact_ids}),
        "new_suggestions": suggestions_said(delivery),
        "new_suggestion_count": len(delivery.new_suggestions),
        "new_since": delivery.new_since,
        "suggested": delivery.suggested,
        "new_suggestion_ids": delivery.new_suggestions,
    }


# --- the contents -----------------------------------------------------------------------


def digest_content(profile: Profile, now: datetime, delivery: DigestDelivery | None = None) -> DigestContent:
    """One member's digest. With a delivery that recorded its suggestions (a retry), those
    are what it says about suggestions; the rest is current."""
    said = {profile.user_id: delivery} if delivery is not None and delivery.suggested is not None else {}
    return bulk_digest_content([profile], now, said=said)[profile.user_id]


def bulk_digest_content(profiles: list[Profile], now: datetime, said: dict | None = None) -> dict[int, DigestContent]:
    """Everything the digests of these members say, in five queries whatever their number
    (and whatever the number of their contacts). Profiles come from `digest_profiles`;
    `said` maps members to a delivery whose recorded suggestions are repeated instead of
    worked out again."""
    said = said or {}
    user_ids = [profile.user_id for profile in profiles]
    label_names = review_label_names(profiles)
    reviews = review_counts_and_first(user_ids, now, FIRST_UNDER_REVIEW)
    suggestions = suggestions_for_members([p for p in profiles if p.user_id not in said], now)
    incoming = incoming_waiting_for(user_ids, now)
    follow_ups = outgoing_needing_follow_up(user_ids, now)
    today_of = {profile.user_id: now.astimezone(profile.zone).date() for profile in profiles}
    profile_of = {profile.user_id: profile for profile in profiles}
    overdue, owed = digest_asks_of_members(today_of)
    job_changes = job_changes_since_previous_digest(profiles, now)
    week_dates = key_dates_this_week(profiles, today_of)
    touch_due = keep_in_touch.due_of_members(
        {
            user_id: day
            for user_id, day in today_of.items()
            if _may_have_touch_due(profile_of[user_id], day)
        },
        FIRST_TOUCH_DUE,
    )
    contents = {}
    for profile in profiles:
        user_id = profile.user_id
        count, first = reviews[user_id]
        pending, awaiting = incoming[user_id]
        if user_id in said:
            suggestion_fields = _said_fields(said[user_id])
        else:
            suggestion_fields = _suggestion_fields(profile, suggestions[user_id])
        contents[user_id] = DigestContent(
            under_review_count=count,
            under_review=[
                {
                    "contact": row.contact,
                    "since": row.added_at,
                    "keep_url": action_url(user_id, row.contact_id, "keep"),
                    "remove_url": action_url(user_id, row.contact_id, "remove"),
                }
                for row in first
            ],
            **suggestion_fields,
            incoming_pending=pending[:FIRST_INVITATIONS],
            incoming_pending_count=len(pending),
            awaiting_answer=awaiting[:FIRST_INVITATIONS],
            awaiting_answer_count=len(awaiting),
            follow_ups=follow_ups[user_id][:FIRST_INVITATIONS],
            follow_up_count=len(follow_ups[user_id]),
            review_label=label_names[user_id],
            overdue_asks=[
                {"ask": ask, "url": absolute(reverse("asks:detail", args=[ask.pk]))}
                for ask in overdue[user_id][:FIRST_ASKS]
            ],
            overdue_ask_count=len(overdue[user_id]),
            owe=[
                {"helper": helper, "url": absolute(reverse("contacts:detail", args=[helper.contact_id]))}
                for helper in owed[user_id][:FIRST_ASKS]
            ],
            owe_count=len(owed[user_id]),
            job_changes=[
                {"change": change, "url": absolute(reverse("contacts:detail", args=[change.contact_id]))}
                for change in job_changes[user_id][:FIRST_JOB_CHANGES]
            ],
            job_change_count=len(job_changes[user_id]),
            touch_due=[
                {
                    "contact": contact,
                    "url": absolute(reverse("contacts:detail", args=[contact.pk])),
                    "done_url": action_url(user_id, contact.pk, "touch_done"),
                    "snooze_url": action_url(user_id, contact.pk, "touch_snooze"),
                }
                for contact in touch_due.get(user_id, (0, []))[1]
            ],
            touch_due_count=touch_due.get(user_id, (0, []))[0],
            key_dates=[
                {"item": item, "url": absolute(reverse("contacts:detail", args=[item.contact_id]))}
                for item in week_dates[user_id][:FIRST_TOUCH_DUE * 2]
            ],
        )
    return contents


def _may_have_touch_due(profile: Profile, today) -> bool:
    """From the profiles' annotation (digest_profiles): a member whose earliest due date
    is still ahead costs the batch no query for keep in touch."""
    if not hasattr(profile, "first_touch_due_on"):
        return True
    return profile.first_touch_due_on is not None and profile.first_touch_due_on <= today


def follow_ups_url() -> str:
    """The sent invitations, filtered to those waiting 14 days or more."""
    return absolute(reverse("invitations:list") + "?" + urlencode({"age": "follow_up"}))


def template_context(user, content: DigestContent) -> dict:
    """The context of the digest's templates: the e-mail's and the preview page's."""
    return {
        "member": user,
        "content": content,
        "queue_url": absolute(reverse("reviews:queue")),
        "triage_url": absolute(reverse("invitations:triage")),
        "follow_ups_url": follow_ups_url(),
        "asks_url": absolute(reverse("asks:list") + "?" + urlencode({"state": "overdue"})),
        "owe_url": absolute(reverse("asks:people") + "?" + urlencode({"show": "owe"})),
        "touch_url": absolute(reverse("reviews:keep_in_touch")),
        "settings_url": absolute(reverse("accounts:settings")),
        "unsubscribe_url": unsubscribe_url(user.pk),
    }
