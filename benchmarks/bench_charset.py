"""Charset decoding on generated samples: ticker's reader against charset-normalizer alone, same run.

Run: python benchmarks/bench_charset.py. Prints correct decodings out of all, and for short
Western texts (where detectors fail) separately.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import charset_normalizer

sys.path.insert(0, str(Path(__file__).parent))
from charset_samples import SAMPLES, SHORT

from ticker.errors import SourceError
from ticker.ingest.text import decode_bytes


def detector_alone(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    return None if best is None else data.decode(best.encoding)


def ticker_reader(data: bytes) -> str | None:
    try:
        return decode_bytes(data, "sample")
    except SourceError:
        return None


def score(decode: Callable[[bytes], str | None]) -> tuple[int, int, int, int]:
    right = total = 0
    for text, codecs in SAMPLES.values():
        for codec in codecs:
            for repeat in (1, 3):
                sample = " ".join([text] * repeat)
                total += 1
                right += decode(sample.encode(codec)) == sample
    short_right = short_total = 0
    for text in SHORT:
        for codec in ("latin_1", "cp1252"):
            short_total += 1
            short_right += decode(text.encode(codec)) == text
    return right, total, short_right, short_total


if __name__ == "__main__":
    for name, decode in (
        ("charset-normalizer alone", detector_alone),
        ("ticker decode_bytes", ticker_reader),
    ):
        right, total, short_right, short_total = score(decode)
        print(f"{name:26} sentences {right}/{total}  short Western {short_right}/{short_total}")
