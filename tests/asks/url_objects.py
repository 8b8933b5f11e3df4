from asks import services
from asks.models import Ask, Favour
from tests.factories import ContactFactory


def _ask(owner) -> Ask:
    return services.create_ask(owner=owner, text="Who knows a good tax adviser?", contacts=[ContactFactory(owner=owner)])


def _answer(owner):
    return {"pk": _ask(owner).people.get().pk}


def _favour(owner) -> Favour:
    return services.give_favour(owner=owner, contact=ContactFactory(owner=owner), text="Read their CV")


OBJECT_URLS = {
    "asks:detail": lambda owner: {"pk": _ask(owner).pk},
    "asks:edit": lambda owner: {"pk": _ask(owner).pk},
    "asks:person_add": lambda owner: {"pk": _ask(owner).pk},
    "asks:close": lambda owner: {"pk": _ask(owner).pk},
    "asks:delete": lambda owner: {"pk": _ask(owner).pk},
    "asks:outcome": _answer,
    "asks:person_remove": _answer,
    "asks:favour_delete": lambda owner: {"pk": _favour(owner).pk},
}
