"""Dates as specialists write them: 2020年12月10日, 2020/12/10, 令和2年12月10日, with or without a time.

Every date is read as Japan time unless it carries an offset. Full-width
digits, a weekday in brackets and Obsidian's ``2020-12-10 21:08`` are all
accepted; anything else is a clear error, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

from ..model import JST

# Era name -> the Western year of its first year (元年).
ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926, "R": 2019, "H": 1989, "S": 1926}
_WEEKDAY_RE = re.compile(r"[(（]\s*[月火水木金土日](?:曜日?)?\s*[)）]")
_DATE_RE = re.compile(
    r"^(?:(?P<era>令和|平成|昭和|[RHS])\s*(?P<era_year>\d{1,2}|元)|(?P<year>\d{4}))\s*(?:年|[-/.])\s*"
    r"(?P<month>\d{1,2})\s*(?:月|[-/.])\s*(?P<day>\d{1,2})\s*日?"
)
_TIME_RE = re.compile(
    r"^(?:T|\s+)?\s*(?P<hour>\d{1,2})\s*(?::|時)\s*(?:(?P<minute>\d{1,2})\s*(?::|分)?\s*"
    r"(?:(?P<second>\d{1,2})(?:\.\d+)?\s*秒?)?)?\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?$"
)
EXAMPLES = "2020年12月10日、2020/12/10、2020-12-10、令和2年12月10日 (時刻は 10:30 のように続けて書けます)"


class DateError(ValueError):
    pass


def parse_date(value: str) -> datetime:
    """An aware datetime (Asia/Tokyo unless an offset is written); :class:`DateError` saying why not."""
    text = unicodedata.normalize("NFKC", value).strip()
    text = _WEEKDAY_RE.sub(" ", text).strip()
    match = _DATE_RE.match(text)
    if match is None:
        raise DateError(f"'{value}' を日付として読めません。{EXAMPLES} の形で書いてください")
    day = _calendar_day(match, value)
    rest = text[match.end():].strip()
    moment = _time_of_day(rest, value) if rest else (time(), None)
    parsed = datetime.combine(day, moment[0])
    if moment[1] is None:
        return parsed.replace(tzinfo=JST)
    return datetime.fromisoformat(parsed.isoformat() + moment[1]).astimezone(JST)


def _calendar_day(match: re.Match, value: str) -> date:
    if match["era"]:
        era_year = 1 if match["era_year"] == "元" else int(match["era_year"])
        if era_year < 1:
            raise DateError(f"'{value}' の年が 0 です。{match['era']}元年 (1 年) から数えてください")
        year = ERAS[match["era"]] + era_year - 1
    else:
        year = int(match["year"])
    try:
        return date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        raise DateError(f"'{value}' は存在しない日付です。カレンダーで確かめて直してください") from None


def _time_of_day(rest: str, value: str) -> tuple[time, str | None]:
    match = _TIME_RE.match(rest)
    if match is None:
        raise DateError(f"'{value}' の時刻を読めません。日付のあとに 10:30 か 10時30分 の形で書いてください")
    try:
        moment = time(int(match["hour"]), int(match["minute"] or 0), int(match["second"] or 0))
    except ValueError:
        raise DateError(f"'{value}' は存在しない時刻です。0:00 から 23:59 の間で書いてください") from None
    offset = match["offset"]
    if offset and offset != "Z" and ":" not in offset:
        offset = offset[:3] + ":" + offset[3:]
    return moment, ("+00:00" if offset == "Z" else offset)
