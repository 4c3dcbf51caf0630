"""Near-duplicates: the seed key's cross-outlet facts match across outlets, unrelated text does not."""

from __future__ import annotations

import pytest

from ticker.enrich.dedupe import find_duplicates, fingerprint, similar

# one sentence per outlet for each of the key's cross_outlet_duplicates, cut from the seed articles
SAME_FACT = [
    (
        "The unrest in the ex-Soviet republic, which is rich in oil and gas, was triggered by displeasure at the "
        "rise in fuel prices at petrol stations.",
        "Unrest in the former Soviet republic was triggered by displeasure at the rise in fuel prices at petrol "
        "stations.",
    ),
    (
        "The unrest in the ex-Soviet republic, which is rich in oil and gas, was triggered by displeasure at the "
        "rise in fuel prices at petrol stations.",
        "Displeasure over the rise in fuel prices at petrol stations in the oil- and gas-rich country turned into "
        "protests against the government.",
    ),
    (
        "Last year, 25 permits with a total value of around 2.2 million euros were granted.",
        "Last year, 25 licenses for the export of armaments to Kazakhstan with a total value of around 2.2 million "
        "euros were granted.",
    ),
    (
        "According to the Interior Ministry, 26 demonstrators were killed during the protests against the "
        "government in Kazakhstan.",
        "State television reported on Friday that 26 demonstrators had already been killed.",
    ),
    (
        "The Foreign Office of Minister Annalena Baerbock reported that they were exchanging ideas with closest "
        "local partners about developments in Kazakhstan.",
        "The Foreign Office reported that they were exchanging ideas with the closest local partners about the "
        "development.",
    ),
    (
        "In addition to Russia and Kazakhstan, the alliance also includes Armenia, Belarus, Kyrgyzstan and "
        "Tajikistan.",
        "The alliance includes Russia, Armenia, Belarus, Kazakhstan, Kyrgyzstan and Tajikistan.",
    ),
]
UNRELATED = [
    (
        "Federal Justice Minister Marco Buschmann has sharply condemned the order to shoot against demonstrators.",
        "The Internet is repeatedly turned off in Kazakhstan and the border has been closed to foreigners.",
    ),
    (
        "According to the Interior Ministry, 26 demonstrators were killed during the protests.",
        "Another 18 demonstrators were injured.",
    ),
    (
        "Almost 8,000 people were arrested, according to the authorities.",
        "More than 2,000 people were injured across the country.",
    ),
    (
        "Kazakhstan: President continues to reorganize leadership",
        "Kazakhstan: USA is watching the situation with great concern",
    ),
    ("Kazakhstan", "Kazakhstan crisis: Kazakhstan news from Kazakhstan today"),
]


@pytest.mark.parametrize(("a", "b"), SAME_FACT)
def test_same_fact_from_two_outlets_is_similar(a: str, b: str) -> None:
    assert similar(fingerprint(a), fingerprint(b))
    assert similar(fingerprint(b), fingerprint(a))


@pytest.mark.parametrize(("a", "b"), UNRELATED)
def test_unrelated_text_is_not_similar(a: str, b: str) -> None:
    assert not similar(fingerprint(a), fingerprint(b))


def test_fingerprint_normalises_case_accents_and_number_separators() -> None:
    assert fingerprint("Almost 8,000 ARRESTS in Almatý") == fingerprint("almost 8000 arrests in Almaty")
    assert fingerprint("") == ""


def test_find_duplicates_returns_matching_ids_and_their_outlets_once() -> None:
    a, b = SAME_FACT[2]
    earlier = [
        ("i1", "Merkur", fingerprint(a)),
        ("i2", "n-tv", fingerprint(UNRELATED[0][0])),
        ("i3", "Merkur", fingerprint(a + " It said.")),
    ]
    assert find_duplicates(fingerprint(b), earlier) == (("i1", "i3"), ("Merkur",))
    assert find_duplicates(fingerprint(b), []) == ((), ())


def test_find_duplicates_agrees_with_similar_on_every_pair_of_sentences() -> None:
    # find_duplicates skips pairs that share few words before comparing: it must not skip a match
    sentences = [text for pair in SAME_FACT for text in pair] + [text for pair in UNRELATED for text in pair]
    prints = [fingerprint(text) for text in sentences]
    earlier = [(str(n), f"outlet {n}", fp) for n, fp in enumerate(prints)]
    for fp in prints:
        expected = tuple(ident for ident, _, other in earlier if similar(fp, other))
        assert find_duplicates(fp, earlier)[0] == expected
