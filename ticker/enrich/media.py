"""Media outlets and news agencies: the sources of news, not actors in it.

A name is media when it is a wire service or broadcaster everyone cites, or when it has
the shape of an outlet's name ("<X> News", "<X> 24", "Radio <X>", "<X> News Agency").
The summary also treats every outlet it has items from as media.
"""

from __future__ import annotations

import re

# wire services: cited the world over, often at the very end of a sentence ("..., Reuters said")
WIRE_SERVICES = (
    "reuters", "associated press", "ap", "afp", "agence france-presse", "xinhua", "tass", "itar-tass",
    "interfax", "ria novosti", "dpa", "efe", "ansa", "kyodo", "yonhap", "anadolu", "bernama", "pti", "upi",
)  # fmt: skip
# other agencies and broadcasters cited as sources
OTHER_MEDIA = (
    "ria", "bloomberg", "bbc", "cnn", "ani", "antara", "irna", "isna", "mehr", "wafa", "sana", "kcna", "cctv",
    "nhk", "rtl", "ard", "zdf", "rnd", "cbs", "nbc", "abc", "fox", "msnbc", "sky", "sky news", "euronews",
    "france24", "dw", "rfe/rl", "rferl", "aljazeera", "al jazeera",
)  # fmt: skip
MEDIA_NAMES = frozenset(WIRE_SERVICES + OTHER_MEDIA)
_OUTLET_TAIL = re.compile(
    r"^\S.*(?<!\sof)\s(?:\d{1,3}|news|tv|television|radio|times|post|daily|herald|journal|tribune|gazette|"
    r"telegraph|press|media|broadcasting|broadcaster|channel|online|chronicle|observer|newspaper|magazine|"
    r"wire|(?:news|press|information|telegraph) agency)$",
    re.IGNORECASE,
)
_OUTLET_HEAD = re.compile(r"^(?:radio|tv|channel|television|telecanal|canal|rádio|radio-)\s\S", re.IGNORECASE)


def is_media(name: str) -> bool:
    low = " ".join(name.casefold().split())
    if low in MEDIA_NAMES:
        return True
    return bool(_OUTLET_TAIL.match(name) or _OUTLET_HEAD.match(name))
