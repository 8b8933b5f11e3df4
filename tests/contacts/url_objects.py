from tests.factories import ContactFactory

OBJECT_URLS = {
    "contacts:detail": lambda owner: {"pk": ContactFactory(owner=owner).pk},
}
