"""Pure text helpers: decoding bytes, reading dates as pages print them, safe display, words,
quotation marks."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import datetime

from .errors import ExplorerError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, source: str | None = None) -> tuple[str, str | None]:
    """Decode file contents: a BOM's encoding, else UTF-8, else a detected encoding.

    Returns the text and a warning naming the encoding when it was not UTF-8. Raises
    ExplorerError for empty, binary or undecodable input.
    """
    if not data.strip():
        raise ExplorerError("empty file", source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as err:
                raise ExplorerError(f"invalid {encoding} at byte {err.start}", source) from err
    if b"\x00" in data[:8192]:
        raise ExplorerError("binary file (NUL bytes), not a thread", source)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        utf8_error = err
    text = _western_text(data)
    if text is not None:
        return text, "not UTF-8; decoded as cp1252"
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 file

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        raise ExplorerError(
            f"not UTF-8 (byte {utf8_error.start}) and no other text encoding fits", source
        ) from utf8_error
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError as err:
        raise ExplorerError(f"not UTF-8 and not {best.encoding} either", source) from err
    if _looks_binary(text):
        raise ExplorerError("binary file, not a thread", source)
    return text, f"not UTF-8; decoded as {best.encoding}"


def _western_text(data: bytes) -> str | None:
    """Decode as Windows-1252 when that reads as Western European text, else None.

    Most non-UTF-8 pages are Windows-1252, which statistical detectors confuse with other
    single-byte encodings on short texts. Accented letters are a small share of the letters
    of such text; a Cyrillic or Greek text read as 1252 is almost all accented letters.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    accented = sum(1 for ch in text if ch.isalpha() and not ch.isascii())
    if letters and accented / letters < 0.3 and not _looks_binary(text):
        return text
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > len(sample) * 0.05


# Month names as Blogger and most sites print them, in the languages readers meet most.
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan janvier janv januar enero ene gennaio gen janeiro januari",
            "february feb février fevrier févr fevr februar febrero febbraio fevereiro februari",
            "march mar mars märz marz marzo março maart",
            "april apr avril avr abril aprile",
            "may mai mayo maggio maio mei",
            "june jun juin juni junio giugno junho",
            "july jul juillet juil juli julio luglio julho",
            "august aug août aout augusti agosto ago augustus",
            "september sep sept septembre septiembre settembre setembro",
            "october oct octobre oktober octubre ottobre outubro okt",
            "november nov novembre noviembre novembro",
            "december dec décembre decembre déc dezember diciembre dicembre dezembro dez",
        ),
        start=1,
    )
    for name in names.split()
}
_MONTH = "(?:" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
# A day is never zero-padded on Blogger pages, which keeps "Agent99 July" readable as
# author "Agent9" on day 9 rather than an impossible day 99.
_DAY = r"(?:3[01]|[12]\d|[1-9])"
_CLOCK = (
    r"(?P<hour>[01]?\d|2[0-3])[:.h](?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
)
_JOIN = r"(?:,?\s+(?:at|à|um|a las|alle|às|om|kl\.?)\s+|,?\s+)"
DATETIME_PATTERNS = (
    # 7 July 2015 at 22:26 / 7 juillet 2015 à 22:26 / 7. Juli 2015 um 22:26
    re.compile(
        rf"(?P<day>{_DAY})\.?\s+(?:de\s+)?(?P<month>{_MONTH})\s+(?:de\s+)?(?P<year>\d{{4}})"
        rf"(?:{_JOIN}{_CLOCK})?",
        re.IGNORECASE,
    ),
    # July 7, 2015 at 10:26 PM
    re.compile(
        rf"(?P<month>{_MONTH})\s+(?P<day>{_DAY}),?\s+(?P<year>\d{{4}})(?:{_JOIN}{_CLOCK})?",
        re.IGNORECASE,
    ),
    # 2015-07-07 22:26 / 7/7/2015 22:26 (day first, as most of the world writes it)
    re.compile(
        rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:[T ]{_CLOCK})?",
    ),
    re.compile(
        rf"(?P<day>{_DAY})/(?P<month>\d{{1,2}})/(?P<year>\d{{4}})(?:,?\s+{_CLOCK})?",
    ),
)
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes"
    r"|miércoles|jueves|viernes|sábado|domingo)"
)


def _to_datetime(match: re.Match[str]) -> datetime | None:
    parts = match.groupdict()
    month = parts["month"].rstrip(".").lower()
    month_number = int(month) if month.isdecimal() else _MONTHS.get(month)
    hour = int(parts.get("hour") or 0)
    ampm = (parts.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        return datetime(
            int(parts["year"]),
            month_number or 0,
            int(parts["day"]),
            hour,
            int(parts.get("minute") or 0),
            int(parts.get("second") or 0),
        )
    except ValueError:
        return None


def parse_datetime(text: str) -> datetime | None:
    """Read a whole string as a date or date and time ("Tuesday, 2 July 2019"), else None."""
    text = re.sub(rf"^\s*{_WEEKDAY},?\s+", "", text.strip(), flags=re.IGNORECASE)
    for pattern in DATETIME_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return _to_datetime(match)
    return None


def split_trailing_datetime(line: str) -> list[tuple[str, datetime]]:
    """Split "Completely Ridiculous Chaos7 July 2015 at 22:26" into author and time.

    The date must end the line and carry a clock time, as comment headers do; the author
    is what precedes it, glued or not. "Jim11 January" reads two ways (Jim on the 11th,
    Jim1 on the 1st), so every reading is returned, the shortest author first; an empty
    list means the line is not such a header.
    """
    stripped = line.strip()
    if len(stripped) > 200 or not stripped[-1:].isalnum():
        return []
    readings: list[tuple[str, datetime]] = []
    for pattern in DATETIME_PATTERNS:
        for start in range(1, len(stripped)):
            match = pattern.fullmatch(stripped, start)
            if match and match.group("minute"):
                moment = _to_datetime(match)
                author = stripped[:start].strip()
                if moment and author:
                    readings.append((author, moment))
        if readings:
            return readings
    return readings


# --- Text shown on a terminal ------------------------------------------------------------------

# Control characters (C0, DEL, C1: ESC starts the sequences that move the cursor, recolour or
# retitle a terminal), line and paragraph separators, the bidirectional overrides that make
# text display in another order than it reads, and what shows as nothing: zero-width spaces
# and joiners, invisible operators, the BOM, and tag characters (which can spell hidden text).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\U000e0000-\U000e007f]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """Show control, invisible and direction characters as escapes (``\\x1b``), for one line."""
    return _UNSAFE.sub(lambda match: _escape(match.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return _NAMED.get(char) or f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# --- Words: the one splitter for counts, passages and cues ----------------------------------

# A URL is one token, ending before the punctuation that closes a sentence or a bracket; a word
# keeps inner apostrophes ("don't"), so quote marks around words never become part of them.
_URL = r"(?:https?://|www\.)[^\s<>\"“”«»]*[^\s<>\"“”«».,;:!?)\]}'’‘]"
# The tokens of lower-cased ASCII text without URLs: \w there is [a-z0-9_], which the
# pattern tests faster.
_ASCII_WORD = re.compile(r"[a-z0-9_]+(?:'[a-z0-9_]+)*")
_PLAIN_WORD = r"\w+(?:['’‘]\w+)*"
# The patterns of text holding no combining mark and no letter of a script without spaces.
_PLAIN = {
    "tokens": re.compile(rf"{_URL}|{_PLAIN_WORD}", re.IGNORECASE),
    "words": re.compile(_PLAIN_WORD),
    "runs": re.compile(r"\w+"),
    "letters": re.compile(r"[^\W\d_]+"),
}
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?")
# One character for one, so offsets in the translated text hold in the original.
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})

# Chinese and Japanese put no space between words: each Han or kana character is a word, as
# word processors count them, so a comment pasted elsewhere shares its runs of characters.
# Thai, Lao, Khmer and Burmese are alphabets written without spaces: each letter with the marks
# above and below it is a word. Whole blocks of ideographs are taken as they stand; in the
# others only letters and marks (a Thai digit or currency sign stays as other scripts have it).
_IDEOGRAPHS = ((0x3005, 0x3007), (0x303B, 0x303B), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
               (0xF900, 0xFAFF), (0x1B000, 0x1B16F), (0x20000, 0x323AF))
_UNSPACED_BLOCKS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x3040, 0x30FF),
                    (0x31F0, 0x31FF), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F), (0xFF66, 0xFF9F))
# Where combining marks are sought: the Basic Multilingual Plane but for ideographs, Hangul
# syllables and private use, which hold none. A character class tests characters beyond that
# plane one range at a time, so the few marks of historic scripts there are left out.
_MARK_BLOCKS = ((0x0300, 0x33FF), (0xA000, 0xABFF), (0xF900, 0xFFFF))
_VARIATION_SELECTORS = (0xE0100, 0xE01EF)  # of ideographs: part of the character before


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """The token patterns of text in any script, built once a process needs them (listing the
    marks takes milliseconds that ``--help`` and ASCII text should not wait for)."""
    unspaced = _char_class([*_IDEOGRAPHS, *_ranges(_UNSPACED_BLOCKS, _is_letter_or_mark)])
    marks = _char_class([*_ranges(_MARK_BLOCKS, _is_mark), _VARIATION_SELECTORS])
    # A word's letters may carry combining marks (Devanagari vowel signs, a decomposed "é").
    letter, alnum = rf"[^\W\d_{unspaced}]", rf"[^\W{unspaced}]"
    one = rf"[{unspaced}][{marks}]*"
    run = rf"{alnum}+(?:[{marks}]+{alnum}*)*"
    word = rf"{one}|{run}(?:['’‘]{run})*"
    return {
        "needed": re.compile(rf"[{unspaced}{marks}]"),
        "tokens": re.compile(rf"{_URL}|{word}", re.IGNORECASE),
        "words": re.compile(word),
        "runs": re.compile(rf"{one}|{run}"),
        "letters": re.compile(rf"{one}|{letter}+(?:[{marks}]+{letter}*)*"),
    }


def _pattern(text: str, cut: str) -> re.Pattern[str]:
    """The pattern that cuts a text: the plain one unless the text holds a mark or a letter of
    a script without spaces (one quick search, which costs less than the full pattern)."""
    if text.isascii():
        return _PLAIN[cut]
    full = _patterns()
    return full[cut] if full["needed"].search(text) else _PLAIN[cut]


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def _is_letter_or_mark(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char)[0] == "M"


def _ranges(
    blocks: tuple[tuple[int, int], ...], keep: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """The runs of code points in the blocks whose characters ``keep`` accepts."""
    ranges: list[tuple[int, int]] = []
    for low, high in blocks:
        for code in range(low, high + 1):
            if keep(chr(code)):
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    return ranges


def _char_class(ranges: list[tuple[int, int]]) -> str:
    """The inside of a character class matching the code points of the ranges."""
    return "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in ranges)


def normalise_token(token: str) -> str:
    """Fold case and apostrophe styles; reduce a URL to host and path without scheme or "www."."""
    folded = token.translate(_APOSTROPHES).casefold()
    if "://" in folded or folded.startswith("www."):
        folded = _URL_PREFIX.sub("", folded).rstrip("/")
    return folded


def has_url(text: str) -> bool:
    """True when ``words`` reads a URL in the text (a URL is one token, host and path)."""
    # No character but "W" lowers to "w" or holds it in its lower case: the lower-cased text
    # holds "www." where a case-blind pattern finds it, at a third of the pattern's cost.
    return "://" in text or "www." in text.lower()


def words(text: str, cut: str = "tokens") -> list[str]:
    """The words of a text, case folded; ``word_spans`` gives where the tokens stand.

    ``cut="tokens"`` (counts and passages): words keep inner apostrophes, in one style, and a
    URL is one token (host and path). ``cut="runs"``: runs of word characters, as a pattern's
    ``\\b`` sees them ("don't" is "don", "t"). ``cut="letters"``: runs of letters alone. In
    every cut a Chinese or Japanese character is a word, and so is a Thai letter with its marks.
    """
    if cut != "tokens":
        text = text.casefold()
        return _pattern(text, cut).findall(text)
    if has_url(text):
        text = text.translate(_APOSTROPHES)
        return [normalise_token(token) for token in _pattern(text, "tokens").findall(text)]
    if text.isascii():
        return ascii_words(text)
    if "’" in text or "‘" in text:
        text = text.translate(_APOSTROPHES)
    return list(map(str.casefold, _pattern(text, "words").findall(text)))


def ascii_words(text: str) -> list[str]:
    """``words`` of an ASCII text without a URL (``has_url`` false)."""
    # lower() keeps ASCII offsets and word characters: one call for all
    return _ASCII_WORD.findall(text.lower())


def count_words(text: str) -> int:
    """How many tokens ``words`` finds in a text (the word count of every table)."""
    # findall makes strings, yet costs less than a match object per word.
    return len(_pattern(text, "tokens" if has_url(text) else "words").findall(text))


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens ``words`` returns."""
    return [match.span() for match in word_matches(text)]


def word_matches(text: str) -> Iterator[re.Match[str]]:
    """Matches of the tokens ``words`` returns, in order (their spans are in ``text``)."""
    if "’" in text or "‘" in text:  # translating costs more than finding the words
        text = text.translate(_APOSTROPHES)
    return _pattern(text, "tokens").finditer(text)


# --- Quotations: the one table of quote marks --------------------------------------------------

APOSTROPHE_MARKS = "'‘’"
"""Quote marks that also stand inside words ("don't"): a quotation only where no word joins."""
QUOTE_MARKS = "\"“”„«»" + APOSTROPHE_MARKS
"""Every character that opens or closes a quotation."""
# Not word characters, not apostrophes: a space in their place cuts words alike.
SPACED_MARKS = (
    *(mark for mark in QUOTE_MARKS if not mark.isascii() and mark not in APOSTROPHE_MARKS),
    "—", "–", "…", "\xa0",
)


def as_ascii(text: str) -> str | None:
    """The text with curly apostrophes straight and SPACED_MARKS as spaces when that leaves
    it ASCII, else None: its words (any cut) are the same."""
    if text.isascii():
        return text
    if "’" in text or "‘" in text:
        text = text.replace("’", "'").replace("‘", "'")
    for mark in SPACED_MARKS:
        if mark in text:
            text = text.replace(mark, " ")
    return text if text.isascii() else None


# Pairs of curly, guillemet, low-high and straight quotes. A straight or curly single quote only
# opens after a non-word character and closes before one, so the apostrophe in "don't" never
# closes a quotation. Each comes with the mark it opens with: a text without it is not searched.
QUOTATIONS = (
    ("“", re.compile(r"“([^“”]{1,3000})”")),
    ("„", re.compile(r"„([^„“”]{1,3000})[“”]")),
    ("«", re.compile(r"«([^«»]{1,3000})»")),
    ("»", re.compile(r"»([^«»\n]{1,3000})«")),
    ("‘", re.compile(r"(?<!\w)‘([^‘\n]{1,1000}?)’(?!\w)")),
    ('"', re.compile(r'"([^"]{1,3000})"')),
    ("'", re.compile(r"(?<![\w'])'(?=\S)([^'\n]{1,1000}?)(?<=\S)'(?![\w'])")),
)
QUOTED_LINE = re.compile(r"(?m)^[ \t]*>[ \t]?(.*)$")
"""A line quoted the way mail and plain-text forums quote, with what follows its first ">"."""
QUOTED_LINES = re.compile(r"(?m)(?:^[ \t]*>[ \t]?(.*)(?:\n|$))+")
ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.|\[\.\.\.\]")


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the text inside quotation marks or on lines starting with ">"."""
    spans = []
    for mark, pattern in QUOTATIONS:
        if mark not in text:
            continue
        for match in pattern.finditer(text):
            start, end = match.span(1)
            inner = match.group(1)
            start += len(inner) - len(inner.lstrip())
            end -= len(inner) - len(inner.rstrip())
            if end > start:
                spans.append((start, end))
    for block in QUOTED_LINES.finditer(text) if ">" in text else ():
        for line in QUOTED_LINE.finditer(block.group()):
            start, end = line.span(1)
            if line.group(1).strip():
                spans.append((block.start() + start, block.start() + end))
    return sorted(set(spans))


def quoted_line_words(text: str) -> tuple[int, int]:
    """Words on quoted (">") lines and words on the other lines, as ``count_words`` counts."""
    if ">" not in text:
        return 0, count_words(text)
    quoted = sum(count_words(line.group(1)) for line in QUOTED_LINE.finditer(text))
    return quoted, count_words(text) - quoted


class SharedStrings(dict[str, str]):
    """One copy of each string met again and again in a big input (authors, threads,
    parents): ``shared(text)`` is the first equal text given, or None for None. The copies
    go with the table, as ``sys.intern``'s do not (interned strings are immortal on 3.12)."""

    def __call__(self, text: str | None) -> str | None:
        return None if text is None else self.setdefault(text, text)
