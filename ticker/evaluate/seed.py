"""Score enrichment against a seed-style answer key (``tests/data/seed_key.json`` and keys like it).

Pure: ``evaluate(key, [(item, enrichment), ...])`` returns an :class:`EvalReport`.
The key's figure names are mapped onto (metric, subject) here, in the
evaluator, never in the product.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from rapidfuzz import fuzz

from ticker.enrich.canonical import canonical_key, same_actor
from ticker.enrich.gazetteer import lookup
from ticker.models import Claim, Enrichment, EntityKind, Metric, Subject, TickerItem

FIGURE_KEYS: dict[str, tuple[Metric, Subject]] = {
    "arrested": (Metric.ARRESTED, Subject.PEOPLE),
    "killed_protesters": (Metric.KILLED, Subject.PROTESTERS),
    "killed_security_forces": (Metric.KILLED, Subject.SECURITY_FORCES),
    "killed_total": (Metric.KILLED, Subject.PEOPLE),
    "injured": (Metric.INJURED, Subject.PEOPLE),
    "foreign_troops": (Metric.DEPLOYED, Subject.FOREIGN_TROOPS),
    "claimed_attackers": (Metric.ATTACKING, Subject.ATTACKERS),
}
_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
Pair = tuple[TickerItem, Enrichment]


@dataclass(frozen=True)
class Expected:
    figure: str
    metric: Metric
    subject: Subject | None  # None: any subject (vague mentions)
    value: int | None  # None: a vague quantity
    source: str
    seeds: tuple[str, ...]
    scoped: bool = False
    retracted: bool = False

    def label(self) -> str:
        what = "vague" if self.value is None else f"{self.value:,}"
        return f"{self.figure} {what} ({self.source or 'no source'}; seed {'/'.join(self.seeds) or 'any'})"


@dataclass
class EvalReport:
    figures_expected: int = 0
    figures_found: int = 0
    claimant_right: int = 0
    retractions_expected: int = 0
    retractions_flagged: int = 0
    claims_scored: int = 0
    claims_correct: int = 0
    not_event_reported: list[str] = field(default_factory=list)
    actors: tuple[int, int] = (0, 0)
    actor_aliases: tuple[int, int] = (0, 0)
    organisations: tuple[int, int] = (0, 0)
    organisation_aliases: tuple[int, int] = (0, 0)
    places: tuple[int, int] = (0, 0)
    misses: list[str] = field(default_factory=list)
    wrong_claims: list[str] = field(default_factory=list)

    @property
    def claim_precision(self) -> float:
        return _ratio(self.claims_correct, self.claims_scored)

    def to_text(self) -> str:
        lines = [
            f"figures   recall {_pair((self.figures_found, self.figures_expected))}"
            f"   with the right claimant {_pair((self.claimant_right, self.figures_expected))}",
            f"claims    precision {self.claims_correct}/{self.claims_scored} = {self.claim_precision:.2f}"
            f"   retractions flagged {self.retractions_flagged}/{self.retractions_expected}",
            f"not-event figures reported as claims: {len(self.not_event_reported)}",
            f"actors    recall {_pair(self.actors)}   aliases canonicalised {_pair(self.actor_aliases)}",
            f"orgs      recall {_pair(self.organisations)}"
            f"   aliases canonicalised {_pair(self.organisation_aliases)}",
            f"places    recall {_pair(self.places)}",
        ]
        lines += [f"  not an event figure: {t}" for t in self.not_event_reported]
        lines += [f"  miss: {m}" for m in self.misses]
        lines += [f"  unmatched claim: {w}" for w in self.wrong_claims]
        return "\n".join(lines)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _pair(p: tuple[int, int]) -> str:
    return f"{p[0]}/{p[1]} = {_ratio(*p):.2f}"


def _seeds(entry: dict[str, Any]) -> tuple[str, ...]:
    return tuple(s for s in str(entry.get("seed", "")).split("/") if s)


def expected_figures(key: dict[str, Any]) -> list[Expected]:
    out: list[Expected] = []
    for name, spec in key.get("figures", {}).items():
        if name not in FIGURE_KEYS:
            continue
        metric, subject = FIGURE_KEYS[name]
        final = spec.get("final", {})
        for obs in spec.get("history") or [final]:
            retracted = final.get("status") == "retracted" and obs is final
            out.append(
                Expected(
                    name,
                    metric,
                    subject,
                    int(obs["value"]),
                    str(obs.get("source", "")),
                    _seeds(obs),
                    retracted=retracted,
                )
            )
        for sub in spec.get("sub_figures", ()):
            out.append(Expected(name, metric, subject, int(sub["value"]), "", _seeds(sub), scoped=True))
        for vague in spec.get("vague", ()):
            out.append(Expected(name, metric, None, None, str(vague.get("source", "")), _seeds(vague)))
    return out


def _from_seed(item: TickerItem, seeds: Sequence[str]) -> bool:
    name = PurePath(item.source).name
    return not seeds or any(name.startswith(s) for s in seeds)


def _matches(claim: Claim, item: TickerItem, exp: Expected, *, check_seed: bool = True) -> bool:
    if claim.metric is not exp.metric or (check_seed and not _from_seed(item, exp.seeds)):
        return False
    if exp.value is None:
        return claim.qualifier.vague
    return (
        claim.subject is exp.subject
        and claim.value == exp.value
        and (claim.scope is not None) == exp.scoped
        and not claim.qualifier.vague
    )


def _norm(source: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", source.lower())
    return " ".join(w for w in re.findall(r"[a-z0-9]+", text) if w not in ("the", "a", "an"))


def claimant_matches(claimant: str | None, source: str) -> bool:
    """Fuzzy: any "/"-alternative of the key's source contained in the claimant, or vice versa."""
    if not source:
        return True
    if not claimant:
        return False
    got = _norm(claimant)
    for alternative in source.split("/"):
        want = _norm(alternative)
        if want and (set(want.split()) <= set(got.split()) or set(got.split()) <= set(want.split())):
            return True
        if want and fuzz.token_set_ratio(want, got) >= 85:
            return True
    return False


def _score_figures(key: dict[str, Any], pairs: Sequence[Pair], report: EvalReport) -> None:
    expected = expected_figures(key)
    report.figures_expected = len(expected)
    for exp in expected:
        hits = [c for item, info in pairs for c in info.claims if _matches(c, item, exp)]
        if not hits:
            report.misses.append(f"figure {exp.label()}")
            continue
        report.figures_found += 1
        if any(claimant_matches(c.claimant, exp.source) for c in hits):
            report.claimant_right += 1
        else:
            report.misses.append(f"claimant of {exp.label()}: got {sorted({str(c.claimant) for c in hits})}")
        if exp.retracted:
            report.retractions_expected += 1
            report.retractions_flagged += any(c.retracted for c in hits)
    quirks = [
        q
        for spec in key.get("figures", {}).values()
        for q in re.findall(r"'([^']{8,})'", spec.get("quirk", ""))
    ]
    for item, info in pairs:
        for claim in info.claims:
            if any(q in claim.quote for q in quirks):
                continue  # the key accepts either reading
            report.claims_scored += 1
            if any(_matches(claim, item, exp, check_seed=False) for exp in expected):
                report.claims_correct += 1
            else:
                where = PurePath(item.source).name
                report.wrong_claims.append(
                    f"{claim.key} {claim.qualifier.value} {claim.value:,} ({claim.claimant}) in {where}"
                )


def _numbers_in(text: str) -> set[int]:
    values = {int(float(n.replace(",", ""))) for n in re.findall(r"\d[\d,]*(?:\.\d+)?(?! million)", text)}
    values |= {int(float(n) * 1_000_000) for n in re.findall(r"(\d+(?:\.\d+)?) million", text)}
    values |= {v for w, v in _WORD_NUMBERS.items() if re.search(rf"\b{w}\b", text, re.I)}
    return values


def _score_not_events(key: dict[str, Any], pairs: Sequence[Pair], report: EvalReport) -> None:
    for entry in key.get("not_event_figures", ()):
        numbers, seeds = _numbers_in(str(entry["text"])), _seeds(entry)
        for item, info in pairs:
            for claim in info.claims:
                if claim.value in numbers and _from_seed(item, seeds):
                    report.not_event_reported.append(f"{entry['text']!r} -> {claim.key} {claim.value:,}")


_BODIES = {EntityKind.ORGANISATION, EntityKind.MEDIA}


def _score_entities(key: dict[str, Any], pairs: Sequence[Pair], report: EvalReport) -> None:
    entities = [e for _, info in pairs for e in info.entities]
    texts = "\n".join(item.title + "\n" + item.text for item, _ in pairs)
    for section, kind, total_attr, alias_attr in (
        ("actors", {EntityKind.PERSON}, "actors", "actor_aliases"),
        # an outlet is an organisation too: the key lists broadcasters among them
        ("organisations", _BODIES, "organisations", "organisation_aliases"),
    ):
        found = aliases_ok = aliases = 0
        for main, alias_list in key.get(section, {}).items():
            names = [main, *alias_list]
            same_kind = [e for e in entities if e.kind in kind]
            if any(same_actor(e.name, n) for e in same_kind for n in names):
                found += 1
            else:
                report.misses.append(f"{section[:-1]} {main}")
            for alias in alias_list:
                clean = re.sub(r"\s*\(.*?\)", "", alias).strip()
                aliases += 1
                holders = [e for e in same_kind if clean in e.surface_forms]
                # a name variant must fold onto the main name; a description ("the ministry") must
                # at least be attached to the main entity wherever it was seen
                ok = (same_actor(clean, main) or bool(holders)) and all(
                    same_actor(e.name, main) or main in e.surface_forms for e in holders
                )
                aliases_ok += ok
                if not ok:
                    seen = "in text" if clean in texts else "not in text"
                    report.misses.append(f"alias {clean!r} of {main} not canonicalised ({seen})")
        setattr(report, total_attr, (found, len(key.get(section, {}))))
        setattr(report, alias_attr, (aliases_ok, aliases))
    places = {canonical_key(e.name) for e in entities if e.kind is EntityKind.PLACE}
    wanted = key.get("places", [])
    hits = 0
    for name in wanted:
        place = lookup(name)
        if canonical_key(place.name if place else name) in places:
            hits += 1
        else:
            report.misses.append(f"place {name}")
    report.places = (hits, len(wanted))


def evaluate(key: dict[str, Any], enriched: Sequence[Pair]) -> EvalReport:
    """Precision and recall of figures and entities in ``enriched`` against ``key``."""
    report = EvalReport()
    _score_figures(key, enriched, report)
    _score_not_events(key, enriched, report)
    _score_entities(key, enriched, report)
    return report
