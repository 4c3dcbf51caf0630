"""Month names of the common European languages (and Turkish), mapped to English for dateutil.

Full names, genitive forms ("września", "сентября") and the abbreviations feeds use
("Set", "Out", "Dez", "janv.", "окт"). Abbreviations are only trusted inside a date
field (a feed's pubDate), where no other words are expected; running text only uses the
full forms, since "set", "out" or "mar" are also ordinary words.
"""

from __future__ import annotations

import re
import unicodedata

_ENGLISH = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December")  # fmt: skip

# Full forms, month by month: pt es fr de it nl pl ru uk sv da no tr cs hu ro fi (lower case).
_FULL: tuple[tuple[str, ...], ...] = (
    ("janeiro", "enero", "janvier", "januar", "jänner", "gennaio", "januari", "styczeń", "stycznia",
     "январь", "января", "січень", "січня", "ocak", "leden", "ledna", "január", "ianuarie",
     "tammikuu", "tammikuuta"),
    ("fevereiro", "febrero", "février", "februar", "febbraio", "februari", "luty", "lutego", "февраль",
     "февраля", "лютий", "лютого", "şubat", "únor", "února", "február", "februarie", "helmikuu",
     "helmikuuta"),
    ("março", "marzo", "mars", "märz", "maart", "marzec", "marca", "март", "марта", "березень",
     "березня", "marts", "mart", "březen", "března", "március", "martie", "maaliskuu", "maaliskuuta"),
    ("abril", "avril", "aprile", "kwiecień", "kwietnia", "апрель", "апреля", "квітень", "квітня",
     "nisan", "duben", "dubna", "április", "aprilie", "huhtikuu", "huhtikuuta"),
    ("maio", "mayo", "mai", "maggio", "mei", "maj", "maja", "май", "мая", "травень", "травня",
     "mayıs", "květen", "května", "május", "toukokuu", "toukokuuta"),
    ("junho", "junio", "juin", "juni", "giugno", "czerwiec", "czerwca", "июнь", "июня", "червень",
     "червня", "haziran", "červen", "června", "június", "iunie", "kesäkuu", "kesäkuuta"),
    ("julho", "julio", "juillet", "juli", "luglio", "lipiec", "lipca", "июль", "июля", "липень",
     "липня", "temmuz", "červenec", "července", "július", "iulie", "heinäkuu", "heinäkuuta"),
    ("agosto", "août", "augustus", "sierpień", "sierpnia", "август", "августа", "серпень", "серпня",
     "augusti", "ağustos", "srpen", "srpna", "augusztus", "elokuu", "elokuuta"),
    ("setembro", "septiembre", "setiembre", "septembre", "settembre", "wrzesień", "września",
     "сентябрь", "сентября", "вересень", "вересня", "eylül", "září", "szeptember", "septembrie",
     "syyskuu", "syyskuuta"),
    ("outubro", "octubre", "octobre", "oktober", "ottobre", "październik", "października", "октябрь",
     "октября", "жовтень", "жовтня", "ekim", "říjen", "října", "október", "octombrie", "lokakuu",
     "lokakuuta"),
    ("novembro", "noviembre", "novembre", "listopad", "listopada", "ноябрь", "ноября", "листопад",
     "листопада", "kasım", "listopadu", "noiembrie", "marraskuu", "marraskuuta"),
    ("dezembro", "diciembre", "décembre", "dezember", "dicembre", "grudzień", "grudnia", "декабрь",
     "декабря", "грудень", "грудня", "desember", "aralık", "prosinec", "prosince", "decembrie",
     "joulukuu", "joulukuuta"),
)  # fmt: skip

# Abbreviations (without their dot), for date fields only.
_SHORT: tuple[tuple[str, ...], ...] = (
    ("jan", "ene", "janv", "gen", "sty", "янв", "oca", "led", "ian", "tammi"),
    ("fev", "fév", "févr", "feb", "lut", "фев", "февр", "şub", "úno", "helmi"),
    ("mar", "mär", "mrt", "мар", "bře", "márc", "maalis"),
    ("abr", "avr", "apr", "kwi", "апр", "nis", "dub", "ápr", "huhti"),
    ("mai", "mag", "mei", "maj", "may", "kvě", "máj", "touko"),
    ("jun", "juin", "giu", "cze", "июн", "haz", "čvn", "jún", "iun", "kesä"),
    ("jul", "juil", "lug", "lip", "июл", "tem", "čvc", "júl", "iul", "heinä"),
    ("ago", "aoû", "aug", "sie", "авг", "ağu", "srp", "aug", "elo"),
    ("set", "sep", "sept", "wrz", "сен", "сент", "eyl", "zář", "szept", "syys"),
    ("out", "oct", "okt", "ott", "paź", "окт", "eki", "říj", "loka"),
    ("nov", "lis", "ноя", "нояб", "kas", "marras"),
    ("dez", "dic", "déc", "dec", "des", "gru", "дек", "ara", "pro", "joulu"),
)  # fmt: skip


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word.lower().rstrip("."))


FULL_MONTHS: dict[str, str] = {w: _ENGLISH[m] for m, names in enumerate(_FULL) for w in names}
ALL_MONTHS: dict[str, str] = {
    **{w: _ENGLISH[m][:3] for m, names in enumerate(_SHORT) for w in names},
    **{e.lower(): e for e in _ENGLISH},
    **{e[:3].lower(): e[:3] for e in _ENGLISH},
    **FULL_MONTHS,
}
FULL_MONTH_PATTERN = "|".join(sorted(map(re.escape, FULL_MONTHS), key=len, reverse=True))
_FULL_MONTH = re.compile(rf"\b(?:{FULL_MONTH_PATTERN})\b", re.I)

_WORD = re.compile(r"[^\W\d_]+\.?")
# Words a date field may carry besides a month: zones, AM/PM, ISO separators. Everything else
# ("Seg", "mardi", "den", "de", "г.", "um") is a weekday or a connective and is dropped.
_KEEP = re.compile(r"^(?:[AP]M|T|Z|UTC|GMT|UT|[A-Z]{2,5}T|MEZ|MESZ|WET|EET|MSK|AST)$")
_WEEKDAY_FIRST = re.compile(r"^\s*[^\W\d_]+\.?\s*,")


def english_date_field(raw: str) -> str | None:
    """A date field with foreign month names in English and weekdays and other words dropped, or
    None when that changes nothing."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        english = ALL_MONTHS.get(_fold(word))
        if english is not None:
            return english
        return word if _KEEP.match(word.rstrip(".")) else " "

    # a leading word before a comma is a weekday, even one spelt like a month ("mar," is martes)
    text = _WORD.sub(swap, _WEEKDAY_FIRST.sub("", raw))
    text = " ".join(" ".join(text.split()).strip(" ,").split())
    return None if text == " ".join(raw.split()) else text


def english_months(text: str) -> str:
    """Running text with full foreign month names in English ("24 września 2018" → "24 September 2018")."""
    return re.sub(
        rf"\b(?:{FULL_MONTH_PATTERN})\b", lambda m: FULL_MONTHS[_fold(m.group(0))], text, flags=re.I
    )
