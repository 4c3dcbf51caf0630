"""Topic of an item: weighted keyword and phrase scores over the closed ``Category`` vocabulary.

Vocabulary (ticker.models.Category):

- casualties: deaths, injuries, victims, death tolls, mourning
- arrests: detentions, custody, charges, prosecutions, treason cases
- security: troops, deployments, military or police operations, orders to shoot, clashes with forces
- government: leaders, decrees, dismissals, appointments, resignations, states of emergency
- international: foreign reactions, diplomacy, calls for restraint, sanctions, travel warnings
- communications: internet and phone shutdowns, media, press freedom, censorship
- economy: prices, fuel, trade, exports, banks, inflation
- protests: demonstrations, riots, unrest, rallies
- background: history, context and analysis; also the answer when nothing scores

The title and the opening 200 characters count double; each claim adds to the
category of its metric. Offline trials found plain keyword lists beat TF-IDF
and zero-shot models on this kind of text.
"""

from __future__ import annotations

import re

from ticker.models import Category, Claim, Metric

_LEXICON: dict[Category, dict[str, float]] = {
    Category.CASUALTIES: {
        "killed": 2,
        "dead": 1.5,
        "deaths": 2,
        "died": 2,
        "death toll": 3,
        "injured": 2,
        "wounded": 2,
        "victims": 1.5,
        "casualties": 2,
        "bodies": 1.5,
        "mourning": 2,
        "fatalities": 2,
        "eliminated": 1,
    },
    Category.ARRESTS: {
        "arrested": 2.5,
        "arrests": 2.5,
        "detained": 2.5,
        "detention": 2,
        "custody": 2.5,
        "treason": 2,
        "charged": 1.5,
        "criminal proceedings": 2,
        "prosecutor": 1.5,
        "accused of": 1.5,
        "investigation": 1,
    },
    Category.SECURITY: {
        "troops": 2,
        "soldiers": 2,
        "military": 1.5,
        "deployment": 2,
        "deployed": 2,
        "peacekeeping": 2,
        "security forces": 2,
        "army": 1.5,
        "operation": 1,
        "anti-terrorism": 2,
        "order to shoot": 2.5,
        "shoot": 1.5,
        "open fire": 2,
        "armored": 1.5,
        "explosions": 1.5,
        "shootings": 1.5,
        "alliance": 1,
        "paratroopers": 2,
        "military support": 2,
        "terrorists": 1,
    },
    Category.GOVERNMENT: {
        "dismissed": 2,
        "government": 0.5,
        "resigned": 2,
        "resignation": 1.5,
        "appointed": 1.5,
        "decree": 2,
        "state of emergency": 2,
        "cabinet": 1.5,
        "leadership": 1,
        "security council": 1.5,
        "reorganize": 2,
        "sacked": 2,
        "head of state": 1,
        "predecessor": 1,
        "presidential": 1,
        "took over": 1,
    },
    Category.INTERNATIONAL: {
        "foreign office": 2,
        "secretary of state": 2,
        "state department": 2,
        "calls for": 1,
        "called for": 1.5,
        "concern": 1,
        "de-escalation": 2,
        "de-escalate": 2,
        "restraint": 1.5,
        "peaceful solution": 2,
        "dialogue": 1,
        "sanctions": 2,
        "travel warning": 2.5,
        "consulate": 2,
        "consular": 2,
        "embassy": 2,
        "abroad": 1,
        "international": 1,
        "human rights": 1.5,
        "chancellor": 1,
        "phone call": 1.5,
        "telephoned": 1.5,
        "summit": 1.5,
        "nato": 1,
        "european union": 1,
        "kremlin": 1,
    },
    Category.COMMUNICATIONS: {
        "internet": 2.5,
        "mobile network": 2.5,
        "websites": 2,
        "blocked": 1,
        "shut down": 1.5,
        "switched off": 2,
        "press freedom": 2.5,
        "journalists": 2,
        "media": 1,
        "social media": 1.5,
        "censorship": 2,
        "censor": 2,
        "censored": 2,
        "television stations": 1.5,
        "reporters without borders": 2,
        "information": 0.5,
    },
    Category.ECONOMY: {
        "prices": 2,
        "fuel": 2,
        "gas": 1,
        "petrol": 2,
        "inflation": 2,
        "exports": 2,
        "export": 1.5,
        "trade": 1.5,
        "banks": 1.5,
        "oil": 1,
        "economic": 1,
        "uranium": 1.5,
        "euros": 1.5,
        "dollars": 1.5,
        "licenses": 1.5,
        "licences": 1.5,
        "permits": 1.5,
        "armaments": 1.5,
    },
    Category.PROTESTS: {
        "protests": 2,
        "protesters": 2,
        "demonstrators": 2,
        "demonstrations": 2,
        "riots": 2,
        "unrest": 1.5,
        "rallies": 2,
        "clashes": 1.5,
        "revolution": 1.5,
        "mass protests": 2,
        "rioting": 2,
        "protest": 1.5,
    },
    Category.BACKGROUND: {
        "ruled for decades": 2.5,
        "history": 1.5,
        "former soviet": 1,
        "ex-soviet": 0.5,
        "analysis": 2,
        "experts": 1,
        "considered": 1,
        "was ruled": 2,
        "rich in oil": 1.5,
        "years ago": 1,
        "in 2019": 1,
        "political foster": 1.5,
        "regarded as": 1,
    },
}
_ENTRIES: dict[str, list[tuple[Category, float]]] = {}
for _cat, _words in _LEXICON.items():
    for _word, _weight in _words.items():
        _ENTRIES.setdefault(_word, []).append((_cat, _weight))
# how many words the longest phrase starting with a word has: most words start none
_LONGEST_FROM: dict[str, int] = {}
for _phrase in _ENTRIES:
    _first, _size = _phrase.split()[0], len(_phrase.split())
    _LONGEST_FROM[_first] = max(_LONGEST_FROM.get(_first, 0), _size)


def _hits(text: str) -> list[str]:
    """Lexicon phrases in ``text``; at each word the longest phrase wins ("mass protests")."""
    words = re.findall(r"[a-z][a-z-]*", text.lower())
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(_LONGEST_FROM.get(words[i], 0), 0, -1):
            phrase = " ".join(words[i : i + n])
            if phrase in _ENTRIES:
                out.append(phrase)
                i += n
                break
        else:
            i += 1
    return out


LEAD_CHARS = 200
CLAIM_WEIGHT = 3.0  # a figure tied to a metric is the news of the item
_BY_METRIC = {
    Metric.KILLED: Category.CASUALTIES,
    Metric.INJURED: Category.CASUALTIES,
    Metric.ARRESTED: Category.ARRESTS,
    Metric.DEPLOYED: Category.SECURITY,
    Metric.ATTACKING: Category.SECURITY,
    Metric.PROTESTING: Category.PROTESTS,
}


def classify(
    title: str, text: str, claims: tuple[Claim, ...] = ()
) -> tuple[Category, float, Category | None]:
    """(category, confidence in [0, 1], runner-up when it scores at least half the winner's)."""
    scores = dict.fromkeys(Category, 0.0)
    # the title and the opening say what the item is about; the rest is context
    for source, factor in ((title, 2.0), (text[:LEAD_CHARS], 1.0), (text, 1.0)):
        for phrase in _hits(source):
            for cat, weight in _ENTRIES[phrase]:
                scores[cat] += factor * weight
    for claim in claims:
        if claim.metric in _BY_METRIC:
            scores[_BY_METRIC[claim.metric]] += CLAIM_WEIGHT
    ranked = sorted(Category, key=lambda c: (-scores[c], list(Category).index(c)))
    top, second = ranked[0], ranked[1]
    total = sum(scores.values())
    if total == 0:
        return Category.BACKGROUND, 0.0, None
    runner_up = second if scores[second] >= 0.5 * scores[top] and scores[second] > 0 else None
    return top, scores[top] / total, runner_up
