"""Real export files in every form LinkedIn (and a spreadsheet) has written them."""

import io
import zipfile
from datetime import date

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    'You will only see email addresses for connections who have allowed their connections to see or download '
    'their email address using this setting https://www.linkedin.com/psettings/privacy/email. '
    'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
HEADER_2023 = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
HEADER_OLD = "First Name,Last Name,Email Address,Company,Position,Connected On"


def person(n: int) -> dict:
    return {
        "first": f"Voornaam{n}",
        "last": f"Achternaam {n}",
        "url": f"https://www.linkedin.com/in/persoon-{n}",
        "email": f"persoon{n}@example.nl" if n % 3 == 0 else "",
        "company": f"Bedrijf {n % 7}",
        "position": f"Functie {n % 5}",
        "connected": date(2018 + n % 6, 1 + n % 12, 1 + n % 28),
    }


def _quote(value: str, separator: str = ",") -> str:
    if any(ch in value for ch in (separator, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def connections_2023(people: list[dict], *, hidden: int = 0) -> bytes:
    """Since 2023: preamble, URL column, `09 Sep 2022` dates; hidden profiles hold only a date."""
    lines = [HEADER_2023]
    for p in people:
        cells = [p["first"], p["last"], p["url"], p["email"], p["company"], p["position"], p["connected"].strftime("%d %b %Y")]
        lines.append(",".join(_quote(c) for c in cells))
    for _ in range(hidden):
        lines.append(",,,,,,09 Sep 2022")
    return (PREAMBLE + "\n".join(lines) + "\n").encode()


def connections_2021(people: list[dict]) -> bytes:
    """Mid-2021 to 2023: preamble, no URL column."""
    lines = [HEADER_OLD]
    for p in people:
        cells = [p["first"], p["last"], p["email"], p["company"], p["position"], p["connected"].strftime("%d %b %Y")]
        lines.append(",".join(_quote(c) for c in cells))
    return (PREAMBLE + "\n".join(lines) + "\n").encode()


def connections_2018(people: list[dict]) -> bytes:
    """2018: no preamble, no URL, `1/8/18, 6:14 PM` dates."""
    lines = [HEADER_OLD]
    for p in people:
        d = p["connected"]
        stamp = f"{d.month}/{d.day}/{d:%y}, 6:14 PM"
        cells = [p["first"], p["last"], p["email"], p["company"], p["position"], stamp]
        lines.append(",".join(_quote(c) for c in cells))
    return ("\n".join(lines) + "\n").encode()


def connections_spreadsheet(people: list[dict]) -> bytes:
    """Re-saved by a spreadsheet: byte-order mark, CRLF, `;` separator, `9-Sep-22` dates."""
    lines = ["First Name;Last Name;URL;Email Address;Company;Position;Connected On"]
    for p in people:
        d = p["connected"]
        stamp = f"{d.day}-{d:%b}-{d:%y}"
        cells = [p["first"], p["last"], p["url"], p["email"], p["company"], p["position"], stamp]
        lines.append(";".join(_quote(c, ";") for c in cells))
    return b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode()


INVITATIONS_HEADER_NEW = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
INVITATIONS_HEADER_OLD = "From,To,Sent At,Message,Direction"


def invitations(rows: list[tuple], *, with_urls: bool = True) -> bytes:
    """rows: (from, to, sent_at text, message, direction, inviter url, invitee url)."""
    lines = [INVITATIONS_HEADER_NEW if with_urls else INVITATIONS_HEADER_OLD]
    for row in rows:
        cells = list(row if with_urls else row[:5])
        lines.append(",".join(_quote(c) for c in cells))
    return ("\n".join(lines) + "\n").encode()


INVITATION_ROWS = [
    ("Sanne de Vries", "Owner Member", "8/26/22, 8:56 PM", "Hoi! We spraken elkaar op de borrel in Utrecht.", "INCOMING",
     "https://www.linkedin.com/in/sanne-de-vries", "https://www.linkedin.com/in/owner"),
    ("Bram Bakker", "Owner Member", "9/1/22, 9:05 AM", "", "INCOMING", "https://www.linkedin.com/in/brambakker", ""),
    ("Owner Member", "Noor Visser", "10/3/22, 11:30 AM", "Leuk je te spreken bij Computaal, laten we contact houden.",
     "OUTGOING", "https://www.linkedin.com/in/owner", "https://www.linkedin.com/in/noor-visser"),
]


def export_zip(files: dict[str, bytes], *, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**files, **(extra or {})}.items():
            archive.writestr(name, data)
    return buffer.getvalue()
