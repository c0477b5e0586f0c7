"""Costs come from the rate table, month by month (never a constant)."""

import datetime

import pytest

from jaring.lib.dates import month_span
from jaring.sponsors import rates, services
from jaring.sponsors.models import Rate
from jaring.sponsors.selectors import discounts_apply_to_sponsor_paid, rate_table

pytestmark = pytest.mark.django_db

D = datetime.date


def test_seeded_table_prices_the_circulars_minimum_scheme():
    table = rate_table()
    cost = rates.pledge_cost(table, sector="other", workers=100, start_month=D(2025, 9, 1), months=12)
    assert cost.total == 20_160_000
    assert {line.per_person for line in cost.lines} == {16_800}


def test_discounts_do_not_apply_to_sponsor_paid_participants_by_default():
    assert discounts_apply_to_sponsor_paid() is False
    cost = rates.pledge_cost(rate_table(), sector="transport", workers=10, start_month=D(2026, 6, 1), months=3)
    assert [line.per_person for line in cost.lines] == [16_800, 16_800, 16_800]
    unsponsored = rates.cost_for_months(
        rate_table(), sector="transport", persons=10, months=month_span(D(2026, 6, 1), 3), sponsor_paid=False
    )
    assert unsponsored.total == 3 * 10 * 8_400


def test_transport_pledge_spanning_the_end_of_its_discount_period(users):
    services.rate_discount_setting_set(acting_user=users["admin"], applies=True)
    cost = rates.pledge_cost(rate_table(), sector="transport", workers=100, start_month=D(2027, 1, 1), months=6)
    assert [(line.month, line.per_person) for line in cost.lines] == [
        (D(2027, 1, 1), 8_400),
        (D(2027, 2, 1), 8_400),
        (D(2027, 3, 1), 8_400),
        (D(2027, 4, 1), 16_800),
        (D(2027, 5, 1), 16_800),
        (D(2027, 6, 1), 16_800),
    ]
    assert cost.total == 100 * (3 * 8_400 + 3 * 16_800) == 7_560_000


def test_other_sector_discount_runs_april_to_december_2026(users):
    services.rate_discount_setting_set(acting_user=users["admin"], applies=True)
    cost = rates.pledge_cost(rate_table(), sector="other", workers=200, start_month=D(2026, 3, 1), months=11)
    per_person = [line.per_person for line in cost.lines]
    assert per_person == [16_800] + [8_400] * 9 + [16_800]
    assert cost.total == 200 * (2 * 16_800 + 9 * 8_400)


def test_standard_value_ignores_discounts(users):
    services.rate_discount_setting_set(acting_user=users["admin"], applies=True)
    value = rates.standard_value(rate_table(), sector="transport", workers=100, start_month=D(2026, 1, 1), months=12)
    assert value == 20_160_000


def test_an_edited_rate_changes_the_cost(users):
    standard = Rate.objects.get(sector="other", is_discount=False)
    services.rate_save(acting_user=users["admin"], rate=standard, jkk=11_000)
    cost = rates.pledge_cost(rate_table(), sector="other", workers=1, start_month=D(2027, 1, 1), months=2)
    assert cost.total == 2 * 17_800


def test_a_month_without_a_rate_is_reported():
    with pytest.raises(rates.RateMissing) as missing:
        rates.pledge_cost(rate_table(), sector="other", workers=1, start_month=D(2015, 6, 1), months=2)
    assert missing.value.month == D(2015, 6, 1)


def test_pure_function_needs_no_database():
    table = [
        rates.RateRow("other", D(2020, 1, 1), None, 100, 50),
        rates.RateRow("other", D(2021, 1, 1), D(2021, 1, 31), 10, 5, is_discount=True, applies_to_sponsor_paid=True),
    ]
    cost = rates.cost_for_months(table, sector="other", persons=2, months=[D(2020, 12, 1), D(2021, 1, 1)])
    assert cost.total == 2 * 150 + 2 * 15


def test_only_the_administrator_changes_rates(users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.rate_discount_setting_set(acting_user=users["operator"], applies=True)
    assert discounts_apply_to_sponsor_paid() is False
