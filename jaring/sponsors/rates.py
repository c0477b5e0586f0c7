"""Contribution costs, computed month by month from the rate table. Pure functions: no database access.

Every cost in Jaring comes from here. A caller loads the table once (``selectors.rate_table()``) and passes it
in, so the same rows price a whole pledge, its invoices and, later, its coverage months.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jaring.lib.dates import first_of_month, month_span

# Surat Edaran e-0012/SE/2025: 100 workers x 12 months (or 200 x 6) at the standard Rp 16.800.
MINIMUM_PLEDGE = 20_160_000
PRESETS = {"100x12": (100, 12), "200x6": (200, 6)}


class RateMissing(LookupError):
    """No rate row covers a month for a sector."""

    def __init__(self, sector: str, month: datetime.date):
        super().__init__(f"Tidak ada tarif untuk sektor {sector} pada {month:%m/%Y}.")
        self.sector = sector
        self.month = month


@dataclass(frozen=True)
class RateRow:
    sector: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    jkk: int
    jkm: int
    is_discount: bool = False
    applies_to_sponsor_paid: bool = True

    @property
    def total(self) -> int:
        return self.jkk + self.jkm

    def covers(self, month: datetime.date) -> bool:
        return self.valid_from <= month and (self.valid_to is None or month <= self.valid_to)


@dataclass(frozen=True)
class MonthCost:
    month: datetime.date
    rate: RateRow
    persons: int

    @property
    def per_person(self) -> int:
        return self.rate.total

    @property
    def amount(self) -> int:
        return self.rate.total * self.persons


@dataclass(frozen=True)
class Cost:
    lines: tuple[MonthCost, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def rate_for_month(
    rates: Sequence[RateRow], *, sector: str, month: datetime.date, sponsor_paid: bool = True, standard: bool = False
) -> RateRow:
    """The row that prices ``month`` for ``sector``: among the applicable rows covering it, the latest start.

    ``sponsor_paid`` skips discount rows not switched on for sponsor-paid participants; ``standard`` skips all
    discount rows (the circular's minimum is measured at the standard rate).
    """
    month = first_of_month(month)
    candidates = [
        row
        for row in rates
        if row.sector == sector
        and row.covers(month)
        and not (row.is_discount and (standard or (sponsor_paid and not row.applies_to_sponsor_paid)))
    ]
    if not candidates:
        raise RateMissing(sector, month)
    return max(candidates, key=lambda row: (row.valid_from, row.is_discount))


def cost_for_months(
    rates: Sequence[RateRow],
    *,
    sector: str,
    persons: int,
    months: Iterable[datetime.date],
    sponsor_paid: bool = True,
    standard: bool = False,
) -> Cost:
    """The cost of ``persons`` participants over ``months``, month by month from ``rates``."""
    return Cost(
        tuple(
            MonthCost(
                month=first_of_month(month),
                rate=rate_for_month(rates, sector=sector, month=month, sponsor_paid=sponsor_paid, standard=standard),
                persons=persons,
            )
            for month in months
        )
    )


def pledge_cost(
    rates: Sequence[RateRow], *, sector: str, workers: int, start_month: datetime.date, months: int
) -> Cost:
    """What a pledge of ``workers`` for ``months`` from ``start_month`` costs, sponsor-paid."""
    return cost_for_months(rates, sector=sector, persons=workers, months=month_span(start_month, months))


def standard_value(
    rates: Sequence[RateRow], *, sector: str, workers: int, start_month: datetime.date, months: int
) -> int:
    """The pledge's value at the standard (undiscounted) rate, which the circular's minimum is measured against."""
    return cost_for_months(
        rates, sector=sector, persons=workers, months=month_span(start_month, months), standard=True
    ).total
