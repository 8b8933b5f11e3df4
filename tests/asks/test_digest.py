from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from asks import services
from netwerk.accounts.models import Profile
from reviews.digest.contents import bulk_digest_content, digest_profiles


def test_the_digest_names_overdue_asks_and_whom_you_owe(owner, owner_client, anna, bram):
    today = timezone.localdate()
    late = services.create_ask(
        owner=owner, text="Who knows a tax adviser?", contacts=[bram], asked_on=today - timedelta(days=20),
        due_on=today - timedelta(days=2),
    )
    helped = services.create_ask(owner=owner, text="Advice?", contacts=[anna], asked_on=today - timedelta(days=30))
    services.record_outcome(owner=owner, ask=helped, contact=anna, outcome="helped", on=today - timedelta(days=25))
    profiles = list(digest_profiles(Profile.objects.filter(user=owner)))
    content = bulk_digest_content(profiles, timezone.now())[owner.pk]
    assert [item["ask"].pk for item in content.overdue_asks] == [late.pk]
    assert [item["helper"].contact_id for item in content.owe] == [anna.pk]
    assert not content.is_empty
    html = owner_client.get(reverse("reviews:digest_preview")).content.decode()
    assert "Who knows a tax adviser?" in html and "Anna de Vries" in html
    assert reverse("asks:detail", args=[late.pk]) in html
