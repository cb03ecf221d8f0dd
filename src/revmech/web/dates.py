"""Dates and times as people read them: the one way pages, mail and documents write a day or a
moment, in the active language's style (Unicode CLDR through Babel).

`day` gives "3 décembre 2026", "2026年12月3日", "3 December 2026"; `moment` adds the local time
and `time_of_day` is the time alone. Templates use the filters `|day`, `|moment` and
`|time_of_day` (builtins, no `{% load %}`); Python uses the functions. Machine formats stay
ISO 8601 where a machine reads them (`<time datetime>`, the value of a date field, CSV, JSON,
iCalendar, the audit trail). tests/site/test_dates.py keeps other styles out.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale
from babel.dates import (
    format_date,
    format_datetime,
    format_time,
    get_date_format,
    get_datetime_format,
    get_time_format,
)
from django import template
from django.utils import timezone, translation

register = template.Library()


# English pages follow international English ("3 December 2026", as United Nations documents
# write dates), not the United States order of Babel's plain `en`.
_LOCALES = {"en": "en_001"}


@lru_cache(maxsize=16)
def _locale(language: str) -> Locale:
    return Locale.parse(_LOCALES.get(language, translation.to_locale(language)))


def _active_locale() -> Locale:
    return _locale(translation.get_language() or "en")


@lru_cache(maxsize=16)
def _moment_pattern(locale: Locale) -> str:
    """The locale's long date and short time, joined as the locale joins them ("{1}, {0}")."""
    glue = str(get_datetime_format("long", locale))
    day_pattern = get_date_format("long", locale).pattern
    time_pattern = get_time_format("short", locale).pattern
    return glue.replace("{1}", day_pattern).replace("{0}", time_pattern)


def day(value: date | datetime | None) -> str:
    """The day in the active language's long style; a moment gives its local day; "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_date(value, format="long", locale=_active_locale())


def moment(value: datetime | None) -> str:
    """The day and the time of day in the current time zone, in the active language's style."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    locale = _active_locale()
    return format_datetime(value, format=_moment_pattern(locale), locale=locale)


def time_of_day(value: time | None) -> str:
    """A time of day (a briefing's starting time) in the active language's short style."""
    if value is None or value == "":
        return ""
    return format_time(value, format="short", locale=_active_locale())


def readable(value: object) -> object:
    """A value to put in a sentence: a day or a moment written as above, anything else as is
    (the parameters of a refusal or a notice, formatted in the reader's language)."""
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    return value


def moment_in_zone(value: datetime) -> str:
    """A moment followed by the name of the time zone it is written in, for mail read anywhere."""
    shown = timezone.localtime(value) if timezone.is_aware(value) else value
    zone = shown.tzname()
    return f"{moment(shown)} ({zone})" if zone else moment(shown)


register.filter("day", day, is_safe=False)
register.filter("moment", moment, is_safe=False)
register.filter("time_of_day", time_of_day, is_safe=False)
