"""Extension points of contacts for the apps above it (contacts imports none of them).

Each hook is a registry filled in an app's AppConfig.ready() by the app named:

- `invitation_merges` (invitations.apps): merge(owner=..., rows=[InvitationRow, ...], counts=Counts), run by
  a LinkedIn import inside its transaction after the contacts are merged, so the rows of
  Invitations.csv (parsed in contacts.linkedin) land in the app that owns invitations.
- `detail_annotations` (invitations.apps): name -> function() returning a query expression over a contact
  (OuterRef("pk") is the contact); the contact page annotates its contact with each, in
  the same query. invitations adds `open_invitation_id` (the page's "Open invitation" link).
- `connection_syncs` (invitations.apps): sync(owner=..., connected=QuerySet[Contact], now=datetime)
  -> {group: [contact ids]}, run by a complete LinkedIn import inside its transaction once
  the contacts are merged; `connected` is the member's contacts the export lists.
  invitations resolves its invitations there: "invitations_accepted" (outgoing ones whose
  recipient is now a connection) and "incoming_accepted" (incoming ones in triage whose
  sender is, so accepted outside Netwerk).
- `account_export` (netwerk.apps): write(owner, out) -> rows per model, the whole-account
  zip behind contacts:export_account and `export_contacts --format account`.

- `contact_references` (every app with a foreign key to Contact): what a merge of two
  contacts moves to the kept one and an undo moves back (ContactReference).

Sections of the contact page that other apps add have their own registry: contacts.panels.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Expression, Q

InvitationMerge = Callable[..., None]

invitation_merges: list[InvitationMerge] = []
detail_annotations: dict[str, Callable[[], Expression]] = {}


def register_invitation_merge(merge: InvitationMerge) -> None:
    if merge not in invitation_merges:
        invitation_merges.append(merge)


def register_detail_annotation(name: str, expression: Callable[[], Expression]) -> None:
    detail_annotations[name] = expression


AccountExport = Callable[..., dict[str, int]]
account_export: list[AccountExport] = []


def register_account_export(write: AccountExport) -> None:
    account_export[:] = [write]


ConnectionSync = Callable[..., dict[str, list[int]]]
connection_syncs: list[ConnectionSync] = []


def register_connection_sync(sync: ConnectionSync) -> None:
    if sync not in connection_syncs:
        connection_syncs.append(sync)


@dataclass(frozen=True)
class ContactReference:
    """A foreign key to Contact that a merge moves from the merged-away contact to the
    kept one (contacts.merging), and an undo moves back.

    `unique_with`: the other fields of a unique constraint that includes the key, or the
    fields that make two rows twins (the same note twice); a row whose twin already points
    at the kept contact is deleted instead (and recreated by an undo). `unique_when`: the
    constraint's condition, when it has one (with an empty `unique_with`: the kept contact
    may have one such row at most)."""

    model: type
    field: str = "contact"
    unique_with: tuple[str, ...] | None = None
    unique_when: Q | None = None

    @property
    def key(self) -> str:
        return f"{self.model._meta.label}.{self.field}"


# Filled by contacts.apps for its own models and by every app with a foreign key to
# Contact (asks, invitations, reviews), in their AppConfig.ready().
contact_references: dict[str, ContactReference] = {}


def register_contact_reference(reference: ContactReference) -> None:
    contact_references[reference.key] = reference
