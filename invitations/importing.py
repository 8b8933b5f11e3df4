"""Invitations from LinkedIn's Invitations.csv, merged into the member's invitations.

contacts.importing parses the file and calls `merge_imported_invitations` inside the
import's one transaction (registered in InvitationsConfig.ready), so an import stays all
or nothing across contacts and invitations."""

from datetime import datetime

from contacts.importing import BATCH_SIZE, Counts
from contacts.linkedin import InvitationRow

from .models import (
    IncomingInvitation,
    IncomingState,
    Invitation,
    InvitationOrigin,
    InvitationState,
    incoming_message_signal,
)


def _invitation_key(name: str, moment: datetime) -> tuple[str, datetime]:
    return name.strip().casefold(), moment.replace(second=0, microsecond=0)


def merge_imported_invitations(*, owner, rows: list[InvitationRow], counts: Counts) -> None:
    """Outgoing rows become sent invitations, incoming rows pending ones for triage;
    a row already imported (same person, same minute) is not added again."""
    if not rows:
        return
    outgoing = {
        _invitation_key(name, sent_at): (pk, url)
        for pk, name, sent_at, url in Invitation.objects.filter(owner=owner, sent_at__isnull=False).values_list(
            "pk", "recipient_name", "sent_at", "recipient_profile_url"
        )
    }
    incoming = {
        _invitation_key(name, received_at): (pk, url)
        for pk, name, received_at, url in IncomingInvitation.objects.filter(owner=owner).values_list(
            "pk", "name", "received_at", "profile_url"
        )
    }
    new_outgoing, new_incoming, seen = [], [], set()
    url_fills: list[tuple[type, int, str]] = []
    for row in rows:
        key = (row.incoming, *_invitation_key(row.name, row.sent_at))
        if key in seen:
            counts.unchanged += 1
            continue
        seen.add(key)
        known = (incoming if row.incoming else outgoing).get(key[1:])
        if known is not None:
            pk, url = known
            if not url and row.profile_url:
                url_fills.append((IncomingInvitation if row.incoming else Invitation, pk, row.profile_url))
                counts.updated += 1
            else:
                counts.unchanged += 1
            continue
        counts.created += 1
        if row.incoming:
            new_incoming.append(
                IncomingInvitation(
                    owner=owner, name=row.name, profile_url=row.profile_url, message=row.message,
                    message_signal=incoming_message_signal(row.message), received_at=row.sent_at, origin=InvitationOrigin.IMPORTED, state=IncomingState.PENDING,
                )
            )
        else:
            new_outgoing.append(
                Invitation(
                    owner=owner, recipient_name=row.name, recipient_profile_url=row.profile_url, text=row.message,
                    state=InvitationState.SENT, origin=InvitationOrigin.IMPORTED, sent_at=row.sent_at,
                    created_at=row.sent_at,
                )
            )
    Invitation.objects.bulk_create(new_outgoing, batch_size=BATCH_SIZE)
    IncomingInvitation.objects.bulk_create(new_incoming, batch_size=BATCH_SIZE)
    for model, pk, url in url_fills:
        field_name = "profile_url" if model is IncomingInvitation else "recipient_profile_url"
        model.objects.filter(owner=owner, pk=pk).update(**{field_name: url})
