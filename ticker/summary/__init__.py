""" "What we know now": the summary's records (``state``) and the pure fold over them (``fold``)."""

from ticker.summary.fold import Limits, apply, fold
from ticker.summary.state import Actor, Development, Figure, Observation, Summary

__all__ = ["Actor", "Development", "Figure", "Limits", "Observation", "Summary", "apply", "fold"]
