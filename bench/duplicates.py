#!/usr/bin/env python
"""Finding duplicates among a busy member's contacts, and how good the finding is.

On PostgreSQL (DATABASE_URL names the server; a throwaway database,
netwerk_bench_duplicates unless --database names another, is created and dropped): one
member with 30,000 contacts: 29,000 different people (realistic Dutch and other names,
3,000 companies, e-mail addresses and phone numbers for some) and 1,000 planted
duplicates of them, written the ways real duplicates are (the same profile kept as an
alias, the same e-mail in capitals, "J. de Vries", "De vries", a typo in the surname, an
accent or an invisible character dropped, the whole name in one field, a legal form
added to the company, the same phone number at a new job). Prints:

- the scan (contacts.duplicates.refresh: read, compare, store the pairs) against one
  SELECT of every contact's names, medians of interleaved runs, target <= 100x;
- the "Possible duplicates" page (first 50 pairs side by side) against the minimal
  signed-in page (bench/common.py), medians of 41 requests, target <= 4x;
- precision and recall on the planted pairs, target >= 0.95 each.

Exits 1 when a target is missed. `--quick` uses a tenth of the data (for CI)."""

import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.contacts_list import copy_rows  # noqa: E402

SCAN_TARGET = 100.0
PAGE_TARGET = 4.0
QUALITY_TARGET = 0.95

FIRST = (
    "Anne Bram Cleo Daan Eva Femke Gijs Hanna Isa Jeroen Kees Lotte Maarten Noor Olaf Pien Roos Sanne Thijs Vera "
    "Willem Xander Yara Zoë Arjen Bas Chantal Dirk Esther Floor Gerard Hilde Ingrid Joost Karin Lieke Mark Nienke "
    "Oscar Petra Quinten Rutger Sophie Tim Ursula Vincent Wouter Yvonne Ahmed Fatima Mohamed Aïcha Youssef Emre "
    "Elif Mehmet Priya Rahul Chen Wei Lucas Sem Finn Milan Levi Luuk Julia Mila Tess Sara Nora Liv Fleur Jesse "
    "Ruben Stijn Niels Koen Bart Tom Rick Sven Frank Hans Peter Paul Erik Marco Dennis Patrick Martijn Jasper "
    "Marieke Annemarie Ilse Judith Mirjam Renée José Inés Maël Noël Chloé Hélène Zoé Agnès Frédérique Léa Margot "
    "Bernadette Cornelis Hendrik Johannes Gerrit Jacobus Anton Dick Ronald Michiel Sander Hugo Jurre Tobias Pim "
    "Hidde Mees Teun Siem Jelle Rens Gijsbert Friso Diederik Wessel Jorien Marloes Evelien Lisanne Anouk Iris"
).split()
PARTICLES = ["", "", "", "", "de ", "van ", "van der ", "van den ", "de la ", "ter ", "van 't ", "in 't "]
SURNAMES = (
    "Vries Jansen Berg Bakker Visser Smit Meijer Boer Mulder Groot Bos Vos Peters Hendriks Leeuwen Dekker Brouwer "
    "Wit Dijkstra Smits Graaf Meer Kok Jacobs Amrani Yilmaz Kaya Demir Şahin Öztürk Veen Wijk Dam Linden Heuvel "
    "Beek Brink Janssen Doorn Haan Vliet Wal Bosch Leeuw Hoek Koster Prins Huisman Peeters Kuipers Veenstra Willems "
    "Postma Vermeulen Schouten Jonker Willemsen Bosman Timmermans Boers Groen Hermans Evers Kramer Gerritsen Maas "
    "Verhoeven Koning Hoekstra Sanders Lambregts Hofman Bouwman Kuiper Blom Pieters Verbeek Dijk Vink Driessen "
    "Laan Hofstra Wouters Scholten Post Martens Molenaar Kuijpers Bergman Vos Haas Kamp Roos Schipper Meulen "
    "Zwart Claassen Mol Jong Wijngaard Goossens Bruin Bruijn Snel Wolff Steenbergen Nijland Oosterhuis Rademaker "
    "Teunissen Hoogland Huizinga Klaassen Koopman Lammers Nieuwenhuis Ouwehand Pronk Rijnders Sluiter Terpstra "
    "Uijttewaal Valk Wagemaker Zijlstra Aalbers Boomsma Cremers Donkers Elzinga Faber Geurts Haverkamp IJzerman "
    "Jongsma Kloosterman Leenders Mertens Nijhuis Oudejans Plasman Reinders Stoffels Tuinman Vreeswijk Weijers "
    "Arslan Çelik Koç Doğan Aydın Özdemir Nguyen Tran Pham Singh Patel Kumar Garcia Martinez Rossi Müller "
    "Schmidt Schneider Fischer Weber Wagner Becker Hoffmann Kowalski Nowak Wiśniewski Novák Horváth Nagy"
).split()
COMPANY_WORDS = (
    "Noord Zuid Oost West Delta Polder Grachten Duin Kust Haven Molen Tulp Dijk Brug Sluis Vaart Veld Bos Heide "
    "Zon Maan Ster Licht Water Wind Vuur Groen Blauw Rood Oranje Zilver Goud Koper Staal Glas Hout Steen Klei"
).split()
COMPANY_KINDS = (
    "Advies Consultancy Software Data Media Bouw Logistiek Finance Zorg Energie Design Techniek Groep Partners Labs "
    "Makelaars Advocaten Accountants Notarissen Architecten Uitzendbureau Verzekeringen Installaties"
).split()
POSITIONS = "Recruiter|Product owner|Software engineer|Marketing manager|Directeur|Data analist|Consultant|CTO".split("|")
LEGAL = ["B.V.", "BV", "N.V.", "Holding B.V."]


def companies(rng, count: int) -> list[str]:
    names = set()
    while len(names) < count:
        names.add(f"{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS).lower()} {rng.choice(COMPANY_KINDS)}")
    return sorted(names)


def without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(surname: str, rng) -> str:
    """One slip of the keyboard in a long enough surname: two letters swapped or one doubled."""
    if len(surname) < 6:
        return surname + surname[-1]
    i = rng.randint(1, len(surname) - 3)
    if rng.random() < 0.5:
        return surname[:i] + surname[i + 1] + surname[i] + surname[i + 2:]
    return surname[:i] + surname[i] + surname[i:]


def people(rng, count: int, company_names: list[str]) -> list[dict]:
    """`count` different people: no two share first name, surname and company."""
    seen = set()
    result = []
    while len(result) < count:
        first, particle, surname = rng.choice(FIRST), rng.choice(PARTICLES), rng.choice(SURNAMES)
        company = rng.choice(company_names)
        if (first, surname, company) in seen:
            continue
        seen.add((first, surname, company))
        n = len(result)
        slug = without_accents(f"{first}-{particle}{surname}").lower().replace(" ", "-").replace("'", "")
        domain = without_accents(company.split()[0]).lower() + ".nl"
        result.append({
            "first_name": first,
            "last_name": f"{particle}{surname}",
            "company": company,
            "profile_url": f"https://www.linkedin.com/in/{slug}-{n}",
            "email": f"{slug}.{n}@{domain}" if n % 2 else "",
            "phone": f"+316{10000000 + n}" if n % 5 == 0 else "",
        })
    return result


VARIANTS = ("alias", "email", "initial", "case", "typo", "accent", "one_field", "legal", "phone")


def duplicate_of(base: dict, variant: str, rng, company_names: list[str]) -> tuple[dict, str | None]:
    """A second contact for the person `base`, and the profile it keeps as an alias."""
    dup = {"first_name": base["first_name"], "last_name": base["last_name"], "company": base["company"],
           "profile_url": "", "email": "", "phone": ""}
    alias = None
    if variant == "alias":  # the same LinkedIn profile, kept from an earlier merge; moved jobs
        alias, dup["company"] = base["profile_url"], rng.choice(company_names)
        dup["first_name"] = base["first_name"][0] + "."
    elif variant == "email":  # a business card: same address in capitals, another company
        dup["email"] = base["email"].upper() or f"{base['first_name'].lower()}.{id(dup)}@example.org"
        dup["company"] = rng.choice(company_names)
        dup["last_name"] = base["last_name"].lower()
    elif variant == "initial":
        dup["first_name"] = base["first_name"][0] + "."
    elif variant == "case":
        dup["last_name"] = " ".join(part.capitalize() for part in base["last_name"].split()) + " "
        dup["first_name"] = base["first_name"].upper()
    elif variant == "typo":
        *particle, surname = base["last_name"].split(" ")
        dup["last_name"] = " ".join([*particle, typo(surname, rng)])
    elif variant == "accent":
        dup["first_name"] = without_accents(base["first_name"]) + "\u200b"
        dup["last_name"] = without_accents(base["last_name"])
    elif variant == "one_field":
        dup["first_name"], dup["last_name"] = f"{base['first_name']} {base['last_name']}", ""
    elif variant == "legal":
        dup["company"] = f"{base['company']} {rng.choice(LEGAL)}"
    elif variant == "phone":
        dup["phone"] = base["phone"] or f"+3170{rng.randint(1000000, 9999999)}"
        dup["company"] = rng.choice(company_names)
        dup["first_name"] = base["first_name"][0] + "."
    return dup, alias


def load(member, rng, *, contacts: int, planted: int):
    """The member's contacts; returns the planted pairs as (contact id, contact id)."""
    from django.db import connection
    from django.utils import timezone

    from contacts.models import Contact, ContactMethod

    company_names = companies(rng, max(contacts // 10, 50))
    base = people(rng, contacts - planted, company_names)
    planted_rows = []
    for index, original in enumerate(rng.sample(range(len(base)), planted)):
        variant = VARIANTS[index % len(VARIANTS)]
        if variant == "phone" and not base[original]["phone"]:
            base[original]["phone"] = f"+3165{index:07d}"
        if variant == "email" and not base[original]["email"]:
            base[original]["email"] = f"planted.{index}@example.nl"
        dup, alias = duplicate_of(base[original], variant, rng, company_names)
        planted_rows.append((original, dup, alias))
    rows = base + [dup for _o, dup, _a in planted_rows]
    now = timezone.now().isoformat()
    copy_rows(
        "contacts_contact",
        ["owner_id", "first_name", "last_name", "company", "position", "profile_url", "email", "connected_on",
         "source", "website", "private_email", "phone", "how_we_met", "status", "pinned", "created_at", "updated_at"],
        (
            (member.pk, row["first_name"], row["last_name"], row["company"], rng.choice(POSITIONS), row["profile_url"],
             row["email"], None, "imported", "", "", row["phone"], "", "active", "f", now, now)
            for row in rows
        ),
    )
    ids = list(Contact.objects.filter(owner=member).order_by("pk").values_list("pk", flat=True))
    pairs = {}
    methods = []
    for index, (original, _dup, alias) in enumerate(planted_rows):
        a, b = ids[original], ids[len(base) + index]
        pairs[(min(a, b), max(a, b))] = VARIANTS[index % len(VARIANTS)]
        if alias:
            methods.append(ContactMethod(owner=member, contact_id=b, kind="profile", type="linkedin",
                                         value=alias, key=alias))
    ContactMethod.objects.bulk_create(methods)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return pairs


def select_names(member) -> float:
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name, last_name FROM contacts_contact WHERE owner_id = %s", [member.pk])
        cursor.fetchall()
    return time.perf_counter() - start


def main() -> int:
    options = common.options(__doc__.splitlines()[0], "netwerk_bench_duplicates")
    scale = 10 if options.quick else 1
    rng = random.Random(20)

    with common.throwaway_database(options.database) as database_url:
        common.setup_django(database_url)
        from contacts import duplicates
        from contacts.models import DuplicatePair

        member = common.bench_member()
        contacts, planted = 30_000 // scale, 1_000 // scale
        print(f"Loading {contacts:,} contacts, {planted:,} of them planted duplicates…")
        truth = load(member, rng, contacts=contacts, planted=planted)

        baseline, scans = [], []
        for _ in range(7):  # interleaved, so a busy machine slows both alike
            baseline.append(select_names(member))
            start = time.perf_counter()
            duplicates.refresh(member)
            scans.append(time.perf_counter() - start)
        select_seconds, scan_seconds = statistics.median(baseline), statistics.median(scans)
        found = set(DuplicatePair.objects.filter(owner=member).values_list("first_id", "second_id"))
        hits = len(found & truth.keys())
        missed = {}
        for pair, variant in truth.items():
            if pair not in found:
                missed[variant] = missed.get(variant, 0) + 1
        precision = hits / len(found) if found else 0.0
        recall = hits / len(truth)
        print(f"one SELECT of every contact's names: {select_seconds * 1000:.1f} ms")
        ok = common.report("scan for duplicates (read, compare, store)", scan_seconds, select_seconds, SCAN_TARGET)
        print(f"pairs found: {len(found):,}; planted: {len(truth):,}; found of those: {hits:,}")
        if missed:
            print("planted pairs missed, by how they were written: " + ", ".join(f"{k} {v}" for k, v in sorted(missed.items())))
        for name, value in (("precision", precision), ("recall", recall)):
            good = value >= QUALITY_TARGET
            ok = ok and good
            print(f"{name:<40} {value:8.3f}  (target >= {QUALITY_TARGET})  {'ok' if good else 'MISSED'}")

        client = common.signed_in_client(member)
        times = common.interleaved_medians(client, {"baseline": common.BASELINE_URL, "page": "/contacts/duplicates/"})
        print(f"baseline (base layout, one query of its own): {times['baseline'] * 1000:.1f} ms")
        ok = common.report("possible duplicates page (50 pairs)", times["page"], times["baseline"], PAGE_TARGET) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
