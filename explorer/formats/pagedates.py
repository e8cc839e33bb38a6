"""Dates as comment sections print them, found inside the words around them.

A comment's header says "wrote on March 11th, 2015 at 02:57:", "於 2017/01/18 14:41",
"30/12/14 2:07 a. m." or "2021年5月4日 10:32". The printed forms are brought to the ones
``text.parse_datetime`` reads: ordinal suffixes dropped, CJK and slashed year-first dates
as ``2017-01-18``, German "12.05.2012" slashed, "下午 3:53" as "3:53 PM", short years in
full, Russian "4 мая 2021 в 10:32" as "4/5/2021 10:32". The first date of the text is
read, with its clock time where one follows.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..text import DATETIME_PATTERNS, parse_datetime

_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|e|º|ª)\b", re.IGNORECASE)
_YEAR_FIRST = re.compile(
    r"(\d{4})\s*(?:年|[/.]|년)\s*(\d{1,2})\s*(?:月|[/.]|월)\s*(\d{1,2})\s*(?:日|일)?"
)
_CJK_CLOCK = re.compile(r"(\d{1,2})\s*(?:時|时|시)\s*(\d{1,2})\s*(?:分|분)?")
_CJK_HALF = re.compile(r"(上午|午前|오전|下午|午後|오후)\s*(\d{1,2}:\d{2})")
_AFTERNOON = ("下午", "午後", "오후")
# Blogger's short form in many locales: "30/12/14 2:07 a. m.", "12/30/14 2:07 PM".
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?![\d/])")
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")  # 12.05.2012
_SPANISH_HALF = re.compile(r"\b([ap])\.\s?m\.", re.IGNORECASE)
_FRENCH_CLOCK = re.compile(r"\b(\d{1,2})\s+h\s+(\d{2})\b")
# Russian months as dates print them (genitive), which text's month names do not hold.
_RUSSIAN_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август",
                   "сентябр", "октябр", "ноябр", "декабр")
_RUSSIAN = re.compile(
    r"\b(\d{1,2})\s+(" + "|".join(_RUSSIAN_MONTHS) + r")[яеа]\.?\s+(\d{4})(?:\s*г\.?)?"
    r"(?:,?\s+(?:в\s+)?(\d{1,2}:\d{2}))?",
    re.IGNORECASE,
)


def _normalised(text: str) -> str:
    text = _ORDINAL.sub(r"\1", text)
    text = _RUSSIAN.sub(
        lambda m: f"{m[1]}/{_RUSSIAN_MONTHS.index(m[2].lower()) + 1}/{m[3]} {m[4] or ''}", text
    )
    text = _YEAR_FIRST.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d} ", text)
    text = _CJK_HALF.sub(
        lambda m: f"{m[2]} {'PM' if m[1] in _AFTERNOON else 'AM'}", text
    )
    text = _CJK_CLOCK.sub(lambda m: f"{int(m[1]):02d}:{int(m[2]):02d}", text)
    text = _FRENCH_CLOCK.sub(r"\1:\2", text)
    text = _DOTTED.sub(r"\1/\2/\3", text)
    text = _SLASHED.sub(_day_first, text)
    text = _SPANISH_HALF.sub(lambda m: f"{m[1].upper()}M", text)
    return " ".join(text.split())


def _day_first(match: re.Match[str]) -> str:
    """A slashed date as day/month/yyyy: month first only where the day cannot be first
    ("12/30/14"); a two-digit year is this century's up to 69, the last one's after."""
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    if second > 12 >= first:
        first, second = second, first
    if len(match[3]) == 2:
        year += 2000 if year < 70 else 1900
    return f"{first}/{second}/{year}"


def find_datetime(text: str | None) -> datetime | None:
    """The first date (with its time, if printed) in a line of page text, else None."""
    if not text or not text.strip():
        return None
    line = _normalised(text)
    whole = parse_datetime(line)
    if whole is not None:
        return whole
    found: list[tuple[int, int, datetime]] = []
    for pattern in DATETIME_PATTERNS:
        for match in pattern.finditer(line):
            moment = parse_datetime(match.group(0))
            if moment is not None:
                found.append((match.start(), -len(match.group(0)), moment))
                break
    return min(found)[2] if found else None
