"""Invitations a complete LinkedIn export resolves (registered in contacts.hooks by
InvitationsConfig.ready, run inside the import's transaction):

- an outgoing invitation still waiting for an answer whose recipient the export lists as
  a connection was accepted: it says so, with the contact linked;
- an incoming invitation still in triage whose sender the export lists was accepted
  outside Netwerk (on LinkedIn itself): it leaves the queue, with the contact linked and
  a transition saying why.

A person is recognised by profile URL, or by the contact the invitation is linked to."""

from django.utils.translation import gettext as _

from contacts.models import normalize_profile_url, InvalidProfileURL

from .models import (
    OPEN_INCOMING_STATES,
    IncomingInvitation,
    IncomingState,
    IncomingTransition,
    Invitation,
    InvitationState,
)


def _url(value: str) -> str:
    try:
        return normalize_profile_url(value)
    except InvalidProfileURL:
        return ""


def _contact_ids(connected, invitations, url_of) -> dict[int, int]:
    """invitation pk -> the listed contact it concerns (one query for all of them)."""
    urls = {inv.pk: _url(url_of(inv)) for inv in invitations}
    linked = {inv.contact_id for inv in invitations if inv.contact_id}
    wanted = {url for url in urls.values() if url}
    if not wanted and not linked:
        return {}
    by_url, listed = {}, set()
    for pk, url in connected.filter(profile_url__in=wanted).values_list("pk", "profile_url") if wanted else ():
        by_url[url] = pk
    if linked:
        listed = set(connected.filter(pk__in=linked).values_list("pk", flat=True))
    found = {}
    for inv in invitations:
        if inv.contact_id in listed:
            found[inv.pk] = inv.contact_id
        elif urls[inv.pk] in by_url:
            found[inv.pk] = by_url[urls[inv.pk]]
    return found


def still_open(owner) -> tuple[set[int], set[str]]:
    """The contacts and profile URLs of people with an invitation still open either way:
    not connected yet, so a LinkedIn export does not list them."""
    incoming = IncomingInvitation.objects.filter(owner=owner, state__in=OPEN_INCOMING_STATES)
    outgoing = Invitation.objects.filter(owner=owner, state=InvitationState.SENT)
    contact_ids, urls = set(), set()
    for contact_id, url in [*incoming.values_list("contact_id", "profile_url"),
                            *outgoing.values_list("contact_id", "recipient_profile_url")]:
        contact_ids.add(contact_id)
        urls.add(_url(url))
    return contact_ids - {None}, urls - {""}


def resolve_invitations(*, owner, connected, now) -> dict[str, list[int]]:
    outgoing = list(Invitation.objects.filter(owner=owner, state=InvitationState.SENT))
    accepted = _contact_ids(connected, outgoing, lambda inv: inv.recipient_profile_url)
    changed = []
    for invitation in outgoing:
        if invitation.pk in accepted:
            invitation.state = InvitationState.ACCEPTED
            invitation.answered_at = now
            invitation.contact_id = accepted[invitation.pk]
            changed.append(invitation)
    Invitation.objects.bulk_update(changed, ["state", "answered_at", "contact"])

    incoming = list(IncomingInvitation.objects.filter(owner=owner, state__in=OPEN_INCOMING_STATES))
    elsewhere = _contact_ids(connected, incoming, lambda inv: inv.profile_url)
    moved, transitions = [], []
    note = _("Accepted outside Netwerk: a LinkedIn export lists them as a connection.")
    for invitation in incoming:
        if invitation.pk in elsewhere:
            transitions.append(
                IncomingTransition(
                    invitation=invitation, from_state=invitation.state, to_state=IncomingState.ACCEPTED, at=now, note=note
                )
            )
            invitation.state = IncomingState.ACCEPTED
            invitation.decided_at = now
            invitation.contact_id = elsewhere[invitation.pk]
            moved.append(invitation)
    IncomingInvitation.objects.bulk_update(moved, ["state", "decided_at", "contact"])
    IncomingTransition.objects.bulk_create(transitions)
    return {
        "invitations_accepted": sorted({inv.contact_id for inv in changed}),
        "incoming_accepted": sorted({inv.contact_id for inv in moved}),
    }
