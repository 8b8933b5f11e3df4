import factory
from faker import Faker
from django.utils import timezone

from contacts.models import Contact, Interaction, Label, Note
from invitations.models import IncomingInvitation, Invitation, incoming_message_signal
from netwerk.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save(update_fields=["password"])


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Label

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Label {n}")


_fake = Faker("nl_NL")


def html_plain(text: str) -> str:
    """Faker's Dutch data has names like "d' Heripon" and "Jansen & Zn": HTML escapes
    those characters, so a test looking for the name in a page would pass or fail by
    chance. Factories use names that read the same in a page."""
    return " ".join(text.replace("'", "").replace("&", "en").replace('"', "").split())


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    first_name = factory.LazyFunction(lambda: html_plain(_fake.first_name()))
    last_name = factory.LazyFunction(lambda: html_plain(_fake.last_name()))
    company = factory.LazyFunction(lambda: html_plain(_fake.company()))
    position = factory.LazyFunction(lambda: html_plain(_fake.job()))
    profile_url = factory.Sequence(lambda n: f"https://www.linkedin.com/in/person-{n}")


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    contact = factory.SubFactory(ContactFactory)
    owner = factory.SelfAttribute("contact.owner")
    body = factory.Faker("sentence")


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    contact = factory.SubFactory(ContactFactory)
    owner = factory.SelfAttribute("contact.owner")
    date = factory.LazyFunction(timezone.localdate)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    owner = factory.SubFactory(UserFactory)
    recipient_name = factory.LazyFunction(lambda: html_plain(_fake.name()))
    text = "We spoke at the Rotterdam Tech Meetup about your data pipeline; I'd like to stay in touch."


class IncomingInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomingInvitation

    owner = factory.SubFactory(UserFactory)
    name = factory.LazyFunction(lambda: html_plain(_fake.name()))
    message = ""
    # As adding or importing stores it: the check's verdict on the message.
    message_signal = factory.LazyAttribute(lambda invitation: incoming_message_signal(invitation.message))
