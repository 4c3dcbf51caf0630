"""The word lists claims are read with: which words name a metric, a subject, a qualifier.

Everything here maps open English onto the closed vocabularies in ticker.models;
nothing is specific to one story.
"""

from __future__ import annotations

from ticker.enrich.words import wordlist, wordset
from ticker.models import Metric, Qualifier

# words after a number (or its subject) that say what happened to the counted
METRIC_AFTER: dict[str, Metric] = {
    **dict.fromkeys(
        wordlist(
            "killed dead died die dies death deaths fatalities perished eliminated murdered slain lives "
            "executed"
        ),
        Metric.KILLED,
    ),
    **dict.fromkeys(
        wordlist("injured injuries wounded hurt hospitalised hospitalized injuring wounding"), Metric.INJURED
    ),
    **dict.fromkeys(
        wordlist(
            "arrested arrests arrest detained detentions detainees custody jailed apprehended imprisoned"
        ),
        Metric.ARRESTED,
    ),
    **dict.fromkeys(wordlist("missing disappeared unaccounted"), Metric.MISSING),
    **dict.fromkeys(wordlist("displaced homeless fled refugees"), Metric.DISPLACED),
    **dict.fromkeys(wordlist("evacuated evacuations"), Metric.EVACUATED),
    **dict.fromkeys(
        wordlist("deployed deployment sent dispatched stationed arrived mobilised mobilized"), Metric.DEPLOYED
    ),
    **dict.fromkeys(wordlist("protested demonstrated rallied marched gathered"), Metric.PROTESTING),
    **dict.fromkeys(wordlist("attacked attacking stormed raided"), Metric.ATTACKING),
    "affected": Metric.AFFECTED,
}

# active verbs right before a number: "killing 12", "police detained 40", "sent thousands of"
METRIC_VERB_BEFORE: dict[str, Metric] = {
    **dict.fromkeys(wordlist("killed killing kills killed"), Metric.KILLED),
    **dict.fromkeys(wordlist("injured injuring wounded wounding"), Metric.INJURED),
    **dict.fromkeys(wordlist("arrested arresting detained detaining"), Metric.ARRESTED),
    **dict.fromkeys(wordlist("displaced displacing"), Metric.DISPLACED),
    **dict.fromkeys(wordlist("evacuated evacuating"), Metric.EVACUATED),
    **dict.fromkeys(
        wordlist("deployed deploying deploy sent sending send dispatched dispatching"), Metric.DEPLOYED
    ),
}

# nouns followed by "of" before a number: "the deaths of 18", "the deployment of the 2,500"
METRIC_NOUN_OF: dict[str, Metric] = {
    **dict.fromkeys(wordlist("death deaths killing killings"), Metric.KILLED),
    **dict.fromkeys(wordlist("arrest arrests detention detentions"), Metric.ARRESTED),
    **dict.fromkeys(wordlist("deployment dispatch"), Metric.DEPLOYED),
    **dict.fromkeys(wordlist("evacuation"), Metric.EVACUATED),
}


class Who:
    """Kinds of counted subject; TROOPS resolves to soldiers, foreign troops or security forces."""

    PEOPLE = "people"
    PROTESTERS = "protesters"
    CIVILIANS = "civilians"
    SECURITY = "security_forces"
    TROOPS = "troops"
    ATTACKERS = "attackers"


SUBJECT_WORDS: dict[str, str] = {
    **dict.fromkeys(wordlist("people persons individuals victims others"), Who.PEOPLE),
    **dict.fromkeys(
        wordlist("protesters protestors demonstrators rioters activists marchers"), Who.PROTESTERS
    ),
    **dict.fromkeys(
        wordlist("civilians residents bystanders children women journalists students passengers"),
        Who.CIVILIANS,
    ),
    **dict.fromkeys(wordlist("police policemen policewomen officers gendarmes guards"), Who.SECURITY),
    **dict.fromkeys(
        wordlist(
            "soldiers troops troop paratroopers peacekeepers servicemen personnel marines force contingent"
        ),
        Who.TROOPS,
    ),
    **dict.fromkeys(
        wordlist(
            "terrorists bandits attackers militants gunmen fighters insurgents assailants rebels extremists "
            "criminals"
        ),
        Who.ATTACKERS,
    ),
}
FOREIGN_MODIFIERS = wordset("foreign international peacekeeping allied alliance coalition peacekeepers")

# longest first; matched on the lowercase words right before a number
QUALIFIERS: tuple[tuple[tuple[str, ...], Qualifier], ...] = tuple(
    sorted(
        (
            (tuple(phrase.split()), qualifier)
            for qualifier, phrases in {
                Qualifier.MORE_THAN: [
                    "more than",
                    "over",
                    "upwards of",
                    "in excess of",
                    "above",
                    "well over",
                ],
                Qualifier.AT_LEAST: [
                    "at least",
                    "no fewer than",
                    "no less than",
                    "not less than",
                    "a minimum of",
                ],
                Qualifier.ALMOST: ["almost", "nearly", "close to", "just under", "just below", "not quite"],
                Qualifier.UP_TO: ["up to", "as many as", "a maximum of", "at most", "no more than"],
                Qualifier.ABOUT: [
                    "about",
                    "around",
                    "approximately",
                    "roughly",
                    "some",
                    "an estimated",
                    "estimated",
                    "circa",
                    "approx",
                    "an approximate",
                ],
            }.items()
            for phrase in phrases
        ),
        key=lambda pair: -len(pair[0]),
    )
)

# the word after a number that makes it a measure, not a count of people
UNITS = wordset(
    "year years yr yrs old day days week weeks month months hour hours minute minutes second seconds "
    "decade decades century centuries percent per % km kilometres kilometers miles metres meters tonnes "
    "tons kg euros euro eur dollars dollar usd rubles roubles tenge pounds yuan times o'clock am pm "
    "mph degrees inhabitants population gb mb st nd rd th"
)
MONTHS = wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
CURRENCY = wordset("$ € £ ¥ ₽ ₸")
# a metric or scope search stops at these: a new clause has begun
CLAUSE_STOPS = wordset("; : . which where when after because while but although whereas since whom whose if")
AUXILIARIES = wordset("is are was were be been being have has had will would could should may might")
# "in two markets in Almaty" is a part of the story; "across the country" is all of it
LOCATION_NOUNS = wordset(
    "market markets square city town village villages district districts region regions province "
    "provinces oblast capital metropolis prison prisons hospital hospitals street streets neighbourhood "
    "neighborhood suburb suburbs camp camps airport building buildings station port area areas border "
    "school schools university campus mosque church compound base"
)
NATIONAL = ("the country", "nationwide", "the whole country", "the entire country", "all regions")
