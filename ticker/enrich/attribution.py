"""Who says so: the claimant of a figure, kept apart from the outlet that printed it,
and whether the text withdraws or doubts the report.

A claimant is looked for in the figure's own sentence first ("according to the
Interior Ministry", "state television reported", "..., citing the Ministry of
Health"), then in the sentence before it and the one after it in the paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ticker.enrich.lexicon import MOTIVES
from ticker.enrich.media import WIRE_SERVICES
from ticker.enrich.numbers import NUMBER_WORD
from ticker.enrich.patterns import Pattern, PatternMatch, Rule, alternation, any_case, compile_pattern
from ticker.enrich.words import wordset

# The rules that name who reports a figure, in the order they are tried (``claimant_in``). A rule's
# role says what its match names: ``cited`` the source an outlet relays, ``reporter`` who reports
# it, ``author`` the whole claimant. Rules of one group stop the group at their first match, named
# or not. Each rule's own examples are in fixtures/figures/claimant.toml.
CITED, REPORTER, AUTHOR = "cited", "reporter", "author"
CLAIMANT_RULES: tuple[Rule, ...] = (
    # "City News (@citynews) death toll rises to 70": an embedded post speaks for its author
    Rule("post author", "^ {author} ( @ {handle} )", "the claimant: the post's author", {"role": AUTHOR}),
    Rule("citing", "citing|quoting {np}{end}", "the source an outlet cites", {"role": CITED}),
    Rule("according to", "according to {np}{end}", "who reports it", {"role": REPORTER, "group": "named"}),
    Rule("reported by", "@by_verb by {np}{end}", "who reports it", {"role": REPORTER, "group": "named"}),
    Rule("said after", ", @inverting_verb {np}{end}", "who reports it", {"role": REPORTER, "group": "named"}),
    # a headline's inversion without the comma: "77 dead, 588 injured says vice president"
    Rule(
        "headline says", "says|say {np_short} .|!? $", "who reports it", {"role": REPORTER, "headline": True}
    ),
    # "there are reports in local media of nine deaths": unnamed reports, or the media they ran in
    Rule(
        "media reports",
        "there are|have_been reports ~3 in (np: ~2 media )",
        "who reports it: the media named",
        {"role": REPORTER},
    ),
    Rule("unnamed reports", "there are|have_been reports", "who reports it: reports", {"role": REPORTER}),
    # "the Associated Press reports Kenyan officials as saying ...": officials via AP
    Rule(
        "relayed as saying",
        "{relay} @relay_verb {speaker} as @saying",
        "the source (speaker) and who relays it",
        {"role": "relayed"},
    ),
    # "…, he said", "the paper said": the source named before, when nothing above named one
    Rule("he said", "", "the claimant: the source named before", {"role": "anaphor"}),
    # "the disaster response centre has issued a release": what follows is that release's
    Rule(
        "issued a release",
        "^ {subject} has|have|had|just* @release_verb a|an|its|their|the ~2 @release",
        "who reports it",
        {"role": REPORTER},
    ),
    # "the mayor tweeted that …", "police told reporters …": whoever speaks nearest before the figure
    Rule("subject of a speech verb", "@speech_verb", "who reports it", {"role": "speaker"}),
)
_RULE = {rule.name: rule for rule in CLAIMANT_RULES}
HEADLINE_WORDS = 14
# a speech verb; the auxiliaries and adverbs before it ("has already said") belong to it
_VERB_CORE = compile_pattern("@speech_verb")
_VERB_PREFIX_RE = compile_pattern("@verb_prefix @verb_prefix* $")
_AS_SAYING = compile_pattern("as @saying")


@dataclass(frozen=True)
class _Verb:
    start: int  # where its auxiliaries begin
    end: int
    text: str


def _speech_verbs(sentence: str) -> list[_Verb]:
    found = []
    for match in _VERB_CORE.finditer(sentence):
        prefix = _VERB_PREFIX_RE.search(sentence, max(0, match.start() - 60), match.start())
        start = prefix.start() if prefix else match.start()
        found.append(_Verb(start, match.end(), sentence[start : match.end()]))
    return found


_CLAUSE = any_case(r"[,;:|\"“”()]|\b(?:that|which|who|while|but|and|as|when|after|whereas|although)\b")
_LEADING = re.compile(
    r"^(?:(?:the|a|an|this|these|its|his|her|their|our)\s+|(?:information|figures|data)\s+from\s+"
    r"|(?:(?:unconfirmed|new|latest|initial|earlier|local)\s+)?(?:reports?|statement)\s+(?:by|from|in)\s+"
    r"|here\s*['’]\s*s\s+what\s+|what\s+"
    r"|#\s*\w+\s+"  # a post's hashtags before its sentence: "#QuakeUpdate the Red Cross says"
    r"|(?:the\s+)?country['’]s\s+)+",
    re.I,
)
# a time before the subject belongs to the sentence, not to the claimant: "By the evening the ministry"
_TEMPORAL = re.compile(
    r"^(?:(?:by|on|in|during|over|early|late)\s+(?:the\s+)?(?:(?:early|late)\s+)?"
    r"(?:morning|afternoon|evening|night|weekend|\w+day|end of the day)\b|"
    r"(?:later|earlier|meanwhile|now|then|yesterday|today|overnight|tonight|so far)\b|"
    r"(?:as\s+)?(?:of|at|by)\s+\d\S*(?:\s+(?:on\s+)?\w+day)?\b)[\s,]*",
    re.I,
)
_TRAILING = re.compile(r"\s+(?:on|in|at|last|this|that|early|late)\b.*$", re.I)
_DETERMINERS = wordset("the a an this that these those its their his her")
_PRONOUNS = wordset("he she it they we i you there this that which who one here what where")
# "17 people are confirmed dead", "have been reported": a passive speech verb names no speaker
_PASSIVE = any_case(r"^(?:was|is|are|were|been|be|being)\s+(?:\w+\s+)*?\w+ed\b")
# words that point back at a source named before: "he said", "the paper said", "it puts the toll at"
_ANAPHORS = any_case(
    r"^(?:he|she|it|they|the\s+(?:paper|newspaper|agency|broadcaster|report|statement|ministry|minister|"
    r"official|spokesman|spokeswoman|channel|station|website|outlet))$"
)
_HEADS = wordset(
    "ministry ministries authorities authority government officials official police television tv "
    "broadcaster agency office president spokesman spokeswoman spokesperson alliance military army "
    "prosecutor prosecutors prosecution sources media figures information data statement hospital "
    "hospitals doctors organization organisation committee council service department channel station "
    "portal newspaper website witnesses eyewitnesses activists opposition group observers monitors "
    "kremlin leadership presidency cabinet governor mayor commander experts"
)
_ORG_HEADS = wordset("ministry office committee council service department agency")
# nouns that never say anything: a phrase holding one is no source ("two people", "the toll")
_NOT_SOURCES = wordset(
    "people toll number figure figures death deaths dead injured killed died flight plane crash quake "
    "blast attack fire video footage picture pictures photo photos image images map it there what how "
    "firefighters victims passengers students been be being is are was were have has had"
)
# a phrase with a number, or that starts with a preposition or a participle, is not a name
_NOT_A_NAME = any_case(
    rf"^\d|\b(?:{NUMBER_WORD})\b|^(?:of|in|on|at|by|for|from|with|to|as|after|before|since|\w+ing|"
    r"was|is|are|were|been|be|have|has|had|will|would)\b"
    r"|\b(?:is|are|was|were|will|would|could|should|likely)\b",  # a clause, not a name
)
# lowercase words that only describe the named source after them: "state broadcaster Khabar 24"
_DESCRIPTORS = wordset(
    "state broadcaster agency news portal channel station television tv newspaper website daily outlet "
    "weekly magazine radio online independent private public official government"
)
_MINISTRY = re.compile(r"\b(?:[A-Z][a-z]+ Ministry|Ministry of(?: the)? [A-Z][a-z]+)\b")
_RETRACT = any_case(
    r"\b(?:deleted|withdrawn|withdrew|retracted|retracts|taken down|took down|removed|corrected|revoked|"
    r"an error|a mistake|erroneous(?:ly)?|incorrect|inaccurate|not true|was wrong|were wrong|"
    r"revised (?:it |them |the \w+ )?(?:down|up)|official (?:death )?(?:toll|figure|count) (?:still )?"
    r"(?:stands|remains))\b"
)
# "revised down to 16", "corrected to 16": the figure after is the new value, not the retracted one
_CORRECTED_TO = any_case(r"\b(?:to|at)\s*$")
_REPORT_NOUN = any_case(r"\b(?:report|message|figure|figures|number|statement|post|tweet|toll|claim)s?\b")
_HEDGE = any_case(
    r"\b(?:(?:could|can|cannot|can't|couldn't)\s+(?:not\s+)?(?:be\s+)?(?:independently\s+)?"
    r"(?:verified|verify|confirmed|confirm)|not\s+(?:been\s+)?(?:independently\s+)?(?:verified|confirmed)|"
    r"unverified|unconfirmed|denied|denies|disputed|disputes|contested|dismissed as)\b"
)
_BACKREF = any_case(
    r"^(?:this|that|these|those|the|such)\s+(?:\w+\s+)?(?:message|report|reports|figure|figures|number|"
    r"numbers|information|claim|claims|statement|post|tweet|data|toll|news|account)\b"
)


# wire services speak for themselves wherever their name stands: "in its last update Reuters said"
_WIRES = re.compile(
    r"(?:^|\s)(?P<wire>"
    + "|".join(re.escape(w) for w in sorted(WIRE_SERVICES, key=len, reverse=True))
    + r")$",
    re.I,
)
# a long subject is a clause, unless it names a body: "a representative of the civil aviation authority"
_LONGEST_NAME = 7
_LONGEST_BODY = 10


def _clean(np: str, earlier: str) -> str | None:
    """The source a noun phrase names, trimmed of times, determiners and trailing phrases, or None
    when the phrase names no one ("two people", "he", "44 deaths have been")."""
    text = _LEADING.sub("", _TEMPORAL.sub("", np.strip().strip("'’ ")))
    if wire := _WIRES.search(text):
        return wire.group("wire")
    text = _TRAILING.sub("", text).strip()
    words = text.split()
    if not _may_name(text, words):
        return None
    if text.lower() in ("ministry", "the ministry"):
        return _ministry(text, earlier)
    return _named(text, words)


def _longest(words: Sequence[str]) -> int:
    """How many words a source's name may have: more when it names a body."""
    return _LONGEST_BODY if any(w.lower() in _HEADS for w in words) else _LONGEST_NAME


def _may_name(text: str, words: Sequence[str]) -> bool:
    """Whether a phrase can be a source's name at all: not too long, no pronoun or clause, no figure."""
    if not words or len(words) > _longest(words) or words[0].lower() in _PRONOUNS or _NOT_A_NAME.search(text):
        return False
    if len(words) == 1 and words[0].lower() in _DETERMINERS:
        return False
    # "44 deaths have been": a figure, not a speaker ("Khabar 24" is a name)
    return not any(w[:1].isdigit() and not words[i - 1][:1].isupper() for i, w in enumerate(words) if i)


def _after_descriptors(words: Sequence[str]) -> str | None:
    """ "state broadcaster Khabar 24": the name after lowercase words that only describe it."""
    if not words[0].islower():
        return None
    first_name = next((i for i, w in enumerate(words) if w[:1].isupper()), None)
    if first_name and all(w.lower() in _DESCRIPTORS for w in words[:first_name]):
        return " ".join(words[first_name:])
    return None


def _named(text: str, words: Sequence[str]) -> str | None:
    """The name in a phrase that may be one: descriptors before a name dropped, a lower-cased
    body capitalised; an uncapitalised phrase only when short and free of words that never speak."""
    if described := _after_descriptors(words):
        return described
    last = words[-1].lower()
    if text.islower() and last in _ORG_HEADS:
        return " ".join(w.capitalize() for w in words)
    if any(w[:1].isupper() for w in words) or last in _HEADS:
        return text
    # names are not always capitalised (a lower-cased copy, "local media"): a short noun phrase
    # right before a speech verb is its speaker, unless it holds a word that never speaks
    if any(w.lower() in _NOT_SOURCES for w in words):
        return None
    return text if len(words) <= 6 or _longest(words) == _LONGEST_BODY else None


def _ministry(text: str, earlier: str) -> str:
    """ "the ministry": the ministry named last before it."""
    ministries: list[str] = _MINISTRY.findall(earlier)
    return ministries[-1] if ministries else "Ministry"


def _subject_of_verb(sentence: str, earlier: str, position: int | None = None) -> str | None:
    """The subject of a speech verb; the verb nearest before ``position`` (the figure) first."""
    matches = _speech_verbs(sentence)
    if position is not None:
        before = [m for m in matches if m.start < position]
        matches = sorted(before, key=lambda m: -m.start) + [m for m in matches if m.start >= position]
    for match in matches:
        if _PASSIVE.match(match.text) or sentence[: match.start].rstrip().lower().endswith(" been"):
            continue
        head = sentence[: match.start].rstrip(" ,")
        cuts = list(_CLAUSE.finditer(head))
        # "the vice-president, Ana Ruiz, said" / "The mayor, returning from a summit, says"
        for back in range(1, 3 if len(cuts) >= 1 and cuts[-1].group() == "," else 2):
            lo = cuts[-back].end() if len(cuts) >= back else 0
            hi = cuts[-back + 1].start() if back > 1 else len(head)
            if found := _clean(head[lo:hi], earlier):
                return _relayed_by(head[:lo], found, earlier)
    return None


# "the Times has reported from the briefing: an official said ...": the official via the Times
_RELAY_VERB = any_case(r"\b" + alternation("relay_verb") + r"\b(?!.*\b(?:and|but|while)\b)")


def _relayed_by(before: str, speaker: str, earlier: str) -> str:
    """``speaker``, or "speaker via relay" when an outlet before it in the sentence relays it."""
    relay = _RELAY_VERB.search(before)
    if relay is None:
        return speaker
    outlet = _subject_of_verb(before[: relay.end()], earlier)
    return f"{speaker} via {outlet}" if outlet and outlet.lower() != speaker.lower() else speaker


@dataclass
class _Claimants:
    """What the rules found so far in one sentence."""

    cited: str | None = None
    reporter: str | None = None
    decided_by: list[str] = field(default_factory=list)

    def claimant(self) -> str | None:
        """ "cited via reporter" when both are named and differ; else whichever is."""
        if self.cited and self.reporter and self.cited.lower() != self.reporter.lower():
            return f"{self.cited} via {self.reporter}"
        return self.cited or self.reporter


def claimant_in(
    sentence: str, earlier: str = "", position: int | None = None, last: str | None = None
) -> str | None:
    """The claimant a single sentence names, or None. ``earlier`` resolves "the ministry", ``last``
    (the source named before) "he said" and "the paper said"; ``position`` is the figure's."""
    return explain_claimant(sentence, earlier, position, last)[0]


def explain_claimant(
    sentence: str, earlier: str = "", position: int | None = None, last: str | None = None
) -> tuple[str | None, list[str]]:
    """``claimant_in``, and the names of the rules that gave it (empty: none did)."""
    if post := _RULE["post author"].regex.match(sentence):
        return _post_author(post, sentence, earlier, position)
    found = _Claimants()
    groups_done: set[str] = set()
    for rule in CLAIMANT_RULES[1:]:
        role = rule.options["role"]
        if role == "anaphor":
            if not (found.cited or found.reporter) and last and _anaphor(sentence, position):
                return last, [rule.name]
        elif role == "speaker":
            if not found.reporter and (speaker := _subject_of_verb(sentence, earlier, position)):
                found.reporter = speaker
                found.decided_by.append(rule.name)
        elif match := _match(rule, found, sentence, groups_done):
            _apply(rule, match, sentence, earlier, found)
    return found.claimant(), found.decided_by if found.claimant() else []


def _post_author(
    post: PatternMatch, sentence: str, earlier: str, position: int | None
) -> tuple[str, list[str]]:
    """A post quoting a speaker before the figure relays it: "Ana News (@ana) police say 5 dead"."""
    author = post.group("np").strip()
    before = sentence[post.end() : position] if position is not None else ""
    speaker = _subject_of_verb(before, earlier) if before else None
    if speaker and speaker.lower() != author.lower():
        return f"{speaker} via {author}", ["post author", "subject of a speech verb"]
    return author, ["post author"]


def _match(rule: Rule, found: _Claimants, sentence: str, groups_done: set[str]) -> PatternMatch | None:
    """The rule's match, when it is still worth trying; the first match of a group decides it."""
    group = str(rule.options.get("group", rule.name))
    if group in groups_done or not _wanted(rule, found, sentence):
        return None
    if match := rule.search(sentence):
        groups_done.add(group)
    return match


def _head(phrase: str) -> str:
    """A noun phrase's head word: its last word before "of", "for" or "over" ("fears of unrest")."""
    words = re.split(r"\s+(?:of|for|over|about)\s+", phrase.strip().lower(), maxsplit=1)[0].split()
    return words[-1] if words else ""


def _wanted(rule: Rule, found: _Claimants, sentence: str) -> bool:
    """Whether a rule is still worth trying: a reporter rule only while no reporter is named."""
    role = rule.options["role"]
    if role == CITED:
        return found.cited is None
    if role == "relayed":
        return found.reporter is None and _AS_SAYING.search(sentence) is not None
    if rule.options.get("headline") and len(sentence.split()) > HEADLINE_WORDS:
        return False
    return found.reporter is None


def _apply(rule: Rule, match: PatternMatch, sentence: str, earlier: str, found: _Claimants) -> None:
    role = rule.options["role"]
    context = earlier + " " + sentence[: match.start()]
    if role == CITED:
        if _head(match.group("np")) not in MOTIVES:  # "citing safety concerns": a reason, not a source
            found.cited = _clean(match.group("np"), context)
    elif role == "relayed":
        found.cited = _clean(match.group("speaker"), earlier)
        found.reporter = _clean(match.group("relay"), earlier)
    elif rule.name in ("media reports", "unnamed reports"):
        found.reporter = match.groupdict().get("np") or "reports"
    elif rule.options.get("group") == "named":
        found.reporter = _clean(match.group("np"), context)
        if found.reporter:
            # "the fire department has confirmed, according to the Times": a relayed source
            speaker = _subject_of_verb(sentence[: match.start()], earlier)
            if speaker and not found.cited and speaker.lower() != found.reporter.lower():
                found.cited = speaker
    else:
        found.reporter = _clean(match.group("np"), earlier)
    if found.cited or found.reporter:
        found.decided_by.append(rule.name)


# "the president reported the death toll on Twitter": a later sentence naming who gave the figures before it
_GAVE_FIGURES = compile_pattern(
    "^ {subject} has|had|also? @give_verb the|these|those|this new|latest? (what: @figure_noun )"
)


def gave_figures(sentence: str, earlier: str) -> tuple[str, bool] | None:
    """(source, whether only the death toll) when ``sentence`` names who gave the figures before it."""
    match = _GAVE_FIGURES.match(sentence)
    if match is None or not (source := _clean(match.group("np"), earlier)):
        return None
    return source, "toll" in match.group("what").lower()


def claimant_for(
    sentences: Sequence[str],
    index: int,
    earlier: str = "",
    position: int | None = None,
    last: str | None = None,
    last_here: bool = False,
    why: list[str] | None = None,
) -> str | None:
    """The claimant of a figure in ``sentences[index]`` (at ``position``): its sentence, else the one
    before, else the source named last in the same paragraph (``last``, when ``last_here``): a block
    that names its source once speaks for it throughout ("The mayor tweeted ... The numbers are: ...").
    ``why``, when given, gets the names of the rules that decided.
    """
    why = [] if why is None else why
    before = " ".join(sentences[:index])
    own, rules = explain_claimant(sentences[index], earlier + " " + before, position, last)
    if own:
        why.extend(rules)
        return own
    if index > 0:
        prev, rules = explain_claimant(sentences[index - 1], earlier + " " + " ".join(sentences[: index - 1]))
        if prev:
            why.extend([*rules, "in the sentence before"])
            return prev
    if last_here and last:
        why.append("the source the paragraph named before")
    return last if last_here else None


def _anaphor(sentence: str, position: int | None) -> bool:
    """Whether the speaker of the figure's sentence is a pronoun or "the paper": "..., he said"."""
    for match in _speech_verbs(sentence):
        inverted = _RULE["said after"].regex.match(sentence[match.start :])
        if position is not None and match.start < position and inverted:
            continue
        head = sentence[: match.start].rstrip(" ,")
        cuts = list(_CLAUSE.finditer(head))
        np = (head[cuts[-1].end() :] if cuts else head).strip()
        np = _TEMPORAL.sub("", np).strip()
        if _ANAPHORS.match(np):
            return True
    return False


def status(
    sentences: Sequence[str], index: int, position: int = 0, figures: Sequence[int] = ()
) -> tuple[bool, bool]:
    """(retracted, disputed) for the figure at ``position`` in ``sentences[index]``; ``figures`` are
    the positions of the sentence's other figures. Words after a figure speak of it; words before it
    only when no other figure stands between ("the ministry retracted its report of 50 dead")."""
    own = sentences[index]
    nxt = sentences[index + 1] if index + 1 < len(sentences) else ""
    refers_back = bool(_BACKREF.match(nxt))
    retracted = (_applies(_RETRACT, own, position, figures) and bool(_REPORT_NOUN.search(own))) or (
        refers_back and bool(_RETRACT.search(nxt))
    )
    disputed = _applies(_HEDGE, own, position, figures) or (refers_back and bool(_HEDGE.search(nxt)))
    return retracted, disputed


def _applies(pattern: Pattern, sentence: str, position: int, figures: Sequence[int]) -> bool:
    for match in pattern.finditer(sentence):
        if match.start() > position:
            if not any(position < f < match.start() for f in figures):
                return True
        elif not any(f < match.start() for f in figures) and not _CORRECTED_TO.search(
            sentence[match.end() : position]
        ):
            return True
    return False


# a cheap test before the rules: a speech verb's stem, a citation, a release, or a post's handle
_SOURCE_CUE = re.compile(
    r"\b(?:"
    + alternation("speech_verb")
    # the stems reach the forms the list leaves out ("reportedly", "citing", "quoting")
    + r"|report\w*|according|announc\w+|confirm\w*|cit\w+|claim\w*|estimat\w+|publish\w+|quot\w+|"
    r"issued|released)\b|\(\s*@",
)


def names_source(sentence: str) -> bool:
    """Whether a sentence may name a source at all: a cheap test before looking for one."""
    return _SOURCE_CUE.search(sentence.lower()) is not None  # lower-cased: far quicker than re.I
