"""The channels through which a member's data could reach another member, for the leak test.

Every app's test package may add, in `tests/<app>/leak_channels.py`:
- `SEEDERS`: name -> function(member, tag) that stores data of that app for `member`, with
  `tag` inside every text a member typed or imported (names, notes, labels, messages);
- `CHANNELS`: name -> function(client, member) yielding `(where, content)` pairs: every
  response body, file or e-mail that `member` can obtain through that channel, `client`
  being signed in as `member` (content is `str` or `bytes`).
The leak test seeds two members, runs every channel as the first and searches everything it
yields for the second's tag. Pages, htmx fragments, the admin and error pages are built in
here; exports, the digest e-mails and the account export come from their apps' files.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

import tests
from contacts.models import ContactLabel, Label
from tests.factories import (
    ContactFactory,
    IncomingInvitationFactory,
    InteractionFactory,
    InvitationFactory,
    LabelFactory,
    NoteFactory,
)
from tests.security.routes import OBJECT_URLS, ROUTE_NAMES, address

Seeder = Callable[[object, str], None]
Channel = Callable[[object, object], Iterable[tuple[str, str | bytes]]]
MEMBER_DATA_APPS = ("contacts", "invitations", "reviews")


def seed_member_basics(member, tag: str) -> None:
    """The member's own name and the data of the apps that exist from the foundation on."""
    member.first_name, member.last_name = f"{tag}First", f"{tag}Last"
    member.save(update_fields=["first_name", "last_name"])
    label = LabelFactory(owner=member, name=f"{tag} label", description=f"{tag} label description")
    for n in range(3):
        contact = ContactFactory(
            owner=member,
            first_name=f"{tag}Contact{n}",
            last_name=f"{tag}Surname{n}",
            company=f"{tag} Company",
            position=f"{tag} position",
            profile_url=f"https://www.linkedin.com/in/{tag.lower()}-{n}",
            how_we_met=f"{tag} how we met",
        )
        ContactLabel.objects.create(contact=contact, label=label)
        NoteFactory(contact=contact, body=f"{tag} private note {n}")
        InteractionFactory(contact=contact, note=f"{tag} interaction {n}")
    ContactLabel.objects.create(contact=contact, label=Label.objects.review_label_for(member))
    InvitationFactory(owner=member, recipient_name=f"{tag} Recipient", text=f"{tag} we met at the meetup")
    IncomingInvitationFactory(
        owner=member, name=f"{tag} Inviter", company=f"{tag} Inviter Company", message=f"{tag} their message"
    )


def readable_body(response) -> bytes:
    """What a person would read: a download's bytes, and a zip's files unpacked (the
    account export), so the search for another member's text sees through compression."""
    import io
    import zipfile

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"\n".join(archive.read(name) for name in archive.namelist())
    return body


def pages(client, member) -> Iterator[tuple[str, str | bytes]]:
    """Every route, built with the member's own objects, plain and as htmx fragments, and
    with search/filter parameters a curious member might try."""
    for name in ROUTE_NAMES:
        url = address(name, member).url
        for params in ({}, {"q": "a", "page": "2"}, {"q": "Company", "company": "Company", "label": "1"}):
            for headers in ({}, {"HX-Request": "true", "HX-Target": "results"}):
                response = client.get(url, params, headers=headers)
                yield f"GET {url} {params} {headers}", readable_body(response)


def other_members_objects(client, member) -> Iterator[tuple[str, str | bytes]]:
    """Error pages: every keyed URL addressed at objects that are not the member's."""
    from tests.factories import UserFactory

    stranger = UserFactory(username=f"stranger-of-{member.username}")
    for name in sorted(OBJECT_URLS):
        url = reverse(name, kwargs=OBJECT_URLS[name](stranger))
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            assert response.status_code == 404, f"{url} answered {response.status_code}"
            yield f"GET {url} (not theirs)", response.content
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    yield "GET /no-such-page/", response.content


def admin_pages(client, member) -> Iterator[tuple[str, str | bytes]]:
    """The admin as a staff member with every permission on member data: changelists,
    searches, and change pages of the member's own objects."""
    member.is_staff = True
    member.save(update_fields=["is_staff"])
    member.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=MEMBER_DATA_APPS))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    yield "GET admin index", response.content
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in MEMBER_DATA_APPS:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:%s_%s_changelist" % info)
        for params in ({}, {"q": "Company"}, {"all": "1"}):
            yield f"GET {changelist} {params}", client.get(changelist, params).content
        try:
            add_url = reverse("admin:%s_%s_add" % info)
        except NoReverseMatch:
            continue
        yield f"GET {add_url}", client.get(add_url).content
        owned = getattr(model.objects, "owned_by", None)
        for row in (owned(member) if owned else model.objects.none())[:5]:
            change = reverse("admin:%s_%s_change" % info, args=[row.pk])
            yield f"GET {change}", client.get(change).content


BUILT_IN_SEEDERS: dict[str, Seeder] = {"basics": seed_member_basics}
BUILT_IN_CHANNELS: dict[str, Channel] = {
    "pages and htmx fragments": pages,
    "error pages": other_members_objects,
    "admin": admin_pages,
}


def discovered() -> tuple[dict[str, Seeder], dict[str, Channel]]:
    seeders, channels = dict(BUILT_IN_SEEDERS), dict(BUILT_IN_CHANNELS)
    for module_info in pkgutil.iter_modules(tests.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{module_info.name}.leak_channels")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{module_info.name}.leak_channels":
                raise
            continue
        seeders.update(getattr(module, "SEEDERS", {}))
        channels.update(getattr(module, "CHANNELS", {}))
    return seeders, channels

