"""One parse of an item: its title and text split into paragraphs, sentences and tokens once.

Every step of enrichment (figures, entities, the lead) reads this document; none splits the
text again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ticker.enrich import sentences
from ticker.enrich.sentences import Paragraph


@dataclass(frozen=True)
class Document:
    title: str  # whitespace collapsed
    body: tuple[Paragraph, ...]  # the text's paragraphs
    # the title as a headline paragraph (unless the text opens with it), then the body
    parts: tuple[Paragraph, ...]

    def all_sentences(self) -> list[str]:
        return [s for p in self.body for s in p.sentences]


def parse(title: str, text: str) -> Document:
    body = tuple(sentences.paragraphs(text))
    title = " ".join(title.split())
    parts = body
    if title and not text.lstrip().startswith(title):
        parts = (Paragraph(tuple(sentences.split_sentences(title)) or (title,), headline=True), *body)
    return Document(title, body, parts)
