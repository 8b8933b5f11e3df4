"""The member's calendar feed: an iCalendar file (RFC 5545, written by the icalendar
library) with the days that ask something of the member: contacts due for contact, sent
invitations to follow up, and replies in triage still waiting for an answer. All-day
events on the member's own days; what is overdue stands on today, so the calendar shows
what is still to do. Read-only; found only by the member's secret token.

Three queries whatever the size of the network: each list is capped (FEED_LIMIT) and
ends WINDOW_AFTER ahead."""

import secrets
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from contacts.models import Contact
from invitations.models import (
    AWAITING_ANSWER_TOO_LONG,
    FOLLOW_UP_AFTER,
    IncomingInvitation,
    IncomingState,
    Invitation,
    InvitationState,
)

from .keep_in_touch import _reachable
from .links import absolute
from .models import CalendarFeed

FEED_LIMIT = 500
WINDOW_AFTER = timedelta(days=366)
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
    last = today + WINDOW_AFTER
    with translation.override(profile.language):
        calendar = Calendar()
        calendar.add("prodid", PRODUCT)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("Netwerk"))
        calendar.add("x-wr-timezone", profile.time_zone)
        calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})

        due = (
            Contact.objects.owned_by(owner)
            .filter(touch_due_on__isnull=False, touch_due_on__lte=last)
            .filter(_reachable())
            .order_by("touch_due_on", "pk")
            .only("first_name", "last_name", "company", "touch_due_on", "profile_url")[:FEED_LIMIT]
        )
        for contact in due:
            calendar.add_component(_event(
                uid=f"touch-{contact.pk}",
                day=max(contact.touch_due_on, today),
                summary=_("Get in touch with %(name)s") % {"name": contact},
                description=contact.company,
                url=absolute(reverse("contacts:detail", args=[contact.pk])),
                now=now,
            ))

        sent = (
            Invitation.objects.owned_by(owner)
            .filter(state=InvitationState.SENT, sent_at__isnull=False)
            .order_by("sent_at", "pk")
            .only("recipient_name", "sent_at")[:FEED_LIMIT]
        )
        for invitation in sent:
            day = max(_day(invitation.sent_at + FOLLOW_UP_AFTER, zone), today)
            if day <= last:
                calendar.add_component(_event(
                    uid=f"follow-up-{invitation.pk}",
                    day=day,
                    summary=_("Follow up the invitation to %(name)s") % {"name": invitation.recipient_name},
                    description=_("No answer yet: send a message, or withdraw the invitation."),
                    url=absolute(reverse("invitations:detail", args=[invitation.pk])),
                    now=now,
                ))

        awaiting = (
            IncomingInvitation.objects.owned_by(owner)
            .filter(state=IncomingState.AWAITING_ANSWER, replied_at__isnull=False)
            .order_by("replied_at", "pk")
            .only("name", "replied_at")[:FEED_LIMIT]
        )
        for invitation in awaiting:
            day = max(_day(invitation.replied_at + AWAITING_ANSWER_TOO_LONG, zone), today)
            if day <= last:
                calendar.add_component(_event(
                    uid=f"awaiting-{invitation.pk}",
                    day=day,
                    summary=_("%(name)s has not answered your reply") % {"name": invitation.name},
                    description=_("Reply first, accept later: decide in triage."),
                    url=absolute(reverse("invitations:triage")),
                    now=now,
                ))
    return calendar.to_ical()


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
