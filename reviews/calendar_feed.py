"""The member's calendar feed: an iCalendar file (RFC 5545, written by the icalendar
library) with the days that ask something of the member: contacts due for contact, their
dates that matter, sent invitations to follow up, and replies in triage still waiting for
an answer. All-day
events on the member's own days. Whoever is due today or overdue is one event on today
("Get in touch: 12 people", the first names in its description), so a calendar is not
buried under a backlog; who falls due in the coming weeks has an event each. Overdue
follow-ups and answers stand on today too. Read-only; found only by the member's secret
token.

A calendar is a view of what is next, not an archive: each list looks UPCOMING ahead and
is capped (the rest appears as the days come), which keeps the feed a few dozen
milliseconds to build (bench/keep_in_touch.py) and small for calendar apps polling it.
Six queries whatever the size of the network."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from contacts import key_dates
from contacts.models import Contact
from invitations.models import (
    AWAITING_ANSWER_TOO_LONG,
    FOLLOW_UP_AFTER,
    IncomingInvitation,
    IncomingState,
    Invitation,
    InvitationState,
)

from .keep_in_touch import COUNT_CAP, can_be_due, due_count
from .links import absolute
from .models import CalendarFeed

UPCOMING = timedelta(weeks=8)
UPCOMING_LIMIT = 25
INVITATIONS_LIMIT = 20
NAMES_IN_SUMMARY = 10
PRODUCT = "-//Netwerk//Keep in touch//EN"


def new_token(owner) -> CalendarFeed:
    """A new secret address for the member; the previous one stops working."""
    with transaction.atomic():
        CalendarFeed.objects.filter(owner=owner).delete()
        return CalendarFeed.objects.create(owner=owner, token=secrets.token_urlsafe(32))


def revoke(owner) -> None:
    CalendarFeed.objects.filter(owner=owner).delete()


def feed_url(feed: CalendarFeed) -> str:
    return absolute(reverse("reviews:calendar_feed", kwargs={"token": feed.token}))


def _day(moment: datetime, zone) -> date:
    return moment.astimezone(zone).date()


def build(owner, *, now: datetime | None = None) -> bytes:
    """The feed of `owner`, in the member's language and time zone."""
    profile = owner.profile
    zone = profile.zone
    now = now or timezone.now()
    today = _day(now, zone)
    last = today + UPCOMING
    with translation.override(profile.language):
        calendar = Calendar()
        calendar.add("prodid", PRODUCT)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("Netwerk"))
        calendar.add("x-wr-timezone", profile.time_zone)
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})

        reachable = (
            Contact.objects.owned_by(owner).filter(touch_due_on__isnull=False).filter(can_be_due([owner.pk]))
        )
        overdue = list(
            reachable.filter(touch_due_on__lte=today)
            .order_by("touch_due_on", "pk")
            .only("first_name", "last_name", "profile_url")[:NAMES_IN_SUMMARY]
        )
        if overdue:
            total = due_count(owner, today)
            count = f"{COUNT_CAP}+" if total > COUNT_CAP else str(total)
            more = total - len(overdue)
            calendar.add_component(_event(
                uid=f"touch-today-{owner.pk}",
                day=today,
                summary=ngettext("Get in touch: %(count)s person", "Get in touch: %(count)s people", total)
                % {"count": count},
                description=", ".join(str(contact) for contact in overdue)
                + (" " + _("and more") if more > 0 else ""),
                url=absolute(reverse("reviews:keep_in_touch")),
                now=now,
            ))
        upcoming = (
            reachable.filter(touch_due_on__gt=today, touch_due_on__lte=last)
            .order_by("touch_due_on", "pk")
            .only("first_name", "last_name", "company", "touch_due_on", "profile_url")[:UPCOMING_LIMIT]
        )
        for contact in upcoming:
            calendar.add_component(_event(
                uid=f"touch-{contact.pk}",
                day=contact.touch_due_on,
                summary=_("Get in touch with %(name)s") % {"name": contact},
                description=contact.company,
                url=absolute(reverse("contacts:detail", args=[contact.pk])),
                now=now,
            ))

        for item in key_dates.falling_between([owner.pk], today, days=UPCOMING.days)[:UPCOMING_LIMIT]:
            calendar.add_component(_event(
                uid=f"date-{item.pk}-{item.falls_on:%Y}",
                day=item.falls_on,
                summary=_("%(name)s: %(what)s") % {"name": item.contact, "what": _what(item)},
                description="",
                url=absolute(reverse("contacts:detail", args=[item.contact_id])),
                now=now,
            ))

        for waiting in _invitations_waiting(owner, now):
            day = max(_day(waiting.due_at, zone), today)
            if day <= last:
                calendar.add_component(_event(day=day, now=now, **waiting.event))
    return calendar.to_ical()


@dataclass(frozen=True)
class _Waiting:
    due_at: datetime
    event: dict


def _what(item) -> str:
    """A date that matters with the years it marks that day: "Verjaardag (46 jaar)"."""
    if not item.years:
        return item.name
    return f"{item.name} ({ngettext('%(years)s year', '%(years)s years', item.years) % {'years': item.years}})"


def _invitations_waiting(owner, now: datetime) -> list[_Waiting]:
    """Sent invitations to follow up, and replies in triage awaiting an answer, oldest
    first: the days they fall due and their events."""
    sent = (
        Invitation.objects.owned_by(owner)
        .filter(state=InvitationState.SENT, sent_at__isnull=False, sent_at__lte=now + UPCOMING - FOLLOW_UP_AFTER)
        .order_by("sent_at", "pk")
        .only("recipient_name", "sent_at")[:INVITATIONS_LIMIT]
    )
    awaiting = (
        IncomingInvitation.objects.owned_by(owner)
        .filter(state=IncomingState.AWAITING_ANSWER, replied_at__isnull=False,
                replied_at__lte=now + UPCOMING - AWAITING_ANSWER_TOO_LONG)
        .order_by("replied_at", "pk")
        .only("name", "replied_at")[:INVITATIONS_LIMIT]
    )
    follow_up = _("No answer yet: send a message, or withdraw the invitation.")
    triage = _("Reply first, accept later: decide in triage.")
    return [
        _Waiting(invitation.sent_at + FOLLOW_UP_AFTER, {
            "uid": f"follow-up-{invitation.pk}",
            "summary": _("Follow up the invitation to %(name)s") % {"name": invitation.recipient_name},
            "description": follow_up,
            "url": absolute(reverse("invitations:detail", args=[invitation.pk])),
        })
        for invitation in sent
    ] + [
        _Waiting(invitation.replied_at + AWAITING_ANSWER_TOO_LONG, {
            "uid": f"awaiting-{invitation.pk}",
            "summary": _("%(name)s has not answered your reply") % {"name": invitation.name},
            "description": triage,
            "url": absolute(reverse("invitations:triage")),
        })
        for invitation in awaiting
    ]


def _event(*, uid: str, day: date, summary: str, description: str, url: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@netwerk")
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event
