import factory
from django.utils import timezone

from contacts.models import Contact, Interaction, Label, Note
from invitations.models import IncomingInvitation, Invitation
from netwerk.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
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


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    company = factory.Faker("company", locale="nl_NL")
    position = factory.Faker("job", locale="nl_NL")
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
    recipient_name = factory.Faker("name", locale="nl_NL")
    text = "We spoke at the Rotterdam Tech Meetup about your data pipeline; I'd like to stay in touch."


class IncomingInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomingInvitation

    owner = factory.SubFactory(UserFactory)
    name = factory.Faker("name", locale="nl_NL")
    message = ""
