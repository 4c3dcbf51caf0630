"""Numeric claims: a number tied to a metric word ("almost 8,000 people were arrested").

A number becomes a claim only when the words around it name what happened
(killed, arrested, deployed, ...). Measures (ages, years, durations, money,
ranks, populations) are dropped before that by the word after or before them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ticker.enrich import attribution, timeref
from ticker.enrich.gazetteer import lookup
from ticker.enrich.lexicon import (
    AUXILIARIES,
    BUILDING_METRICS,
    CLAUSE_STOPS,
    FOREIGN_MODIFIERS,
    LOCATION_NOUNS,
    METRIC_AFTER,
    METRIC_NOUN_OF,
    METRIC_PHRASES_AFTER,
    METRIC_PHRASES_BEFORE,
    METRIC_VERB_BEFORE,
    NATIONAL,
    NEGATED,
    NEGATIONS,
    NOT_REMAINS,
    PART_MARKERS,
    QUALIFIERS,
    REMAINS,
    SUBJECT_WORDS,
    Who,
)
from ticker.enrich.measures import counts_things, measure
from ticker.enrich.numbers import NUMBER_WORDS, Number, find_numbers, people_lists, singular_people
from ticker.enrich.parts import (
    inherited,
    is_base_count,
    named_before,
    nationals,
    part_of,
    plus_one,
    share_named,
)
from ticker.enrich.patterns import Pattern, PatternMatch, any_case
from ticker.enrich.sentences import Paragraph, Token
from ticker.enrich.words import wordset
from ticker.models import CRITICAL_SCOPE, Claim, Metric, Qualifier, Subject

_TOLL = (
    (
        any_case(
            r"\b(?:death (?:toll|count|total)|toll|the dead|"
            r"number of (?:the )?(?:deaths|dead|fatalities|victims))\b"
        ),
        Metric.KILLED,
    ),
    (
        any_case(
            r"\b(?:number of (?:the )?(?:arrests|detainees|detentions|people arrested)|arrests|detentions)\b"
        ),
        Metric.ARRESTED,
    ),
    (
        any_case(r"\b(?:number of (?:the )?(?:injured|wounded|injuries)|the injured|the wounded)\b"),
        Metric.INJURED,
    ),
)
# a count noun as the subject of the verb right before the figure: "injuries now total 4629",
# "deaths rose to 40" (and not "3 deaths in the city, and the fire reached 40 buildings")
_COUNT_NOUN_TOLL = (
    (any_case(r"\b(?:deaths|fatalities)\s+(?:\w+\s+){0,2}$"), Metric.KILLED),
    (any_case(r"\binjuries\s+(?:\w+\s+){0,2}$"), Metric.INJURED),
    (any_case(r"\b(?:arrests|detentions)\s+(?:\w+\s+){0,2}$"), Metric.ARRESTED),
)
# a count between a toll and a number: not a decimal or a part of a word ("magnitude-7.8", "GE235")
_COUNT_BETWEEN = re.compile(r"(?<![\w.-])\d[\d,]*(?![\w-]|\.\d)")
_LINKS = wordset(
    "as at to of reached reaches is was be stands stood now hit hits rose risen rises climbed climbs "
    "total totals totalled totaled :"
)
# verbs that put a toll above the number after them: "the death toll exceeds 900"
_EXCEEDS = wordset("exceeds exceeded surpassed surpasses topped tops passed")
_LINKS |= _EXCEEDS
_FOREIGN_CONTEXT = any_case(r"\b(?:foreign|alliance|peacekeep\w*|coalition|international force)\b")
_SKIPPABLE_BEFORE = wordset("the a an total further another additional")
# a place pointed back at ("in his city", "in their province"): the figures that follow are its own
_LOCAL_FRAME = any_case(
    r"\bin\s+(?:his|her|their|its)\s+(?:home\s+)?(?:city|town|village|province|region|district|state)\b"
)
_NUMBER_WORDS = NUMBER_WORDS - {"zero", "one"}  # "one" may stand for a person: "one of them"
_MILITARY = any_case(
    r"\b(?:defen[cs]e\s+(?:ministry|ministries|department|forces)|ministry\s+of\s+(?:national\s+)?defen[cs]e|"
    r"army|military|armed\s+forces|navy|air\s+force|national\s+guard)\b"
)
_ADDITIVE = wordset("another further additional more a")
_TEMPORAL = wordset(
    "on during since last this yesterday today tonight overnight morning evening night monday tuesday "
    "wednesday thursday friday saturday sunday and or after before until"
)


@dataclass(frozen=True)
class Found:
    """A claim with where it was found, for merging within an item."""

    claim: Claim
    headline: bool
    order: int
    background: bool = False  # about another event or an earlier time: context, not a figure


@dataclass(frozen=True)
class Traced:
    """What became of one number of the text, for ``ticker explain``."""

    sentence: str
    number: str  # as written
    rules: tuple[str, ...]  # the rules that read it
    claim: Claim | None  # the claim it became, or None
    dropped: str | None = None  # why it is no figure
    background: str | None = None  # why it is context and not the story's figure now
    claimant_rules: tuple[str, ...] = ()


@dataclass
class _Reading:
    """What reading an item carries from one sentence to the next."""

    paragraphs: Sequence[Paragraph]
    year: int | None  # the item's: an earlier year makes a figure background
    earlier: str = ""  # the text before this paragraph ("the ministry" names the one named there)
    local: str | None = None  # "in his city": the paragraph's figures are that place's
    after_background: bool = False
    after_record: bool = False  # the sentence before told a record of earlier attacks
    paragraph: int = -1
    _last: str | None = None  # the source named most recently: "he said", "the paper said"
    _last_paragraph: int = -1
    _pending: list[tuple[str, str, int]] = field(default_factory=list)  # sentences that may name one
    _home: frozenset[str] | None = None
    trace: list[Traced] | None = None  # what became of every number, when asked (ticker explain)

    def home(self) -> frozenset[str]:
        """The countries the item opens with (looked up only when a sentence needs them)."""
        if self._home is None:
            self._home = _home_countries(self.paragraphs)
        return self._home

    def start_paragraph(self) -> None:
        self.local, self.paragraph = None, self.paragraph + 1
        self.after_record = False

    @property
    def last(self) -> str | None:
        """The source named most recently; sentences that may name one are read only when asked."""
        for sentence, earlier, paragraph in self._pending:
            if source := attribution.claimant_in(sentence, earlier, None, self._last):
                self._last, self._last_paragraph = source, paragraph
        self._pending.clear()
        return self._last

    @property
    def last_here(self) -> bool:
        """Whether the last source was named in this paragraph: its figures are then that source's."""
        return self.last is not None and self._last_paragraph == self.paragraph

    def named(self, source: str) -> None:
        self._pending.clear()
        self._last, self._last_paragraph = source, self.paragraph

    def may_name(self, sentence: str) -> None:
        self._pending.append((sentence, self.earlier, self.paragraph))


def extract(
    paragraphs: Sequence[Paragraph], year: int | None = None, trace: list[Traced] | None = None
) -> list[Found]:
    """Every numeric claim in the paragraphs; ``year`` (the item's) tells earlier years apart.
    ``trace``, when given, gets what became of every number and why."""
    found: list[Found] = []
    reading = _Reading(paragraphs, year, trace=trace)
    for para in paragraphs:
        reading.start_paragraph()
        foreign = bool(_FOREIGN_CONTEXT.search(" ".join(para.sentences)))
        first = len(found)
        for index, sentence in enumerate(para.sentences):
            claims = _sentence_claims(para, index, reading, foreign)
            if gave := attribution.gave_figures(sentence, reading.earlier):
                _credit(found, first, *gave)
            found.extend(Found(c, para.headline, len(found) + k, bg) for k, (c, bg) in enumerate(claims))
            _remember_source(sentence, [c for c, _ in claims], reading)
        reading.earlier += " " + " ".join(para.sentences)
    return found


def _credit(found: list[Found], first: int, source: str, toll_only: bool) -> None:
    """Give the paragraph's unattributed figures so far (``found[first:]``) to ``source``."""
    for n in range(first, len(found)):
        claim = found[n].claim
        if claim.claimant is None and (not toll_only or claim.metric is Metric.KILLED):
            found[n] = replace(found[n], claim=replace(claim, claimant=source))


@dataclass(frozen=True)
class _Sentence:
    """One sentence being read, with its paragraph and its numbers."""

    para: Paragraph
    index: int
    toks: Sequence[Token]
    numbers: list[Number]

    @property
    def text(self) -> str:
        return self.para.sentences[self.index]


def _sentence_claims(
    para: Paragraph, index: int, reading: _Reading, foreign: bool
) -> list[tuple[Claim, bool]]:
    """The claims of ``para.sentences[index]``, each with whether it is background."""
    sentence, toks = para.sentences[index], para.tokens[index]
    if found_local := _LOCAL_FRAME.search(sentence):
        reading.local = found_local.group()
    numbers = people_lists(toks, _with_people(find_numbers(toks, sentence), singular_people(toks, sentence)))
    after_background, reading.after_background = reading.after_background, False
    after_record, reading.after_record = reading.after_record, timeref.tells_a_record(sentence)
    if not numbers:
        return []
    whole = timeref.sentence_background(
        sentence, reading.year, after_background, toks, reading.home, after_record
    )
    here = _Sentence(para, index, toks, numbers)
    out: list[tuple[Claim, bool]] = []
    in_sentence: list[tuple[Number, Claim]] = []
    for position, number in enumerate(numbers):
        read: Reading | Dropped = Dropped("the whole a later part is counted against")
        if not is_base_count(toks, numbers, position):
            read = _read(toks, sentence, number, foreign, inherited(toks, number, in_sentence))
        if isinstance(read, Dropped):
            _traced(reading, sentence, toks, number, read)
            continue
        number = plus_one(toks, number)
        claimant_rules: list[str] = []
        claim = _claim(here, number, read, reading, in_sentence, claimant_rules)
        in_sentence.append((number, claim))
        why = whole or timeref.background(toks, sentence, number.start, reading.year)
        reading.after_background = reading.after_background or why is not None
        out.append((claim, why is not None))
        _traced(reading, sentence, toks, number, read, claim, why, claimant_rules)
    return out


def _claim(
    here: _Sentence,
    number: Number,
    read: Reading,
    reading: _Reading,
    in_sentence: Sequence[tuple[Number, Claim]],
    claimant_rules: list[str],
) -> Claim:
    """The claim a number read as ``read`` makes: its scope, status and claimant added."""
    toks, sentence, metric, subject = here.toks, here.text, read.metric, read.subject
    scope = (
        read.scope
        or part_of(toks, number, metric, subject, in_sentence)
        or share_named(toks, number)
        or nationals(toks, number, metric)
        or named_before(toks, number)
        or (reading.local if metric not in _UNSCOPED else None)
    )
    at = toks[number.start].start
    others = [toks[n.start].start for n in here.numbers if n.start != number.start]
    retracted, disputed = attribution.status(here.para.sentences, here.index, at, others)
    claimant = attribution.claimant_for(
        here.para.sentences, here.index, reading.earlier, at, reading.last, reading.last_here, claimant_rules
    )
    if metric is Metric.DEPLOYED and subject is Subject.PEOPLE and _MILITARY.search(sentence[:at]):
        subject = Subject.SOLDIERS  # "the defence ministry sent 165 people": its people are troops
    return Claim(
        metric, subject, number.value, read.qualifier, number.value_max, claimant, sentence, scope,
        retracted, disputed,
    )  # fmt: skip


def _traced(
    reading: _Reading,
    sentence: str,
    toks: Sequence[Token],
    number: Number,
    read: Reading | Dropped,
    claim: Claim | None = None,
    background: str | None = None,
    claimant_rules: Sequence[str] = (),
) -> None:
    if reading.trace is None:
        return
    written = sentence[toks[number.start].start : toks[number.end - 1].end]
    dropped = read.reason if isinstance(read, Dropped) else None
    reading.trace.append(
        Traced(sentence, written, read.rules, claim, dropped, background, tuple(claimant_rules))
    )


def _remember_source(sentence: str, claims: Sequence[Claim], reading: _Reading) -> None:
    """Keep the source a sentence names, for the "he said" and the unattributed figures after it."""
    named = [c.claimant for c in claims if c.claimant]
    if named:
        reading.named(named[-1])
    elif attribution.names_source(sentence):
        reading.may_name(sentence)


@dataclass
class _Draft:
    """One number as the rules read it: what they have decided so far, and which of them did."""

    toks: Sequence[Token]
    text: str
    number: Number
    qualifier: Qualifier
    first: int  # where the figure's words start: its qualifier ("at least"), else the number
    who: str | None  # the counted noun's kind ("protesters"), None when none is named
    foreign: bool  # a foreign modifier among the counted noun's words
    inside: Metric | None  # a metric word among them ("dozens of 'eliminated' people")
    end: int  # where the figure's words end
    inherited: Metric | None  # the metric of the figure before it in the sentence
    foreign_context: bool
    metric: Metric | None = None
    critical: bool = False
    fired: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reading:
    metric: Metric
    subject: Subject
    qualifier: Qualifier
    scope: str | None
    rules: tuple[str, ...]  # the rules that decided it, in order


@dataclass(frozen=True)
class Dropped:
    """A number that is no figure, and why."""

    reason: str
    rules: tuple[str, ...] = ()


def _read(
    toks: Sequence[Token], text: str, number: Number, foreign_context: bool, inherited: Metric | None = None
) -> Reading | Dropped:
    qualifier, first = _qualifier(toks, number)
    if (what := measure(toks, text, number)) and not _toll_count(toks, text, first, what):
        return Dropped(f"a measure: {what}")
    if counts_things(toks, number):
        return Dropped("counts things, not people")
    who, foreign, inside, end = _subject(toks, number)
    if number.person:
        who = SUBJECT_WORDS.get(toks[number.end - 1].lower, Who.PEOPLE)
    draft = _Draft(
        toks, text, number, qualifier, first, who, foreign, inside, end, inherited, foreign_context
    )
    for name, rule in METRIC_RULES:
        if (metric := rule(draft)) is not None:
            draft.metric = metric
            draft.fired.append(name)
    return _subject_rules(draft)


# -- which metric: each rule may set or change it, in this order --------------------------------


def _toll_count(toks: Sequence[Token], text: str, first: int, what: str) -> bool:
    """ "the death toll reaches 1910", "deaths rose to 1953": a number a toll's verb governs
    is its count, even when it could be read as a year (``first``: where its words start)."""
    return what == "a year" and _toll(toks, text, first) is not None


def _word_before(d: _Draft) -> Metric | None:
    """ "arrested 300 people", "the deaths of 12": a metric word right before the figure."""
    return None if d.metric else _metric_before(d.toks, d.first)


def _bracketed(d: _Draft) -> Metric | None:
    """ "dead (5844)", "injured ( 335 )": a count in brackets right after the word for it."""
    toks, first = d.toks, d.first
    if d.metric or first < 2 or toks[first - 1].text != "(" or toks[d.number.end : d.number.end + 1] == ():
        return None
    closed = d.number.end < len(toks) and toks[d.number.end].text == ")"
    return METRIC_AFTER.get(toks[first - 2].lower) if closed else None


def _word_among_subject(d: _Draft) -> Metric | None:
    """ "12 'eliminated' militants": a participle among the counted noun's words."""
    return None if d.metric else d.inside


def _toll_right_before(d: _Draft) -> Metric | None:
    """ "the death toll has risen to 70": a toll whose verb the figure follows."""
    return None if d.metric else _toll(d.toks, d.text, d.first, direct=True)


def _word_after(d: _Draft) -> Metric | None:
    """ "300 people were arrested": a metric word after the figure and its noun."""
    if d.metric:
        return None
    metric, end = _metric_after(d.toks, d.end)
    d.end = max(d.end, end)
    return metric


def _critical_condition(d: _Draft) -> None:
    """ "four of the injured are in a critical state": marks the injured as critically hurt."""
    d.critical = d.metric is Metric.INJURED and _critical(
        d.toks, d.number.end, _clause_end(d.toks, d.number.end)
    )
    if d.critical:
        d.fired.append("critical condition")


def _toll_earlier(d: _Draft) -> Metric | None:
    """ "the toll, officials said, was 15": a toll phrase earlier in the sentence."""
    return None if d.metric else _toll(d.toks, d.text, d.first)


def _figure_before(d: _Draft) -> Metric | None:
    """ "12 killed and 40 injured in Almaty, 3 in Taraz": the metric of the figure before."""
    return None if d.metric else d.inherited


def _shot_to_death(d: _Draft) -> Metric | None:
    """ "shooting three relatives to death", "fatally shooting his son": the shot died."""
    if d.metric is not Metric.SHOT:
        return None
    toks, end, first = d.toks, d.end, d.first
    to_death = any([t.lower for t in toks[k : k + 2]] == ["to", "death"] for k in range(end, end + 4))
    fatally = any(t.lower in ("fatally", "fatal") for t in toks[max(0, first - 5) : first])
    return Metric.KILLED if to_death or fatally else None


def _wounded_fatally(d: _Draft) -> Metric | None:
    """ "six people wounded -- two mortally": six were hit; "wounded fatally": they died."""
    return _fatally(d.toks, d.end) if d.metric is Metric.INJURED else None


def _sent_to_hospital(d: _Draft) -> Metric | None:
    """ "the shooting sent four people to the hospital": the injured, not a deployment."""
    return Metric.INJURED if d.metric is Metric.DEPLOYED and _to_hospital(d.toks, d.end) else None


def _hit_by_gunfire(d: _Draft) -> Metric | None:
    """ "shots were fired at the car, hitting four victims": the shot."""
    if d.metric is not None or d.first == 0 or d.toks[d.first - 1].lower not in ("hitting", "striking"):
        return None
    return Metric.SHOT if _GUNFIRE.search(d.text) else None


def _bodies(d: _Draft) -> Metric | None:
    """ "rescuers recovered 12 bodies", "40 bodies were flown out": the dead, whatever is done with them."""
    after = [t.lower for t in d.toks[d.number.end : d.number.end + 3]]
    if after[:1] and after[0] in REMAINS:
        return Metric.KILLED
    adjective_then_remains = len(after) > 1 and after[1] in REMAINS and after[0].isalpha()
    return Metric.KILLED if adjective_then_remains and after[0] not in NOT_REMAINS else None


MetricRule = Callable[[_Draft], Metric | None]
METRIC_RULES: tuple[tuple[str, MetricRule], ...] = (
    ("metric word before", _word_before),
    ("metric word before a bracketed count", _bracketed),
    ("metric word among the counted", _word_among_subject),
    ("toll right before", _toll_right_before),
    ("metric word after", _word_after),
    ("critical condition", _critical_condition),  # marks; sets no metric
    ("toll earlier in the sentence", _toll_earlier),
    ("metric of the figure before", _figure_before),
    ("shot to death", _shot_to_death),
    ("wounded fatally", _wounded_fatally),
    ("sent to hospital", _sent_to_hospital),
    ("hit by gunfire", _hit_by_gunfire),
    ("bodies are the dead", _bodies),
)


# -- which subject, and whether it is a figure at all ------------------------------------------


def _subject_rules(d: _Draft) -> Reading | Dropped:
    metric, who = d.metric, d.who
    if metric in BUILDING_METRICS:
        if who not in (None, Who.BUILDINGS):
            return Dropped("a building word with a count of people", tuple(d.fired))
        return Reading(metric, Subject.BUILDINGS, d.qualifier, None, (*d.fired, "buildings"))
    if who == Who.BUILDINGS:
        return Dropped("counts buildings, and no word says what happened to them", tuple(d.fired))
    if metric is Metric.ON_BOARD and who == Who.TROOPS:
        metric = Metric.DEPLOYED  # "vehicles carrying 214 soldiers"
    if d.critical and metric is not None:
        subject = Subject(who) if who in _PLAIN_SUBJECTS else Subject.PEOPLE
        return Reading(metric, subject, d.qualifier, CRITICAL_SCOPE, tuple(d.fired))
    metric, subject = _counted(d, metric)
    if metric is None:
        return Dropped("no word says what happened to them", tuple(d.fired))
    scope = None if metric in _UNSCOPED else _scope(d.toks, d.text, d.end)
    return Reading(metric, subject, d.qualifier, scope, tuple(d.fired))


def _counted(d: _Draft, metric: Metric | None) -> tuple[Metric | None, Subject]:
    """The subject of the counted, and the metric its kind implies when no word said one."""
    who = d.who
    if who == Who.TROOPS:
        foreign = d.foreign or (d.foreign_context and metric in (None, Metric.DEPLOYED))
        metric = metric or Metric.DEPLOYED
        if metric is Metric.DEPLOYED:
            return metric, Subject.FOREIGN_TROOPS if foreign else Subject.SOLDIERS
        return metric, Subject.FOREIGN_TROOPS if foreign else Subject.SECURITY_FORCES
    if who == Who.ATTACKERS:
        return metric or Metric.ATTACKING, Subject.ATTACKERS
    subject = Subject(who) if who else Subject.PEOPLE
    if who in (Who.RESCUERS, Who.MEDICS, Who.VOLUNTEERS) or _strong(d.text, d.toks, d.number):
        # "1,000 firefighters were fighting the blaze"; but "six firefighters attending the
        # scene are now known to have been killed" were killed: read to the clause's end first
        metric = metric or _metric_after(d.toks, d.end, reach=16)[0] or Metric.DEPLOYED
    return metric, subject


_GUNFIRE = any_case(r"\b(?:shots?|gunfire|gunshots?|bullets?|fired|opened fire)\b")


_LIVES_VERB = wordset("who that which he she it and still now also")


_STAFF = wordset("specialists experts personnel engineers staff medics doctors members servicemen")


def _staff_after(toks: Sequence[Token], k: int) -> int | None:
    """Where "military ... specialists" ends: a military word and, within four words, its staff."""
    for j in range(k + 1, min(len(toks), k + 5)):
        if toks[j].lower in _STAFF:
            return j + 1
        if not toks[j].text[:1].isalpha():
            return None
    return None


def _fatally(toks: Sequence[Token], end: int) -> Metric | None:
    for k, tok in enumerate(toks[end : end + 5]):
        if tok.lower in CLAUSE_STOPS:
            return None
        if tok.lower in ("fatally", "mortally"):
            if k == 0:
                return Metric.KILLED
            return Metric.SHOT if k > 1 and toks[end + k - 1].text[:1].isalnum() else None
    return None


def _to_hospital(toks: Sequence[Token], end: int) -> bool:
    words = [t.lower for t in toks[end : end + 5]]
    return "to" in words and any(w in ("hospital", "hospitals") for w in words[words.index("to") :])


def _qualifier(toks: Sequence[Token], number: Number) -> tuple[Qualifier, int]:
    lowered = [t.lower for t in toks[: number.start]]
    skipped = 0
    while lowered and lowered[-1] in _ADDITIVE:  # "at least another 10", "a further 36"
        lowered.pop()
        skipped += 1
    for phrase, qualifier in QUALIFIERS:
        if tuple(lowered[-len(phrase) :]) == phrase:
            return qualifier, number.start - skipped - len(phrase)
    if lowered and lowered[-1] in _EXCEEDS:  # "the toll exceeds 900": the verb is the toll's link
        return Qualifier.MORE_THAN, number.start
    return (number.vague or Qualifier.EXACT), number.start


def _metric_before(toks: Sequence[Token], first: int) -> Metric | None:
    j = first - 1
    while j >= 0 and toks[j].lower in _SKIPPABLE_BEFORE:
        j -= 1
    for phrase, metric in METRIC_PHRASES_BEFORE.items():
        if tuple(t.lower for t in toks[max(0, j + 1 - len(phrase)) : j + 1]) == phrase:
            return metric
    if j >= 0 and toks[j].lower == "of":
        j -= 1
        while j >= 0 and toks[j].lower in _SKIPPABLE_BEFORE:
            j -= 1
        return METRIC_NOUN_OF.get(toks[j].lower) if j >= 0 else None
    if j >= 0 and toks[j].lower in ("were", "are"):
        return _inverted(toks, j)
    return METRIC_VERB_BEFORE.get(toks[j].lower) if j >= 0 else None


def _inverted(toks: Sequence[Token], copula: int) -> Metric | None:
    """ "Also injured in the shooting were three men": the participle opens the clause. "Among
    the dead were three children" names a part, and no total, so it gives no metric."""
    for k in range(copula - 1, max(-1, copula - 8), -1):
        word = toks[k].lower
        if word in CLAUSE_STOPS or word in (",", "among", "including"):
            return None
        if k == 0 or toks[k - 1].lower in ("also", ",") or toks[k - 1].text in (".", ";"):
            return METRIC_VERB_BEFORE.get(word) if word in _PARTICIPLES else None
    return None


_PARTICIPLES = wordset("killed injured wounded shot arrested detained rescued evacuated")


def _subject(toks: Sequence[Token], number: Number) -> tuple[str | None, bool, Metric | None, int]:
    """(subject kind, foreign modifier seen, metric seen among modifiers, end index)."""
    foreign, metric = False, None
    k = number.end
    # "280 of the university's 815 students": the counted noun may sit past a whole it is part of
    reach = 9 if number.end < len(toks) and toks[number.end].lower == "of" else 6
    while k < min(len(toks), number.end + reach):
        word = toks[k].bare
        if reach == 6 and _is_number_word(toks[k]):
            break  # "rises to 70 with 79 students injured": the students are the 79's
        foreign = foreign or word in FOREIGN_MODIFIERS
        if named := _counted_noun(toks, k):
            who, end = named
            return who, foreign or word == "peacekeepers", metric, end
        metric = metric or _participle(toks, number, k)
        if word in AUXILIARIES or word in CLAUSE_STOPS or word in (",", "who", "that"):
            break
        if word in METRIC_AFTER and k == number.end:
            return None, foreign, METRIC_AFTER[word], k + 1  # "3,000 arrests", "2,300 arrested"
        k += 1
    return None, foreign, metric, number.end


def _is_number_word(tok: Token) -> bool:
    return tok.text[:1].isdigit() or tok.bare in _NUMBER_WORDS


def _participle(toks: Sequence[Token], number: Number, k: int) -> Metric | None:
    """An adjectival participle among the counted noun's words: "dozens of 'eliminated' people";
    "gunshot wounds" are shots."""
    word = toks[k].bare
    if word not in METRIC_AFTER or k == number.end or toks[k - 1].lower in AUXILIARIES:
        return None
    return METRIC_PHRASES_AFTER.get((toks[k - 1].lower, word)) or METRIC_AFTER[word]


def _counted_noun(toks: Sequence[Token], k: int) -> tuple[str, int] | None:
    """The kind of people a noun at ``k`` names, and where the noun ends: "security forces",
    "armed forces", "military specialists", "police officers", "protesters"."""
    word = toks[k].bare
    following = toks[k + 1].lower if k + 1 < len(toks) else ""
    if word == "security" and following in ("forces", "officers", "personnel"):
        return Who.SECURITY, k + 2
    if word in ("armed", "military") and following == "forces":
        return Who.TROOPS, k + 2
    if word in ("military", "army") and (staff := _staff_after(toks, k)):
        return Who.TROOPS, staff  # "217 military toxic waste specialists"
    if word in SUBJECT_WORDS:
        return SUBJECT_WORDS[word], k + 2 if word == "police" and following == "officers" else k + 1
    return None


def _metric_after(toks: Sequence[Token], start: int, reach: int = 9) -> tuple[Metric | None, int]:
    aside = _aside_end(toks, start)
    if aside is not None:  # "Four others, including two women, were wounded": the verb is past the aside
        metric, end = _metric_after(toks, aside)
        if metric is not None:
            return metric, end
    for k in range(start, min(len(toks), start + reach)):
        word = toks[k].bare
        if _ends_the_figure(toks, k):
            break
        if word == "took" and [t.lower for t in toks[k + 1 : k + 4]] == ["to", "the", "streets"]:
            return Metric.PROTESTING, k + 4
        if word == "shot":
            return _shot(toks, k)
        if word == "lives" and toks[k - 1].lower in _LIVES_VERB:
            continue  # "who lives at 31 Beech St.": the verb, not lives lost
        if found := _metric_word_at(toks, start, k):
            return found
    return None, start


def _ends_the_figure(toks: Sequence[Token], k: int) -> bool:
    """Where a figure's own words stop: a clause ends, a part begins ("Five were hurt, including
    one dead"), or another figure's words begin ("1,000 firefighters and 143 trucks" share one)."""
    word = toks[k].bare
    if word in CLAUSE_STOPS or word in PART_MARKERS:
        return True
    return toks[k].text[:1].isdigit() and toks[k - 1].lower not in ("and", "as", "of")


def _metric_word_at(toks: Sequence[Token], start: int, k: int) -> tuple[Metric | None, int] | None:
    """The metric a word (or two-word phrase) at ``k`` names, and where it ends; None if none."""
    word = toks[k].bare
    pair = (word, toks[k + 1].lower if k + 1 < len(toks) else "")
    metric = METRIC_PHRASES_AFTER.get(pair) or METRIC_AFTER.get(word)
    if metric is None:
        return None
    if metric is Metric.ON_BOARD and pair[1] not in CLAUSE_STOPS:
        later, end = _metric_after(toks, k + 1)
        if later is not None and later is not Metric.ON_BOARD:
            return later, end  # "two people onboard the flight have died"
    end = k + (2 if pair in METRIC_PHRASES_AFTER else 1)
    if any(t.lower in NEGATIONS for t in toks[max(start, k - 3) : k]):
        return NEGATED.get(metric), end  # "were not hurt" counts no one; "not accounted for" does
    return metric, end


def _aside_end(toks: Sequence[Token], start: int) -> int | None:
    """Where ", including two women," that opens right after the subject ends."""
    if start + 1 >= len(toks) or toks[start].text != "," or toks[start + 1].lower not in PART_MARKERS:
        return None
    for k in range(start + 2, min(len(toks), start + 9)):
        if toks[k].text == ",":
            return k + 1
        if toks[k].lower in CLAUSE_STOPS:
            return None
    return None


def _toll(toks: Sequence[Token], text: str, first: int, direct: bool = False) -> Metric | None:
    """ "the death toll has risen to 70": the metric a toll phrase before the number names.
    ``direct``: only when the number follows the toll's verb ("to", "at"), ahead of any later words."""
    if first == 0 or toks[first - 1].lower not in _LINKS:
        return None
    if direct and toks[first - 1].lower not in ("to", "at", "as"):
        return None
    head = text[: toks[first].start]
    for pattern, metric in _COUNT_NOUN_TOLL:
        if pattern.search(head):
            return metric
    for pattern, metric in _TOLL:
        # a toll names the first figure after it: "the toll stood at 15 ... as many as 28 survived"
        if (last := _last_match(pattern, head)) and not _COUNT_BETWEEN.search(head, last.end()):
            return metric
    return None


def _last_match(pattern: Pattern, text: str) -> PatternMatch | None:
    matches = pattern.finditer(text)
    return matches[-1] if matches else None


def _scope(toks: Sequence[Token], text: str, start: int) -> str | None:
    """A locative phrase right after the figure ("in two markets in Almaty"), unless national."""
    for k in range(start, min(len(toks), start + 5)):
        if toks[k].lower in CLAUSE_STOPS or toks[k].lower == ",":
            return None
        if toks[k].lower in ("in", "at", "inside", "near", "across", "throughout"):
            end = k + 1
            while end < len(toks) and end - k <= 9:
                word = toks[end].lower
                if word in CLAUSE_STOPS or word in (",", ")", "(") or word in _TEMPORAL:
                    break
                end += 1
            phrase = text[toks[k].start : toks[end - 1].end]
            return phrase if _local(phrase, toks[k + 1 : end]) else None
    return None


def _local(phrase: str, words: Sequence[Token]) -> bool:
    lowered = phrase.lower()
    if any(n in lowered for n in NATIONAL) or lowered.startswith(("across", "throughout")):
        return False
    places = [lookup(t.text) for t in words if t.text[:1].isupper()]
    if any(p is not None and p.national for p in places):
        return False
    return any(t.lower in LOCATION_NOUNS for t in words) or any(p is not None for p in places)


# counts of a whole that a place after them does not narrow: "a plane carrying 58 people crashed in a river"
_UNSCOPED = frozenset({Metric.DEPLOYED, Metric.ATTACKING, Metric.ON_BOARD, Metric.ACCOUNTED_FOR})
_PLAIN_SUBJECTS = frozenset(
    {
        Who.PEOPLE,
        Who.PROTESTERS,
        Who.CIVILIANS,
        Who.SECURITY,
        Who.ATTACKERS,
        Who.RESCUERS,
        Who.MEDICS,
        Who.VOLUNTEERS,
        Who.CREW,
    }
)
_SEVERE = wordset("critical critically seriously serious severe severely grave gravely")


def _clause_end(toks: Sequence[Token], start: int) -> int:
    """The end of the clause a figure starts (at most 9 words on)."""
    for k in range(start, min(len(toks), start + 9)):
        if toks[k].lower in CLAUSE_STOPS or toks[k].text in (",", ";"):
            return k
    return min(len(toks), start + 9)


def _critical(toks: Sequence[Token], start: int, end: int) -> bool:
    """Whether an injury count is of the critically hurt: "four are in a critical state"; in
    "fifteen were injured - at least nine seriously" the severity is the later count's."""
    window = []
    for tok in toks[start:end]:
        if tok.text[:1].isdigit() or tok.lower in _NUMBER_WORDS:
            break
        window.append(tok.lower)
    return any(w in _SEVERE for w in window) and not any(w in NEGATIONS for w in window)


def _strong(text: str, toks: Sequence[Token], number: Number) -> bool:
    """ "a 217-strong team": a unit's size, which is a deployment."""
    return text[toks[number.end - 1].end :].startswith("-strong")


def _shot(toks: Sequence[Token], k: int) -> tuple[Metric, int]:
    """ "shot" alone counts the people hit; "shot and killed", "shot dead" those who died."""
    after = [t.lower for t in toks[k + 1 : k + 4]]
    if after[:1] == ["dead"] or after[:2] in (["and", "killed"], ["to", "death"]):
        return Metric.KILLED, k + 3
    if after[:2] in (["and", "wounded"], ["and", "injured"], ["and", "hurt"]):
        return Metric.INJURED, k + 3
    return Metric.SHOT, k + 1


def _with_people(numbers: list[Number], people: list[Number]) -> list[Number]:
    """The numbers with the one-person counts that overlap none of them, in text order; a person
    whose span holds a number is one person ("Ana Ruiz, 17,": the 17 is her age)."""
    holds = [p for p in people if any(p.start <= n.start and n.end <= p.end for n in numbers)]
    numbers = [n for n in numbers if not any(p.start <= n.start and n.end <= p.end for p in holds)]
    taken = {k for n in numbers for k in range(n.start, n.end)}
    extra = [p for p in people if not any(k in taken for k in range(p.start, p.end))]
    return sorted([*numbers, *extra], key=lambda n: n.start)


def _home_countries(paragraphs: Sequence[Paragraph]) -> frozenset[str]:
    """The countries an item names first: the place its story happens, as far as the item says."""
    for para in paragraphs:
        for toks in para.tokens:
            if named := timeref.countries(toks):
                return named
    return frozenset()
