"""Dates found inside comment headers, as pages in many languages print them."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.formats.pagedates import find_datetime


@pytest.mark.parametrize(("line", "moment"), [
    ("wrote on March 11th, 2015 at 02:57:", datetime(2015, 3, 11, 2, 57)),
    ("December 24, 2020 at 3:53 am:", datetime(2020, 12, 24, 3, 53)),
    ("Ammon · March 11, 2017 at 8:41 PM", datetime(2017, 3, 11, 20, 41)),
    ("reply April 5, 2018 6:32 PM", datetime(2018, 4, 5, 18, 32)),
    ("4 de mayo de 2021 a las 10:32", datetime(2021, 5, 4, 10, 32)),
    ("12. März 2020 um 14:05 Uhr", datetime(2020, 3, 12, 14, 5)),
    ("le 1er mars 2020 à 9 h 05", datetime(2020, 3, 1, 9, 5)),
    ("4 мая 2021 в 10:32", datetime(2021, 5, 4, 10, 32)),
    ("12 марта 2020 г. в 14:05", datetime(2020, 3, 12, 14, 5)),
    ("於 2017/01/18 14:41", datetime(2017, 1, 18, 14, 41)),
    ("2021年5月4日 10:32", datetime(2021, 5, 4, 10, 32)),
    ("2021年5月4日 下午 3:53", datetime(2021, 5, 4, 15, 53)),
    ("2019년 3월 4일 오후 2:05", datetime(2019, 3, 4, 14, 5)),
    ("2021年5月4日", datetime(2021, 5, 4)),
    ("30/12/14 2:07 a.\u00a0m.", datetime(2014, 12, 30, 2, 7)),  # Blogger in Spanish
    ("12/30/14 2:07 PM", datetime(2014, 12, 30, 14, 7)),  # the day cannot come first
    ("3/4/2020 10:15", datetime(2020, 4, 3, 10, 15)),  # either way: day first
])
def test_dates_inside_headers(line, moment):
    assert find_datetime(line) == moment


@pytest.mark.parametrize("line", ["", "Reply", "Agent99", "says:", "#42", "3 comments"])
def test_no_date_is_none(line):
    assert find_datetime(line) is None


_RUSSIAN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
            "сентября", "октября", "ноября", "декабря")
_SPANISH = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
            "diciembre").split()


@settings(deadline=None)
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)),
       st.sampled_from(["ja", "ru", "en", "slash", "es"]), st.text("ab ·:", max_size=5))
def test_printed_forms_read_back(moment, form, name):
    moment = moment.replace(second=0, microsecond=0)
    hour12 = f"{(moment.hour - 1) % 12 + 1}:{moment:%M} {'PM' if moment.hour >= 12 else 'AM'}"
    line = {
        "ja": f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}",
        "ru": f"{moment.day} {_RUSSIAN[moment.month - 1]} {moment.year} в {moment:%H:%M}",
        "en": f"{moment:%B} {moment.day}, {moment.year} at {hour12}",
        "slash": f"於 {moment:%Y/%m/%d %H:%M}",
        "es": f"{moment.day} de {_SPANISH[moment.month - 1]} de {moment.year} a las "
              f"{moment:%H:%M}",
    }[form]
    assert find_datetime(f"{name} {line}:") == moment
