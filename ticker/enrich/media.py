"""Media outlets and news agencies: the sources of news, not actors in it.

A name is media when it is a wire service or broadcaster everyone cites, or when it has
the shape of an outlet's name ("<X> News", "<X> 24", "Radio <X>", "<X> News Agency").
The summary also treats every outlet it has items from as media.
"""

from __future__ import annotations

import re

from ticker.enrich.words import wordset

# wire services and broadcasters cited as sources the world over
AGENCIES = wordset(
    "afp ap reuters tass itar-tass ria interfax xinhua dpa ansa efe kyodo yonhap upi bloomberg bbc cnn "
    "pti ani bernama antara anadolu irna isna mehr wafa sana kcna cctv nhk rtl ard zdf cbs nbc abc fox msnbc "
    "sky euronews france24 dw rfe/rl rferl aljazeera"
)
_AGENCY_PHRASES = ("al jazeera", "ria novosti", "associated press", "agence france-presse", "sky news")
_OUTLET_TAIL = re.compile(
    r"^\S.*(?<!\sof)\s(?:\d{1,3}|news|tv|television|radio|times|post|daily|herald|journal|tribune|gazette|"
    r"telegraph|press|media|broadcasting|broadcaster|channel|online|chronicle|observer|newspaper|magazine|"
    r"wire|(?:news|press|information|telegraph) agency)$",
    re.IGNORECASE,
)
_OUTLET_HEAD = re.compile(r"^(?:radio|tv|channel|television|telecanal|canal|rádio|radio-)\s\S", re.IGNORECASE)


def is_media(name: str) -> bool:
    low = " ".join(name.casefold().split())
    if low in AGENCIES or low in _AGENCY_PHRASES:
        return True
    return bool(_OUTLET_TAIL.match(name) or _OUTLET_HEAD.match(name))
