import io
import zipfile

from django.urls import reverse

from asks import services
from tests.factories import ContactFactory


def test_asks_answers_and_favours_are_in_the_account_export_and_nobody_elses(owner, outsider, owner_client, anna):
    ask = services.create_ask(owner=owner, text="Mine: who knows a notary?", contacts=[anna])
    services.record_outcome(owner=owner, ask=ask, contact=anna, outcome="helped", helped_with="Mine: a name")
    services.give_favour(owner=owner, contact=anna, text="Mine: read her CV")
    theirs = ContactFactory(owner=outsider)
    services.give_favour(owner=outsider, contact=theirs, text="Theirs: secret favour")
    services.create_ask(owner=outsider, text="Theirs: secret ask", contacts=[theirs])
    response = owner_client.get(reverse("contacts:export_account"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert {"asks.ask.json", "asks.askedperson.json", "asks.favour.json"} <= set(archive.namelist())
    everything = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for text in ("Mine: who knows a notary?", "Mine: a name", "Mine: read her CV"):
        assert text in everything
    assert "Theirs" not in everything
