"""Word lists for telling people, organisations and places apart in capitalised spans."""

from __future__ import annotations

from functools import cache

from ticker.enrich import lexicon
from ticker.enrich.gazetteer import Place, lookup, place_key
from ticker.enrich.media import MEDIA_NAMES
from ticker.enrich.words import wordset

# role words before a name: "Federal Justice Minister Marco Buschmann", "Kremlin spokesman Dmitry Peskov"
ROLES = wordset(
    "president presidents prime minister ministers chancellor secretary general vice-secretary deputy "
    "spokesman spokeswoman spokesperson chairman chairwoman chair head chief leader ruler expert "
    "politician dissident activist ambassador envoy governor mayor senator king queen prince princess "
    "sheikh emir commander colonel general lieutenant mr mrs ms dr prof professor judge prosecutor "
    "colleague journalist correspondent reporter analyst premier pope director ceo founder "
    "ex-president ex-prime ex-minister ex-secret vice counterpart opposition"
)
# words that may sit inside a role, before the name: "Federal Justice Minister", "US Secretary of State"
ROLE_PARTS = wordset(
    "federal justice foreign interior defence defense finance economy health state home first former "
    "acting interim deputy vice of the commission secret service government"
)
ORG_HEADS = wordset(
    "ministry organization organisation office council committee agency union party service services "
    "department commission parliament duma court bank army front alliance treaty association institute "
    "university assembly senate congress police guard forces foundation fund network group borders watch "
    "international channel broadcaster television radio company corporation "
    "administration secretariat bureau authority cabinet government community federation league "
    "movement coalition brigade battalion command nations cross crescent"
)
# bodies news names bare, and the media (sources, but organisations all the same)
KNOWN_ORGS = (
    MEDIA_NAMES
    | wordset("kremlin pentagon elysee élysée bundestag duma knesset")
    | wordset("nato osce eu un unicef unhcr who imf opec csto g7 g20")
    | {"white house", "downing street"}
)
MEDIA_DESCRIPTORS = wordset(
    "broadcaster agency station channel portal newspaper website outlet daily weekly magazine radio network"
)
# platforms are how news travels, not actors in it
NOT_NAMES = wordset(
    "twitter facebook instagram telegram whatsapp youtube tiktok reddit tumblr internet web google "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december update source photo video read see news live ticker "
    "also more latest first report trends translate avatar tv am pm ok id ii iii iv xvi xiv"
)
# first or last words that make a name a place: "Strait of ...", "Arctic Ocean", "... Region"
GEO_HEADS = wordset(
    "ocean sea strait straits gulf bay river lake island islands isle peninsula mount mountain mountains "
    "desert valley coast province region county district territory oblast prefecture governorate canal basin"
)
# words before a lone name that make it a place: "in Ostrobothnia", "near Tasmania"
LOCATIVES = wordset("in near across outside inside throughout into northern southern eastern western central")
STARTERS = wordset(
    "the a an in on at after before according but and or however meanwhile this that these those there "
    "it he she they we i you his her their our its some many several most all other another last next "
    "since while when where what who why how even also only now today yesterday tomorrow if as for with "
    "from by to of not no yes so then thus still because although though during until unless both each "
    "every such here one two three four five six seven eight nine ten dear please let"
)
DEMONYMS = wordset(
    "french dutch british english welsh scottish irish swiss greek turkish polish danish swedish finnish "
    "spanish portuguese soviet western eastern northern southern arab islamic muslim christian jewish "
    "persian filipino thai kurdish uzbek norwegian icelandic czech slovak hungarian serbian croatian "
    "belarusian german kazakh russian chinese ukrainian armenian georgian tajik kyrgyz turkmen afghan "
    "iranian iraqi syrian israeli palestinian egyptian european asian african american canadian mexican "
    "brazilian indian pakistani japanese korean vietnamese indonesian central"
)
# verbs after a name that make it an actor: speaking (the lexicon's speech verbs) or acting
SPEECH_VERBS = frozenset(lexicon.SPEECH_VERBS) | wordset(
    "warned added called urged asked spoke speaks criticized criticised condemned praised accused "
    "ordered dismissed supports supported signed met visited described defended insisted argued denied "
    "rejected replied telephoned welcomed demanded promised threatened appointed interpreted considers "
    "considered reiterated stressed explained admitted"
)
PARTICLES = wordset("von van der den de da di del la le du dos das al el bin ibn ter ten")


@cache
def is_demonym(word: str) -> bool:
    """Kazakh, Russian, Belarusian: adjectives of a place, never the place itself."""
    return place_key(word) in DEMONYMS or demonym_place(word) is not None


# adjectives of a country no suffix rule gets back to its name
_IRREGULAR = {
    "french": "France",
    "dutch": "Netherlands",
    "british": "United Kingdom",
    "english": "England",
    "welsh": "Wales",
    "scottish": "Scotland",
    "irish": "Ireland",
    "swiss": "Switzerland",
    "greek": "Greece",
    "polish": "Poland",
    "danish": "Denmark",
    "swedish": "Sweden",
    "finnish": "Finland",
    "spanish": "Spain",
    "portuguese": "Portugal",
    "norwegian": "Norway",
    "german": "Germany",
    "thai": "Thailand",
    "filipino": "Philippines",
    "peruvian": "Peru",
    "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates",
    "cypriot": "Cyprus",
    "malagasy": "Madagascar",
    "monegasque": "Monaco",
    "lao": "Laos",
    "burmese": "Myanmar",
    "yemeni": "Yemen",
    "czech": "Czechia",
    "slovak": "Slovakia",
    "nigerien": "Niger",
    "belgian": "Belgium",
    "panamanian": "Panama",
    "salvadoran": "El Salvador",
    "ivorian": "Ivory Coast",
    "mozambican": "Mozambique",
    "macedonian": "North Macedonia",
    "montenegrin": "Montenegro",
    "bosnian": "Bosnia and Herzegovina",
    "omani": "Oman",
    "qatari": "Qatar",
}
_SUFFIXES = ("ian", "ean", "ien", "an", "ese", "ish", "ic", "i", "e")
_ENDINGS = ("", "a", "ia", "y", "e", "o", "s", "es", "as", "on", "ey")


@cache
def demonym_place(word: str) -> Place | None:
    """The country or region an adjective or people names: "Norwegian", "Chileans", "North Korean"."""
    low = place_key(word)
    if len(low) < 4 or lookup(word) is not None:
        return None
    for form in dict.fromkeys((low, low[:-1] if low.endswith("s") else low)):
        head, _, last = form.rpartition(" ")
        if last in _IRREGULAR:
            return lookup(f"{head} {_IRREGULAR[last]}".strip())
        # "Kazakh", "Afghan": the country adds -stan; else cut a suffix and try the endings
        names = [form + "stan", form + "istan"]
        names += [form[: -len(cut)] + end for cut in _SUFFIXES if form.endswith(cut) for end in _ENDINGS]
        # of several ("Niger", "Nigeria" for "Nigerian") the one sharing the most letters with the word
        found = [(_shared(n, form), n) for n in names if len(n) > 3 and _country(n)]
        if found:
            return lookup(max(found)[1])
    return None


def _shared(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _country(key: str) -> bool:
    place = lookup(key)
    return place is not None and place.kind != "city"
