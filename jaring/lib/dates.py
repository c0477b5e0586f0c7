"""Whole months and Indonesian dates, without Django models."""

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


def month_label(month: datetime.date) -> str:
    """``2026-01-01`` -> ``"Januari 2026"``."""
    return f"{MONTHS_ID[month.month - 1]} {month.year}"


def tanggal(day: datetime.date | datetime.datetime) -> str:
    """``2026-11-24`` -> ``"24 November 2026"`` (documents are always in Indonesian)."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def period_label(first: datetime.date, last: datetime.date) -> str:
    """``"Januari 2026 – Desember 2026"``, or one month's label when both are the same month."""
    if (first.year, first.month) == (last.year, last.month):
        return month_label(first)
    return f"{month_label(first)} – {month_label(last)}"
