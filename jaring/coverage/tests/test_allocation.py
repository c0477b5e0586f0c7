"""Allocation order on hand-built cases, the pool-too-small message, approval, replacements and renewals."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jaring.coverage import selectors, services
from jaring.coverage.models import Allocation, Coverage
from jaring.lib.dates import add_months, first_of_month
from jaring.sponsors.models import Pledge
from jaring.wilayah.models import Kecamatan, Kelurahan

from .factories import NEXT_MONTH, make_pledge, make_worker

pytestmark = pytest.mark.django_db


def propose(pledge, users, **kwargs):
    return services.allocation_propose(pledge=pledge, acting_user=users["operator"], **kwargs)


def chosen(allocation):
    return list(Coverage.objects.filter(allocation=allocation).order_by("rank").select_related("worker"))


def test_poorest_decile_comes_first_and_dtks_without_decile_counts_as_four(users):
    d3 = make_worker(p3ke_decile=3)
    dtks = make_worker(p3ke_decile=None, in_dtks=True)
    d1 = make_worker(p3ke_decile=None, dtsen_decile=1)
    d2 = make_worker(p3ke_decile=2, dtsen_decile=7)
    allocation = propose(make_pledge(workers=3), users)
    assert [c.worker for c in chosen(allocation)] == [d1, d2, d3]
    assert [c.rank for c in chosen(allocation)] == [1, 2, 3]
    assert dtks not in [c.worker for c in chosen(allocation)]
    assert "Desil termiskin 1" in chosen(allocation)[0].reasons


def test_the_kelurahan_furthest_behind_in_coverage_comes_first(users):
    behind = [make_worker("Rawajati") for _ in range(2)]
    ahead = [make_worker("Kalibata") for _ in range(2)]
    # Kalibata already has one of its two eligible workers protected by another sponsor.
    earlier = make_pledge(workers=1, kelurahan=[Kelurahan.objects.get(nama="Kalibata")])
    first = propose(earlier, users)
    assert chosen(first)[0].worker in ahead
    allocation = propose(make_pledge(workers=1), users)
    assert chosen(allocation)[0].worker in behind
    assert "Kelurahan Rawajati: 0 dari 2" in chosen(allocation)[0].reasons


def test_a_large_pledge_spreads_over_kelurahan_instead_of_filling_one(users):
    for _ in range(6):
        make_worker("Rawajati")
        make_worker("Kalibata")
    allocation = propose(make_pledge(workers=6), users)
    names = [c.kelurahan.nama for c in chosen(allocation)]
    assert names.count("Rawajati") == 3 and names.count("Kalibata") == 3


def test_ties_are_broken_by_a_stable_lottery_not_by_name_or_id(users):
    workers = [make_worker(name=f"NAMA {letter}") for letter in "ABCDEFGH"]
    pledge = make_pledge(workers=8)
    allocation = propose(pledge, users)
    expected = sorted(workers, key=lambda w: hashlib.md5(f"{w.nik}:{pledge.pk}".encode()).hexdigest())
    assert [c.worker for c in chosen(allocation)] == expected
    assert expected != workers  # neither the order of creation (id) nor alphabetical (same here)


def test_preferences_narrow_the_pool(users):
    pancoran = Kecamatan.objects.get(nama="Pancoran")
    woman_driver = make_worker("Rawajati", sex="P", occupation="PENGEMUDI OJEK")
    make_worker("Rawajati", sex="L", occupation="PENGEMUDI OJEK")
    make_worker("Rawajati", sex="P", occupation="PEMULUNG")
    make_worker("Gandaria Utara", sex="P", occupation="PENGEMUDI OJEK")  # Kebayoran Baru
    pledge = make_pledge(workers=1, kecamatan=[pancoran], occupations="ojek, kurir", women_only=True)
    allocation = propose(pledge, users)
    assert [c.worker for c in chosen(allocation)] == [woman_driver]


def test_zakat_only_protects_mustahik(users):
    make_worker(p3ke_decile=3)
    make_worker(p3ke_decile=4, dtsen_decile=3)
    poor = make_worker(p3ke_decile=None, dtsen_decile=2)
    poorest = make_worker(p3ke_decile=1)
    allocation = propose(make_pledge(workers=4, fund_type=Pledge.FundType.ZAKAT), users)
    assert [c.worker for c in chosen(allocation)] == [poorest, poor]
    assert allocation.missing == 2


def test_a_pool_too_small_tells_the_office_how_many_are_missing(users, client_for):
    for _ in range(3):
        make_worker()
    pledge = make_pledge(workers=5)
    allocation = propose(pledge, users)
    assert (allocation.requested, allocation.proposed_count, allocation.missing) == (5, 3, 2)
    assert services.missing_message(allocation).startswith("Kurang 2 pekerja")
    page = client_for(users["operator"]).get(f"/cakupan/alokasi/{allocation.pk}/").content.decode()
    assert "Kurang 2 pekerja" in page


def test_nothing_is_final_before_approval(users):
    make_worker()
    make_worker()
    pledge = make_pledge(workers=2)
    allocation = propose(pledge, users)
    assert set(Coverage.objects.filter(pledge=pledge).values_list("status", flat=True)) == {"proposed"}
    with pytest.raises(ValidationError):
        propose(pledge, users)  # one proposal at a time
    services.allocation_discard(allocation=allocation, acting_user=users["operator"])
    assert set(Coverage.objects.filter(pledge=pledge).values_list("status", flat=True)) == {"cancelled"}
    again = propose(pledge, users)
    assert again.proposed_count == 2  # discarded workers return to the pool
    services.allocation_approve(allocation=again, acting_user=users["admin"])
    assert Coverage.objects.filter(allocation=again, status="approved").count() == 2
    with pytest.raises(ValidationError):
        services.allocation_approve(allocation=again, acting_user=users["admin"])


def test_only_the_office_allocates_and_only_approved_pledges(users):
    make_worker()
    with pytest.raises(PermissionDenied):
        services.allocation_propose(pledge=make_pledge(), acting_user=users["sponsor"])
    with pytest.raises(ValidationError):
        propose(make_pledge(status=Pledge.Status.SUBMITTED), users)


def test_no_worker_is_given_two_pledges_for_overlapping_months(users):
    for _ in range(3):
        make_worker()
    first = propose(make_pledge(workers=2, months=12), users)
    later = make_pledge(workers=3, months=6, start_month=add_months(NEXT_MONTH, 6))
    second = propose(later, users)
    taken = {c.worker_id for c in chosen(first)}
    assert second.proposed_count == 1 and {c.worker_id for c in chosen(second)}.isdisjoint(taken)
    # after the first pledge ends, its workers are free again
    after = propose(make_pledge(workers=3, months=3, start_month=add_months(NEXT_MONTH, 12)), users)
    assert after.proposed_count == 3


def test_replacement_gives_remaining_months_to_the_next_worker_and_keeps_the_pledge_full(users):
    for decile in (1, 2, 3):
        make_worker(p3ke_decile=decile)
    pledge = make_pledge(workers=2, months=12)
    allocation = propose(pledge, users)
    services.allocation_approve(allocation=allocation, acting_user=users["operator"])
    dropped = chosen(allocation)[0]
    from_month = add_months(NEXT_MONTH, 4)
    replacement = services.coverage_replace(
        coverage=dropped, reason="Ditolak BPJS: NIK tidak padan", acting_user=users["operator"], from_month=from_month
    )
    dropped.refresh_from_db()
    assert dropped.status == "replaced" and dropped.last_month == add_months(NEXT_MONTH, 3)
    assert replacement.worker.p3ke_decile == 3 and replacement.replaces == dropped
    assert (replacement.first_month, replacement.last_month) == (from_month, pledge.end_month)
    assert replacement.status == "approved"
    running = Coverage.objects.filter(pledge=pledge, status__in=Coverage.RUNNING)
    assert running.count() == pledge.workers
    # nobody left: the drop-out is recorded and the function says so
    assert services.coverage_replace(coverage=replacement, reason="Meninggal", acting_user=users["operator"]) is None


def test_a_renewal_keeps_the_same_workers_first(users):
    sponsor_pledge = make_pledge(workers=2, months=6)
    for decile in (3, 3):
        make_worker(p3ke_decile=decile)
    first = propose(sponsor_pledge, users)
    services.allocation_approve(allocation=first, acting_user=users["operator"])
    for _ in range(3):
        make_worker(p3ke_decile=1)  # poorer newcomers
    renewal = make_pledge(sponsor_pledge.sponsor, workers=3, months=6, start_month=add_months(NEXT_MONTH, 6))
    allocation = propose(renewal, users, renewal_of=sponsor_pledge)
    workers = [c.worker for c in chosen(allocation)]
    assert set(workers[:2]) == {c.worker for c in chosen(first)}
    assert workers[2].p3ke_decile == 1
    assert "Perpanjangan" in chosen(allocation)[0].reasons


def test_coverages_ending_within_30_and_60_days_are_listed(users):
    today = datetime.date.today()
    this_month = first_of_month(today)
    soon = make_worker()
    later = make_worker()
    Coverage.objects.create(
        worker=soon, pledge=make_pledge(), ruleset=selectors.ruleset_active(), kelurahan=soon.kelurahan,
        first_month=add_months(this_month, -5), last_month=this_month, status="active", rank=1,
    )  # fmt: skip
    Coverage.objects.create(
        worker=later, pledge=make_pledge(), ruleset=selectors.ruleset_active(), kelurahan=later.kelurahan,
        first_month=add_months(this_month, -5), last_month=add_months(this_month, 2), status="active", rank=1,
    )  # fmt: skip
    in_30 = selectors.coverages_ending(users["operator"], within_days=30, today=today)
    in_90 = selectors.coverages_ending(users["operator"], within_days=100, today=today)
    assert [c.worker for c in in_30] == [soon]
    assert {c.worker for c in in_90} == {soon, later}


def test_every_allocation_records_the_rule_set_version(users):
    make_worker(birth_date=datetime.date(1960, 1, 1))
    services.ruleset_update(acting_user=users["admin"], age_max=70, note="Batas usia dinaikkan")
    allocation = propose(make_pledge(workers=1), users)
    assert allocation.ruleset.version == 2 and allocation.proposed_count == 1
    assert chosen(allocation)[0].ruleset.version == 2
    assert Allocation.objects.get(pk=allocation.pk).ruleset.age_max == 70


def test_used_amount_prices_committed_coverage_months_from_the_rate_table(users):
    from jaring.sponsors.rates import pledge_cost
    from jaring.sponsors.selectors import rate_table

    make_worker()
    make_worker()
    pledge = make_pledge(workers=2, months=12)
    allocation = propose(pledge, users)
    end = add_months(pledge.start_month, 11)
    assert selectors.pledge_used_amount(pledge, as_of=end) == 0  # a proposal spends nothing
    services.allocation_approve(allocation=allocation, acting_user=users["operator"])
    expected = pledge_cost(rate_table(), sector=pledge.sector, workers=2, start_month=pledge.start_month, months=12)
    assert selectors.pledge_used_amount(pledge, as_of=end) == expected.total > 0
    first_three = pledge_cost(rate_table(), sector=pledge.sector, workers=2, start_month=pledge.start_month, months=3)
    assert selectors.pledge_used_amount(pledge, as_of=add_months(pledge.start_month, 2)) == first_three.total
    # The pledge starts next month: nothing is spent yet, and the sponsor's ledger (hook registered by
    # CoverageConfig) says so instead of showing a negative balance.
    from jaring.sponsors.selectors import pledge_ledger

    assert selectors.pledge_used_amount(pledge) == 0
    assert pledge_ledger(pledge).used == 0


def test_topping_up_a_running_pledge_covers_only_the_months_ahead(users):
    this_month = first_of_month(datetime.date.today())
    make_worker()
    pledge = make_pledge(workers=1, months=12, start_month=add_months(this_month, -3), status=Pledge.Status.ACTIVE)
    allocation = propose(pledge, users)
    coverage = chosen(allocation)[0]
    assert (coverage.first_month, coverage.last_month) == (this_month, pledge.end_month)
    ended = make_pledge(workers=1, months=2, start_month=add_months(this_month, -5), status=Pledge.Status.ACTIVE)
    with pytest.raises(ValidationError, match="sudah berakhir"):
        propose(ended, users)


def test_the_simulator_predicts_what_an_allocation_does_per_kecamatan(users):
    from collections import Counter

    for i in range(12):
        make_worker("Rawajati", p3ke_decile=1 + i % 3)  # Pancoran
        make_worker("Kalibata", p3ke_decile=2)  # Pancoran
        make_worker("Tebet Timur", p3ke_decile=1 + i % 2)  # Tebet
    per_worker = selectors.simulate(amount=1, months=12, first_month=NEXT_MONTH).per_worker
    # 18 workers: decile 1 takes 10 (Rawajati 4, Tebet Timur 6); decile 2 fills Kalibata (0 of 12 covered) up to
    # Rawajati's level, then both: the last 8 all go to Pancoran, before Tebet Timur's 6 of 12 is reached.
    result = selectors.simulate(amount=18 * per_worker + per_worker - 1, months=12, first_month=NEXT_MONTH)
    assert (result.workers, result.pool, result.missing) == (18, 36, 0)
    allocation = propose(make_pledge(workers=18, months=12), users)
    actual = Counter(c.kelurahan.kecamatan.nama for c in chosen(allocation))
    predicted = {k["kecamatan"]: k["added"] for k in result.per_kecamatan if k["added"]}
    assert predicted == dict(actual) == {"Pancoran": 12, "Tebet": 6}
