"""Train the topic model (ticker/data/topics.json) from labelled news bullets.

    .venv/bin/python scripts/train_topics.py TRAIN.jsonl [TRAIN2.jsonl ...] [--out FILE]

Inputs are bullet files ticker eval reads (Wikipedia current-events JSONL, WikiTimes
JSON). Keep the files you report accuracy on out of the training set. A bullet whose
section allows two topics ("Health and environment") is labelled environment when it
uses an environment word, else health. Training is deterministic (lbfgs,
fixed order); scikit-learn is a dev dependency used only here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ticker.enrich.topics import BUCKETS, MODEL_FILE, TopicModel, features, topic_text  # noqa: E402
from ticker.evaluate.bullets import Bullet, dedupe, read_bullets  # noqa: E402
from ticker.models import Topic  # noqa: E402

_ENVIRONMENT = re.compile(
    r"\b(climate|environment\w*|emission\w*|pollut\w*|wildlife|species|extinct\w*|forest\w*|"
    r"conservation|carbon|fossil|deforest\w*|endangered|biodiversity|ocean\w*|glacier\w*|"
    r"heatwave|drought|oil spill|renewable\w*|greenhouse)\b",
    re.I,
)
MIN_DOCS = 2  # a word or pair seen in one bullet only is noise, and may be a name


def label(bullet: Bullet) -> Topic:
    if len(bullet.topics) == 1:
        return next(iter(bullet.topics))
    if Topic.ENVIRONMENT in bullet.topics and _ENVIRONMENT.search(bullet.text):
        return Topic.ENVIRONMENT
    return sorted(bullet.topics)[0] if Topic.HEALTH not in bullet.topics else Topic.HEALTH


WORDS_FILE = Path(__file__).resolve().parent / "data" / "topic_words.txt"
WORD_WEIGHT = 6.0  # a phrase of the word list counts this much of a (class-balanced) bullet


def word_examples(path: Path = WORDS_FILE) -> list[tuple[Topic, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, phrases = line.partition(":")
            out += [(Topic(name.strip()), p.strip()) for p in phrases.split(";") if p.strip()]
    return out


def train(bullets: list[Bullet], c: float, word_weight: float = WORD_WEIGHT) -> TopicModel:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    labels = [label(b).value for b in bullets]
    per_class = Counter(labels)
    # classes weighted as "balanced" would: a rare section counts as much as a common one
    sample_weight = [len(labels) / (len(per_class) * per_class[name]) for name in labels]
    rows = [features(topic_text(b.title, b.text)) for b in bullets]
    words = word_examples() if word_weight else []
    rows += [features(phrase) for _, phrase in words]
    labels += [topic.value for topic, _ in words]
    sample_weight += [word_weight] * len(words)
    docs = Counter(k for row in rows for k in row)
    kept = sorted(k for k, n in docs.items() if n >= MIN_DOCS)
    column = {k: n for n, k in enumerate(kept)}
    data, indices, indptr = [], [], [0]
    for row in rows:
        for k, v in sorted(row.items()):
            if k in column:
                indices.append(column[k])
                data.append(v)
        indptr.append(len(indices))
    matrix = csr_matrix((data, indices, indptr), shape=(len(rows), len(kept)))
    fit = LogisticRegression(C=c, max_iter=3000).fit(matrix, labels, sample_weight=sample_weight)
    classes = tuple(Topic(c) for c in fit.classes_)
    weights = {}
    for k, n in column.items():
        row = tuple(round(float(w), 2) + 0.0 for w in fit.coef_[:, n])
        if any(row):
            weights[k] = row
    return TopicModel(classes, tuple(round(float(b), 3) for b in fit.intercept_), weights)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", default=str(MODEL_FILE))
    parser.add_argument("--c", type=float, default=30.0, help="inverse regularisation strength")
    args = parser.parse_args()
    bullets = dedupe([b for path in args.inputs for b in read_bullets(path)])
    model = train(bullets, args.c)
    # ticker eval marks these files "trained on" rather than "held out"
    data = {**model.to_dict(), "trained_on": sorted({Path(p).name for p in args.inputs})}
    Path(args.out).write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    counts = Counter(label(b).value for b in bullets)
    sys.stdout.write(f"{len(bullets)} bullets {dict(sorted(counts.items()))}; ")
    sys.stdout.write(f"{len(model.weights)} of {BUCKETS} buckets\n")


if __name__ == "__main__":
    main()
