"""Dates as specialists type them, read as Japan time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kbpress.model import JST
from kbpress.vault.dates import DateError, parse_date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2020年12月10日", datetime(2020, 12, 10, tzinfo=JST)),
        ("2020年1月5日", datetime(2020, 1, 5, tzinfo=JST)),
        ("2020/12/10", datetime(2020, 12, 10, tzinfo=JST)),
        ("2020/1/5", datetime(2020, 1, 5, tzinfo=JST)),
        ("2020-12-10", datetime(2020, 12, 10, tzinfo=JST)),
        ("2020.12.10", datetime(2020, 12, 10, tzinfo=JST)),
        ("令和2年12月10日", datetime(2020, 12, 10, tzinfo=JST)),
        ("令和元年5月1日", datetime(2019, 5, 1, tzinfo=JST)),
        ("平成31年4月30日", datetime(2019, 4, 30, tzinfo=JST)),
        ("平成元年1月8日", datetime(1989, 1, 8, tzinfo=JST)),
        ("R3.4.1", datetime(2021, 4, 1, tzinfo=JST)),
        ("H30/3/31", datetime(2018, 3, 31, tzinfo=JST)),
        ("２０２１年３月５日", datetime(2021, 3, 5, tzinfo=JST)),
        ("令和３年４月１日", datetime(2021, 4, 1, tzinfo=JST)),
        ("2022年1月5日(水)", datetime(2022, 1, 5, tzinfo=JST)),
        ("2022年1月5日（水曜日） 14時30分", datetime(2022, 1, 5, 14, 30, tzinfo=JST)),
        ("2020-12-10 21:08", datetime(2020, 12, 10, 21, 8, tzinfo=JST)),
        ("2020/12/10 9:05:30", datetime(2020, 12, 10, 9, 5, 30, tzinfo=JST)),
        ("令和6年12月20日 9時", datetime(2024, 12, 20, 9, 0, tzinfo=JST)),
        ("2020-12-10T10:00", datetime(2020, 12, 10, 10, 0, tzinfo=JST)),
        ("  2020年 12月 10日  ", datetime(2020, 12, 10, tzinfo=JST)),
    ],
)
def test_japanese_and_iso_forms_are_japan_time(written, expected):
    parsed = parse_date(written)
    assert parsed == expected
    assert parsed.utcoffset() == timedelta(hours=9)


def test_an_offset_written_is_kept_as_the_same_moment():
    parsed = parse_date("2020-12-10T01:00:00Z")
    assert parsed == datetime(2020, 12, 10, 1, 0, tzinfo=timezone.utc)
    assert parsed.tzinfo == JST and parsed.hour == 10
    assert parse_date("2021-03-05T09:00:00+0900") == datetime(2021, 3, 5, 9, tzinfo=JST)


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2021年2月30日", "存在しない日付"),
        ("令和3年13月1日", "存在しない日付"),
        ("令和0年4月1日", "元年"),
        ("2020年12月10日 25:00", "存在しない時刻"),
        ("2020年12月10日 午後", "時刻を読めません"),
        ("来週の月曜", "日付として読めません"),
        ("12月10日", "日付として読めません"),
        ("20201210", "日付として読めません"),
    ],
)
def test_what_cannot_be_read_says_why_and_shows_the_forms(written, says):
    with pytest.raises(DateError) as caught:
        parse_date(written)
    assert says in str(caught.value)
    assert written.strip() in str(caught.value)
