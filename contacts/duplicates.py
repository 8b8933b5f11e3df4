"""Finding the contacts of one member that may be one person.

A scan reads the member's active contacts in one query (and their extra e-mail
addresses, phone numbers and profiles in one more), then proposes pairs:

- the same profile URL (already one key: normalize_profile_url), e-mail address or phone
  number, in the contact's own fields or its ContactMethod rows. A key shared by more
  than SHARED_KEY_LIMIT contacts is an office's address, not a person's: no pairs;
- the same name at the same company, names compared folded (case, accents, invisible
  characters, look-alike letters: netwerk.lib.textnorm) and the surname without its
  Dutch prefixes, so "Jan de Vries" = "Jan De vries" = "jan de Vries";
- the same surname and initial at the same company ("J. de Vries", "Jan de Vries");
- a very similar name at the same company (a typo: "Janssen" / "Jansen"), scored by
  rapidfuzz within groups of one company and one initial;
- the same full name when neither has a company.

Every comparison happens inside a group (one key, or one company), so the work grows
with the sizes of the groups, not with the square of the network; a group larger than
FUZZY_GROUP_LIMIT gets only the exact comparisons. Pairs the member said are different
people are never proposed. The result replaces the member's DuplicatePair rows.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from netwerk.lib.textnorm import fold

from .models import (
    SURNAME_PREFIXES,
    Contact,
    ContactMethod,
    DuplicatePair,
    DuplicateReason,
    DuplicateScan,
    MethodKind,
    MethodType,
    NotSamePerson,
)
from .locks import lock_member

SHARED_KEY_LIMIT = 5
FUZZY_GROUP_LIMIT = 3000
SIMILAR_SURNAME = 88
CANDIDATE_SURNAME = 70
SIMILAR_FIRST_NAME = 85
MAX_PAIRS = 5000

SCORES = {
    DuplicateReason.PROFILE: 100,
    DuplicateReason.EMAIL: 95,
    DuplicateReason.PHONE: 90,
    DuplicateReason.NAME_COMPANY: 85,
    DuplicateReason.INITIAL_COMPANY: 75,
    DuplicateReason.SIMILAR_NAME: 70,
    DuplicateReason.SAME_NAME: 55,
}

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_LEGAL_FORMS = frozenset(
    "bv nv vof cv bvba sa sarl gmbh ag ltd limited inc llc plc co corp holding group groep".split()
)
_PREFIX_WORDS = sorted({tuple(fold(prefix).split()) for prefix in SURNAME_PREFIXES if fold(prefix)}, key=len, reverse=True)


def words(text: str) -> list[str]:
    """Folded words: ASCII text the fast way (lower case, apostrophes joined), the rest
    through textnorm.fold, which both agree with."""
    if text.isascii():
        return _NOT_WORD.sub(" ", text.lower().replace("'", "").replace("`", "")).split()
    return fold(text).split()


def surname_key(last_name: str) -> str:
    """The surname without its leading prefixes, folded: "van der Meer" -> "meer"."""
    parts = words(last_name)
    for prefix in _PREFIX_WORDS:
        if len(parts) > len(prefix) and tuple(parts[: len(prefix)]) == prefix:
            parts = parts[len(prefix):]
            break
    return "".join(parts)


def company_key(company: str) -> str:
    """A company compared without case, punctuation or legal form: "Acme B.V." = "ACME"."""
    text = company.replace(".", "") if company.isascii() else company
    return " ".join(word for word in words(text) if word not in _LEGAL_FORMS)


@dataclass(slots=True)
class Person:
    id: int
    first: str  # folded first name, words joined by one space
    initial: str
    surname: str
    company: str
    full: str


def person(contact_id: int, first_name: str, last_name: str, company: str) -> Person:
    first_words = words(first_name)
    last = last_name
    if not last and len(first_words) > 1:  # the whole name in one field
        last = first_name.split(None, 1)[1] if first_name.isascii() else " ".join(first_words[1:])
        first_words = first_words[:1]
    first = " ".join(first_words)
    surname = surname_key(last)
    return Person(
        id=contact_id,
        first=first,
        initial=first[:1],
        surname=surname,
        company=company_key(company),
        full=f"{first} {surname}".strip(),
    )


class Pairs:
    """The best reason found so far for each pair of contact ids (lower id first)."""

    def __init__(self, excluded: set[tuple[int, int]]):
        self.best: dict[tuple[int, int], str] = {}
        self.excluded = excluded

    def add(self, a: int, b: int, reason: str) -> None:
        if a == b:
            return
        pair = (a, b) if a < b else (b, a)
        if pair in self.excluded:
            return
        current = self.best.get(pair)
        if current is None or SCORES[reason] > SCORES[current]:
            self.best[pair] = reason

    def add_group(self, ids: list[int], reason: str) -> None:
        if 1 < len(ids) <= SHARED_KEY_LIMIT:
            for index, a in enumerate(ids):
                for b in ids[index + 1:]:
                    self.add(a, b, reason)

    def ranked(self) -> list[tuple[int, int, int, str]]:
        rows = [(SCORES[reason], a, b, reason) for (a, b), reason in self.best.items()]
        rows.sort(key=lambda row: (-row[0], row[1], row[2]))
        return rows[:MAX_PAIRS]


def first_names_agree(one: Person, other: Person) -> str | None:
    """How two first names of one surname and company agree: the reason, or None."""
    if one.first == other.first:
        return DuplicateReason.NAME_COMPANY if one.first else None
    if not one.initial or one.initial != other.initial:
        return None
    shorter, longer = sorted((one.first, other.first), key=len)
    if len(shorter) == 1 or (len(shorter) <= 2 and longer.startswith(shorter)):
        return DuplicateReason.INITIAL_COMPANY  # "J." or "J.W." against "Jan" / "Jan Willem"
    if fuzz.ratio(one.first, other.first) >= SIMILAR_FIRST_NAME:
        return DuplicateReason.SIMILAR_NAME
    return None


def find_pairs(people: list[Person], keys: dict[tuple[str, str], list[int]], excluded: set[tuple[int, int]]):
    pairs = Pairs(excluded)
    for (kind, _key), ids in keys.items():
        pairs.add_group(ids, kind)
    by_company: dict[str, list[Person]] = defaultdict(list)
    by_name: dict[str, list[int]] = defaultdict(list)
    for one in people:
        if one.company:
            by_company[one.company].append(one)
        elif one.surname and one.first and len(one.first) > 1:
            by_name[one.full].append(one.id)
    for ids in by_name.values():
        pairs.add_group(ids, DuplicateReason.SAME_NAME)
    for members in by_company.values():
        if len(members) > 1:
            _compare_colleagues(members, pairs)
    return pairs.ranked()


def _compare_colleagues(members: list[Person], pairs: Pairs) -> None:
    """Pairs among the people of one company: same surname (first names agreeing), or a
    very similar surname with the same initial."""
    by_surname: dict[str, list[Person]] = defaultdict(list)
    by_initial: dict[str, list[Person]] = defaultdict(list)
    for one in members:
        if one.surname:
            by_surname[one.surname].append(one)
            by_initial[one.initial].append(one)
    for group in by_surname.values():
        if len(group) > FUZZY_GROUP_LIMIT:  # only the same first name, by hashing
            same_first: dict[str, list[int]] = defaultdict(list)
            for one in group:
                if one.first:
                    same_first[one.first].append(one.id)
            for ids in same_first.values():
                pairs.add_group(ids, DuplicateReason.NAME_COMPANY)
        elif len(group) > 1:
            for index, one in enumerate(group):
                for other in group[index + 1:]:
                    if reason := first_names_agree(one, other):
                        pairs.add(one.id, other.id, reason)
    for group in by_initial.values():
        if not 1 < len(group) <= FUZZY_GROUP_LIMIT:
            continue
        surnames = [one.surname for one in group]
        for i, surname in enumerate(surnames):
            # extract() compares in C: one call per name, not per pair.
            for other, score, j in process.extract(
                surname, surnames, scorer=fuzz.ratio, score_cutoff=CANDIDATE_SURNAME, limit=None
            ):
                if i < j and other != surname and similar_surnames(surname, other, score) \
                        and first_names_agree(group[i], group[j]):
                    pairs.add(group[i].id, group[j].id, DuplicateReason.SIMILAR_NAME)


def similar_surnames(one: str, other: str, score: float) -> bool:
    """A typo apart: close by rapidfuzz's ratio, or one edit (a letter added, dropped,
    changed or two swapped) in surnames of at least four letters."""
    return score >= SIMILAR_SURNAME or (min(len(one), len(other)) >= 4 and OSA.distance(one, other, score_cutoff=1) <= 1)


def read_people(owner) -> tuple[list[Person], dict[tuple[str, str], list[int]]]:
    """The member's active contacts as Persons, and the contact ids per reachable key."""
    people = []
    keys: dict[tuple[str, str], list[int]] = defaultdict(list)
    rows = (
        Contact.objects.owned_by(owner)
        .active()
        .order_by()
        .values_list("id", "first_name", "last_name", "company", "profile_url", "email", "private_email", "phone")
    )
    for contact_id, first, last, company, profile_url, email, private_email, phone in rows.iterator(chunk_size=5000):
        people.append(person(contact_id, first, last, company))
        if profile_url:
            keys[(DuplicateReason.PROFILE, profile_url)].append(contact_id)
        for address in {email.casefold(), private_email.casefold()} - {""}:
            keys[(DuplicateReason.EMAIL, address)].append(contact_id)
        if phone:
            keys[(DuplicateReason.PHONE, str(phone))].append(contact_id)
    methods = (
        ContactMethod.objects.filter(owner=owner, contact__status="active")
        .exclude(kind=MethodKind.PROFILE, type=MethodType.WEBSITE)
        .values_list("contact_id", "kind", "key")
    )
    reason_of = {MethodKind.EMAIL: DuplicateReason.EMAIL, MethodKind.PHONE: DuplicateReason.PHONE,
                 MethodKind.PROFILE: DuplicateReason.PROFILE}
    for contact_id, kind, key in methods.iterator(chunk_size=5000):
        ids = keys[(reason_of[kind], key)]
        if contact_id not in ids:
            ids.append(contact_id)
    return people, keys


def excluded_pairs(owner) -> set[tuple[int, int]]:
    return set(NotSamePerson.objects.owned_by(owner).values_list("first_id", "second_id"))


def scan(owner) -> list[tuple[int, int, int, str]]:
    """The member's likely duplicate pairs, best first: (score, first id, second id, reason)."""
    people, keys = read_people(owner)
    return find_pairs(people, keys, excluded_pairs(owner))


def refresh(owner) -> int:
    """Scan the member's contacts and keep the pairs found in place of the last scan's."""
    found = scan(owner)
    with transaction.atomic():
        lock_member(owner)
        # A contact merged or deleted while the scan ran is skipped, not an error.
        alive = set(
            Contact.objects.owned_by(owner).active().filter(
                pk__in={a for _s, a, _b, _r in found} | {b for _s, _a, b, _r in found}
            ).values_list("pk", flat=True)
        ) if found else set()
        DuplicatePair.objects.filter(owner=owner).delete()
        DuplicatePair.objects.bulk_create(
            [
                DuplicatePair(owner=owner, first_id=a, second_id=b, score=score, reason=reason)
                for score, a, b, reason in found
                if a in alive and b in alive
            ],
            batch_size=1000,
        )
        count = DuplicatePair.objects.filter(owner=owner).count()
        DuplicateScan.objects.update_or_create(
            owner=owner, defaults={"finished_at": timezone.now(), "pairs": count, "requested_at": None}
        )
    return count


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def forget_pairs_of(contact_ids: Iterable[int]) -> None:
    """Drop the proposed pairs of these contacts (merged, archived or changed)."""
    ids = list(contact_ids)
    DuplicatePair.objects.filter(first_id__in=ids).delete()
    DuplicatePair.objects.filter(second_id__in=ids).delete()
