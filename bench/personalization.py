#!/usr/bin/env python
"""The personalization check is linear: no text makes it slow.

For each adversarial text (the old signature regex's poison ".best"*n+"#", closings,
greetings, stock phrases, brackets, invisible characters, look-alikes, the widest
compatibility forms, random Unicode) at several lengths up to the largest a form
accepts, measures `problems()` against a plain sentence of the same length (the
baseline, measured in the same run) and prints the ratio. Also prints how the time grows
from the shortest to the longest length, against the growth of the length itself.

Exits 1 when an adversarial text costs more than MAX_RATIO times the plain text of its
length, or when (costing more than prose) its time grows more than MAX_GROWTH times
faster than the plain text's from the shortest to the longest length (a quadratic
check grows with the square).

    .venv/bin/python bench/personalization.py [--quick]
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")

import django  # noqa: E402

django.setup()

from invitations.personalization import MAX_TEXT_LENGTH, problems  # noqa: E402

# One character folds to at most three (netwerk.lib.textnorm), so no text of n characters
# is more than a few times the work of plain prose of n characters.
MAX_RATIO = 6.0
MAX_GROWTH = 2.0
PLAIN = "We met at the Utrecht borrel and talked about your move to a new CRM; happy to share notes. "
SENT_BEFORE = [
    ("Hi Bram, we met at the Rotterdam Tech Meetup and your Kafka story stuck with me. Coffee soon?", "Bram"),
    ("Sanne, your keynote at Marketing Live on podcasts was the best of the day. Let's stay in touch.", "Sanne"),
] * 50


def repeated(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def random_unicode(length: int) -> str:
    rng = random.Random(length)  # noqa: S311 - test data, not security
    return "".join(chr(rng.choice((rng.randint(32, 0x2FFF), rng.randint(0x1D400, 0x1D7FF)))) for _ in range(length))


ADVERSARIAL = {
    "signature poison .best*n+#": lambda n: repeated(".best", n - 1) + "#",
    "closings": lambda n: repeated("groet, ", n),
    "greetings + name": lambda n: repeated("Hi Anne ", n),
    "stock phrases": lambda n: repeated("let's connect ", n),
    "brackets": lambda n: "[" * n,
    "zero-width between letters": lambda n: repeated("a\u200b", n),
    "zero-width only": lambda n: "\u200b" * n,
    "look-alikes": lambda n: repeated("I'd likе tо аdd yоu ", n),
    "one long word": lambda n: "x" * n,
    "widest compatibility form": lambda n: "\ufdfa" * n,
    "random unicode": random_unicode,
}


def seconds(text: str, repeats: int) -> float:
    """Best time of one check, with a member's history of 100 earlier texts (the best of
    several: the machine is shared, and other work only ever adds time)."""
    problems(text, recipient_name="Anne de Vries", sent_before=SENT_BEFORE)  # warm the caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        problems(text, recipient_name="Anne de Vries", sent_before=SENT_BEFORE)
        times.append(time.perf_counter() - start)
    return min(times)


def ratio(text: str, n: int, repeats: int) -> tuple[float, float]:
    """(time of `text`, its ratio to the plain text of the same length), measured
    alternately so that a burst of load on the shared machine hits both."""
    plain = repeated(PLAIN, n)
    mine, base = [], []
    for _ in range(3):
        base.append(seconds(plain, repeats))
        mine.append(seconds(text, repeats))
    return min(mine), min(mine) / min(base)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and lengths (CI, a busy machine)")
    args = parser.parse_args()
    repeats = 3 if args.quick else 9
    lengths = [300, MAX_TEXT_LENGTH] if args.quick else [300, 1000, 2500, MAX_TEXT_LENGTH]
    baseline = {n: seconds(repeated(PLAIN, n), repeats) for n in lengths}
    for n in lengths:
        print(f"baseline, plain text of {n} characters: {baseline[n] * 1000:.2f} ms")
    ok = True
    plain_growth = baseline[lengths[-1]] / baseline[lengths[0]]
    print(f"plain text: {plain_growth:.1f}x the time for {lengths[-1] / lengths[0]:.1f}x the length")
    print(f"\n{'ratio to plain text of':<30}" + "".join(f"{n:>10}" for n in lengths) + "   growth / plain growth")
    for name, make in ADVERSARIAL.items():
        ratios = {n: ratio(make(n), n, repeats)[1] for n in lengths}
        # Its growth over the plain text's growth, both from the alternating measurements.
        growth = ratios[lengths[-1]] / ratios[lengths[0]]
        # Growth matters where the text costs more than prose; far cheaper ones only
        # measure noise.
        miss = max(ratios.values()) > MAX_RATIO or (growth > MAX_GROWTH and ratios[lengths[-1]] > 1)
        ok &= not miss
        print(
            f"{name:<30}"
            + "".join(f"{ratios[n]:>9.2f}x" for n in lengths)
            + f"   {growth:>5.2f}x{'  MISSED' if miss else ''}"
        )
    print(f"\ntarget: every ratio to the plain text <= {MAX_RATIO}x; growth <= {MAX_GROWTH}x the plain text's growth")
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
