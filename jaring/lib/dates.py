"""Whole months and dates in words, without Django models.

Labels follow the interface language (Indonesian unless the user chose English); documents (PDF) always use
Indonesian through ``month_label_id`` and ``tanggal_id``.
"""

from __future__ import annotations

import datetime

MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _months(lang: str | None) -> list[str]:
    if lang is None:
        from django.utils.translation import get_language

        lang = get_language() or "id"
    return MONTHS_EN if lang.startswith("en") else MONTHS_ID


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after ``month``'s month."""
    index = month.year * 12 + (month.month - 1) + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_span(start: datetime.date, count: int) -> list[datetime.date]:
    """``count`` consecutive months (first days) starting at ``start``'s month."""
    start = first_of_month(start)
    return [add_months(start, n) for n in range(count)]


def last_day_of_month(month: datetime.date) -> datetime.date:
    return add_months(month, 1) - datetime.timedelta(days=1)


def month_label(month: datetime.date, lang: str | None = None) -> str:
    """``2026-01-01`` -> ``"Januari 2026"`` (``"January 2026"`` in English)."""
    return f"{_months(lang)[month.month - 1]} {month.year}"


def tanggal(day: datetime.date | datetime.datetime, lang: str | None = None) -> str:
    """``2026-11-24`` -> ``"24 November 2026"``."""
    return f"{day.day} {_months(lang)[day.month - 1]} {day.year}"


def month_label_id(month: datetime.date) -> str:
    return month_label(month, "id")


def tanggal_id(day: datetime.date | datetime.datetime) -> str:
    return tanggal(day, "id")


def period_label(first: datetime.date, last: datetime.date, lang: str | None = None) -> str:
    """``"Januari 2026 – Desember 2026"``, or one month's label when both are the same month."""
    if (first.year, first.month) == (last.year, last.month):
        return month_label(first, lang)
    return f"{month_label(first, lang)} – {month_label(last, lang)}"
