"""The member's home: the network's health at a glance."""

from contacts.models import Contact, Label, LabelKind
from invitations.models import Invitation, InvitationState
from invitations.triage import triage_counts


def dashboard_context(user) -> dict:
    contacts = Contact.objects.owned_by(user).active()
    review_label = Label.objects.owned_by(user).filter(kind=LabelKind.REVIEW).first()
    under_review = (
        review_label.label_contacts.filter(contact__status="active").count() if review_label else 0
    )
    triage = triage_counts(user)
    return {
        "contact_total": contacts.count(),
        "contact_unlabelled": contacts.filter(contact_labels__isnull=True).count(),
        "review_label": review_label,
        "under_review": under_review,
        "triage_pending": triage["to_triage"],
        "triage": triage,
        "invitations_open": Invitation.objects.owned_by(user).filter(state=InvitationState.SENT).count(),
        "next_digest_at": user.profile.next_digest_at,
    }
