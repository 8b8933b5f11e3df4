"""The time-zone choices: grouped by region, named in the member's language, the
member's likely zone first.

About 430 IANA zones; English IANA names ("America/Argentina/Buenos_Aires") mean little
to a Dutch member, so each is shown as its city and country in the member's language
("Buenos Aires (Argentinië)"). Babel carries CLDR, the Unicode consortium's data for
these names, well kept and in every language; the IANA name stays the stored value.
"""

from functools import lru_cache
from zoneinfo import available_timezones

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

FIRST = "Europe/Amsterdam"

REGIONS = {
    "Europe": _("Europe"),
    "America": _("America"),
    "Africa": _("Africa"),
    "Asia": _("Asia"),
    "Australia": _("Australia"),
    "Pacific": _("Pacific Ocean"),
    "Atlantic": _("Atlantic Ocean"),
    "Indian": _("Indian Ocean"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
}


def selectable_zones() -> list[str]:
    """Zones a member may pick: UTC and the canonical region/city zones, those CLDR
    places in a country (no aliases: "CET", "America/Atka" for Adak, "Etc/GMT+5")."""
    territories = get_global("zone_territories")
    return sorted(
        name
        for name in available_timezones()
        if name == "UTC" or (name.split("/")[0] in REGIONS and territories.get(name, "001") != "001")
    )


def zone_label(name: str, locale: Locale) -> str:
    """'Amsterdam (Nederland)': the city in the member's language, then the country."""
    if name == "UTC":
        return "UTC"
    city = get_timezone_location(name, locale=locale, return_city=True)
    territory = get_global("zone_territories").get(name)
    country = locale.territories.get(territory) if territory else None
    return f"{city} ({country})" if country and country != city else city


@lru_cache(maxsize=8)
def _choices(language: str) -> tuple:
    try:
        locale = Locale.parse(language, sep="-")
    except ValueError:
        locale = Locale("en")
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    other = []
    for name in selectable_zones():
        region = name.split("/")[0]
        if name == FIRST:
            continue
        entry = (name, zone_label(name, locale))
        (groups[region] if region in groups else other).append(entry)
    with override(language):
        grouped = [
            (str(REGIONS[region]), sorted(entries, key=lambda entry: entry[1].casefold()))
            for region, entries in groups.items()
            if entries
        ]
    first = (FIRST, zone_label(FIRST, locale))
    return (first, *other, *grouped)


def time_zone_choices(language: str) -> list:
    """Choices for a <select>: Europe/Amsterdam first, UTC, then one group per region,
    each sorted by its label in `language`."""
    return list(_choices((language or "en")[:2]))
