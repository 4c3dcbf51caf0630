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
            "neutralised neutralized succumbed drowned fatally mortally"
        ),
        Metric.KILLED,
    ),
    **dict.fromkeys(
        wordlist(
            "injured injuries wounded hurt hospitalised hospitalized injuring wounding casualties "
            "critical critically seriously grazed wounds non-fatal nonfatal bleeding"
        ),
        Metric.INJURED,
    ),
    **dict.fromkeys(
        wordlist(
            "arrested arrests arrest detained detentions detainees custody jailed apprehended imprisoned"
        ),
        Metric.ARRESTED,
    ),
    **dict.fromkeys(wordlist("missing disappeared unaccounted trapped"), Metric.MISSING),
    **dict.fromkeys(wordlist("displaced homeless fled refugees shelters shelter"), Metric.DISPLACED),
    **dict.fromkeys(wordlist("evacuated evacuations airlifted"), Metric.EVACUATED),
    **dict.fromkeys(
        wordlist("deployed deployment sent dispatched stationed arrived mobilised mobilized"), Metric.DEPLOYED
    ),
    **dict.fromkeys(wordlist("protested demonstrated rallied marched gathered"), Metric.PROTESTING),
    **dict.fromkeys(wordlist("attacked attacking stormed raided"), Metric.ATTACKING),
    "affected": Metric.AFFECTED,
    **dict.fromkeys(wordlist("rescued survived survivors saved"), Metric.RESCUED),
    **dict.fromkeys(wordlist("aboard onboard"), Metric.ON_BOARD),
    **dict.fromkeys(wordlist("suspended dismissed sacked"), Metric.SUSPENDED),
    "executed": Metric.EXECUTED,
    "damaged": Metric.BUILDINGS_DAMAGED,
    **dict.fromkeys(wordlist("destroyed collapsed flattened razed"), Metric.BUILDINGS_DESTROYED),
}
# two-word predicates after a number: "58 people on board", "280 were accounted for"
METRIC_PHRASES_AFTER: dict[tuple[str, str], Metric] = {
    ("on", "board"): Metric.ON_BOARD,
    ("accounted", "for"): Metric.ACCOUNTED_FOR,
    ("mowed", "down"): Metric.KILLED,
    ("gunned", "down"): Metric.KILLED,
    ("shot", "dead"): Metric.KILLED,
    ("awaiting", "rescue"): Metric.MISSING,
    ("removed", "from"): Metric.SUSPENDED,
    ("put", "up"): Metric.DISPLACED,
    ("taken", "to"): Metric.INJURED,
    ("admitted", "to"): Metric.INJURED,
    ("being", "treated"): Metric.INJURED,
    ("to", "safety"): Metric.RESCUED,
    ("pulled", "out"): Metric.RESCUED,
    ("pulled", "alive"): Metric.RESCUED,
    ("gunshot", "wounds"): Metric.SHOT,
    ("bullet", "wounds"): Metric.SHOT,
    ("gunshot", "wound"): Metric.SHOT,
}
# a negation before these turns them round: "533 had not been accounted for" are missing
NEGATED: dict[Metric, Metric] = {Metric.ACCOUNTED_FOR: Metric.MISSING}
NEGATIONS = wordset("not n't never yet")
# metrics about buildings rather than people
BUILDING_METRICS = frozenset({Metric.BUILDINGS_DAMAGED, Metric.BUILDINGS_DESTROYED})

# active verbs right before a number: "killing 12", "police detained 40", "sent thousands of"
METRIC_VERB_BEFORE: dict[str, Metric] = {
    **dict.fromkeys(wordlist("killed killing kills killed"), Metric.KILLED),
    **dict.fromkeys(wordlist("injured injuring wounded wounding"), Metric.INJURED),
    **dict.fromkeys(wordlist("arrested arresting detained detaining"), Metric.ARRESTED),
    **dict.fromkeys(wordlist("displaced displacing"), Metric.DISPLACED),
    **dict.fromkeys(wordlist("evacuated evacuating airlifted airlifting"), Metric.EVACUATED),
    **dict.fromkeys(
        wordlist("deployed deploying deploy sent sending send dispatched dispatching ferrying"),
        Metric.DEPLOYED,
    ),
    **dict.fromkeys(wordlist("rescued rescuing saved saving"), Metric.RESCUED),
    **dict.fromkeys(wordlist("carrying"), Metric.ON_BOARD),
    **dict.fromkeys(wordlist("shot shooting shoots"), Metric.SHOT),
    **dict.fromkeys(wordlist("executed executing"), Metric.EXECUTED),
    **dict.fromkeys(wordlist("suspended suspending dismissed dismissing sacked"), Metric.SUSPENDED),
}
# phrases right before a number: "lost contact with 36 firefighters"
METRIC_PHRASES_BEFORE: dict[tuple[str, ...], Metric] = {
    ("lost", "contact", "with"): Metric.MISSING,
    ("search", "for"): Metric.MISSING,
    ("searching", "for"): Metric.MISSING,
}

# nouns followed by "of" before a number: "the deaths of 18", "the deployment of the 2,500"
METRIC_NOUN_OF: dict[str, Metric] = {
    **dict.fromkeys(wordlist("death deaths killing killings slaying slayings murder murders"), Metric.KILLED),
    **dict.fromkeys(wordlist("arrest arrests detention detentions"), Metric.ARRESTED),
    **dict.fromkeys(wordlist("deployment dispatch"), Metric.DEPLOYED),
    **dict.fromkeys(wordlist("evacuation"), Metric.EVACUATED),
    **dict.fromkeys(wordlist("shooting shootings"), Metric.SHOT),
    **dict.fromkeys(wordlist("rescue"), Metric.RESCUED),
}


class Who:
    """Kinds of counted subject; TROOPS resolves to soldiers, foreign troops or security forces."""

    PEOPLE = "people"
    PROTESTERS = "protesters"
    CIVILIANS = "civilians"
    SECURITY = "security_forces"
    TROOPS = "troops"
    ATTACKERS = "attackers"
    RESCUERS = "rescuers"
    MEDICS = "medics"
    VOLUNTEERS = "volunteers"
    CREW = "crew"
    BUILDINGS = "buildings"


SUBJECT_WORDS: dict[str, str] = {
    **dict.fromkeys(wordlist("people persons individuals victims others"), Who.PEOPLE),
    **dict.fromkeys(
        wordlist("protesters protestors demonstrators rioters activists marchers"), Who.PROTESTERS
    ),
    **dict.fromkeys(
        wordlist(
            "civilians residents bystanders children women men journalists students passengers tourists "
            "villagers pupils worshippers shoppers"
        ),
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
        wordlist("firefighters firemen rescuers workers responders"),
        Who.RESCUERS,
    ),
    **dict.fromkeys(wordlist("paramedics medics nurses doctors staff"), Who.MEDICS),
    **dict.fromkeys(wordlist("volunteers"), Who.VOLUNTEERS),
    **dict.fromkeys(wordlist("crew"), Who.CREW),
    **dict.fromkeys(wordlist("buildings houses homes structures"), Who.BUILDINGS),
    **dict.fromkeys(
        wordlist(
            "terrorists bandits attackers militants gunmen fighters insurgents assailants rebels extremists "
            "criminals gunman attacker assailant shooter shooters bomber bombers terrorist militant"
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
                    "~",
                ],
            }.items()
            for phrase in phrases
        ),
        key=lambda pair: -len(pair[0]),
    )
)

# the word after a number that makes it a measure, not a count of people
UNITS = wordset(
    "year years year-old years-old yr yrs old day days week weeks month months hour hours minute minutes "
    "second seconds "
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
# things counted beside people that are never a count of people: "143 fire trucks", "ten schools"
THINGS = wordset(
    "vehicles vehicle trucks truck engines engine cars car buses bus helicopters helicopter aircraft planes "
    "plane jets boats boat ships ship tanks tank ambulances ambulance shelters tents schools hospitals "
    "aftershocks aftershock tremors quakes blasts explosions bombs rockets missiles shells rounds "
    "shots bullets flights routes roads bridges districts provinces regions towns cities villages "
    "countries nations states teams units brigades battalions companies firms containers tonnes tons "
    "litres liters barrels dogs horses cattle animals sites locations points crossings checkpoints "
    "beds times floors storeys stories pages rooms dorms dormitories hostels games matches goals "
    "votes seats"
)
# words that make the number after them an identifier, not a count: "flight 235", "route 9"
IDENTIFIER_BEFORE = wordset(
    "flight flights route number gate platform bus room terminal channel magnitude level category grade "
    "scale size page chapter article section paragraph highway interstate news tv radio fox"
)
# the word after a number that makes it an address: "1200 block of", "45 Main Street"
STREET = wordset(
    "block street st avenue ave road rd drive dr lane ln boulevard blvd way court ct place pl highway "
    "terrace circle parkway pkwy"
)
# words that say the figure is a part of a total named before it in the sentence
PART_MARKERS = wordset("including includes included among")

# verbs of harm before the harmed: "Bullet kills man", "injured another", "injuring Lee Marsh"
HARM_VERBS = frozenset(
    {w for w, m in METRIC_VERB_BEFORE.items() if m in (Metric.KILLED, Metric.INJURED, Metric.SHOT)}
    | set(wordlist("kill injures wounds hurt"))
)

# what is left of the dead: "rescuers recovered 12 bodies" counts 12 dead
REMAINS = wordset("bodies corpses")
# words before "bodies" that make them organisations: "12 other bodies condemned the attack"
NOT_REMAINS = wordset("other government international official public regional local national")

# -- who says so: the verbs and words the claimant rules (enrich/attribution.py) refer to by name --

# verbs whose subject reports a figure: "the mayor tweeted that 5 died", "police put the toll at 9"
SPEECH_VERBS: tuple[str, ...] = (
    *wordlist(
        "reported reports reporting said says say saying announced announces announce confirmed confirms "
        "confirm stated states told tells claimed claims estimated estimates counted recorded registered "
        "declared wrote writes published put puts raised revised updated cited cites tweeted "
        "tweeting posted"
    ),
    *("spoke of", "speaks of", "spoken of", "speak of"),
)
# speech verbs that may follow their figure after a comma: "…, said the ministry"
INVERTING_VERBS = wordlist("reported said announced stated wrote reports says tweeted posted")
# speech verbs with an agent after them: "reported by the ministry"
BY_VERBS = wordlist("reported announced said stated confirmed published quoted tweeted posted")
# verbs an outlet relays another's words with: "the agency quoted officials as saying"
RELAY_VERBS = wordlist("report reports reported quote quotes quoted cite cites cited")
SAYING_FORMS = wordlist("saying declaring stating confirming")
# what a body issues whose words follow in the same block: "has issued a statement"
RELEASE_VERBS = (*wordlist("issued released published"), "put out")
RELEASES = wordlist("release statement bulletin communique communiqué update")
# verbs a source gives figures with, said after them: "the president reported the toll on Twitter"
GIVE_VERBS = wordlist("reported announced confirmed gave released published tweeted posted updated")
FIGURE_NOUNS = (*wordlist("toll figure figures number numbers count"), "death toll", "casualty figures")
# auxiliaries and adverbs that belong to the speech verb after them: "has already said"
VERB_PREFIXES = wordlist(
    "had has have was is are were already initially only also previously earlier later now just officially "
    "reportedly first then again therefore thus however meanwhile"
)

# what "citing" may give besides a source: a motive ("citing safety concerns", "citing bad weather")
MOTIVES = wordset(
    "safety security concerns concern fears fear reasons reason grounds weather risk risks threat threats "
    "lack need needs pressure health costs cost delays delay problems issues"
)

WORD_LISTS: dict[str, tuple[str, ...]] = {
    "speech_verb": SPEECH_VERBS,
    "inverting_verb": INVERTING_VERBS,
    "by_verb": BY_VERBS,
    "relay_verb": RELAY_VERBS,
    "saying": SAYING_FORMS,
    "release_verb": RELEASE_VERBS,
    "release": RELEASES,
    "give_verb": GIVE_VERBS,
    "figure_noun": FIGURE_NOUNS,
    "verb_prefix": VERB_PREFIXES,
}
