"""IPTC top-level topic of an item: a linear model over hashed words and word pairs.

The weights are package data (ticker/data/topics.json) made by scripts/train_topics.py
from labelled news bullets. Words are hashed, so the file holds bucket numbers and
weights, never the words (or names) it was trained on. Prediction is pure Python:
hash the words, add up the weights, take the best class.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from ticker.models import Topic

BUCKETS = 1 << 20  # few collisions among a news vocabulary's words and pairs
READ_CHARS = 1500  # the title and the opening say what an item is about
MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "topics.json"
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (BUCKETS - 1)


def features(text: str) -> dict[int, float]:
    """Hashed words and adjacent word pairs, present or not, scaled to unit length."""
    words = _WORD.findall(text[:READ_CHARS].lower())
    found = {_bucket(w) for w in words}
    found.update(_bucket(f"{a} {b}") for a, b in pairwise(words))
    if not found:
        return {}
    weight = 1.0 / math.sqrt(len(found))
    return dict.fromkeys(found, weight)


@dataclass(frozen=True)
class TopicModel:
    classes: tuple[Topic, ...]
    bias: tuple[float, ...]
    weights: dict[int, tuple[float, ...]]  # bucket -> one weight per class

    def scores(self, text: str) -> list[float]:
        found = features(text)
        rows = [row for bucket in found if (row := self.weights.get(bucket)) is not None]
        if not rows:
            return list(self.bias)
        # every feature has the same value: sum each class's weights first (in C), scale once
        value = next(iter(found.values()))
        columns = map(sum, zip(*rows, strict=True))
        return [bias + value * total for bias, total in zip(self.bias, columns, strict=True)]

    def predict(self, text: str) -> tuple[Topic, float]:
        """The best topic and its probability (softmax over the classes)."""
        totals = self.scores(text)
        top = max(range(len(totals)), key=lambda n: (totals[n], -n))
        peak = totals[top]
        norm = sum(math.exp(t - peak) for t in totals)
        return self.classes[top], 1.0 / norm

    def to_dict(self) -> dict[str, object]:
        return {
            "schema": 1,
            "buckets": BUCKETS,
            "classes": [c.value for c in self.classes],
            "bias": list(self.bias),
            "weights": {str(b): list(row) for b, row in sorted(self.weights.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TopicModel:
        if data.get("buckets") != BUCKETS:
            raise ValueError(f"topic model hashed into {data.get('buckets')} buckets, not {BUCKETS}")
        classes = tuple(Topic(str(c)) for c in _list(data, "classes"))
        bias = tuple(float(str(b)) for b in _list(data, "bias"))
        raw = data.get("weights")
        if not isinstance(raw, dict) or len(bias) != len(classes):
            raise ValueError("topic model: weights must map buckets to one weight per class")
        weights = {int(b): tuple(float(w) for w in row) for b, row in raw.items()}
        if any(len(row) != len(classes) for row in weights.values()):
            raise ValueError("topic model: a weight row does not have one weight per class")
        return cls(classes, bias, weights)


def _list(data: dict[str, object], name: str) -> list[object]:
    value = data.get(name)
    if not isinstance(value, list):
        raise ValueError(f"topic model: {name!r} is not a list")
    return value


@cache
def model() -> TopicModel:
    return TopicModel.from_dict(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def topic_text(title: str, text: str) -> str:
    """What the model reads: the title (unless the text repeats it), then the text."""
    return f"{title}. {text}" if title and not text.lstrip().startswith(title) else text


def topic_of(title: str, text: str) -> tuple[Topic, float]:
    """The item's IPTC topic and the model's probability for it."""
    return model().predict(topic_text(title, text))
