"""No worker is covered twice for the same month, even when two allocations run at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from jaring.conftest import make_user
from jaring.core.roles import Role
from jaring.coverage import selectors, services
from jaring.coverage.models import Coverage
from jaring.lib.dates import add_months

from .factories import NEXT_MONTH, make_pledge, make_worker

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (real concurrent connections)"),
]


def overlapping_pairs() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM coverage_coverage a JOIN coverage_coverage b
              ON a.worker_id = b.worker_id AND a.id < b.id
             AND a.first_month <= b.last_month AND b.first_month <= a.last_month
             WHERE a.status IN ('proposed', 'approved', 'sent', 'active', 'ended')
               AND b.status IN ('proposed', 'approved', 'sent', 'active', 'ended')
            """
        )
        return cursor.fetchone()[0]


def test_two_allocations_at_the_same_moment_never_share_a_worker():
    operator = make_user(Role.OPERATOR)
    for i in range(30):
        make_worker(p3ke_decile=1 + i % 4)
    pledges = [
        make_pledge(workers=20, months=12),
        make_pledge(workers=20, months=6, start_month=add_months(NEXT_MONTH, 3)),
    ]
    barrier = threading.Barrier(len(pledges))
    errors = []

    def run(pledge):
        try:
            barrier.wait(timeout=10)
            services.allocation_propose(pledge=pledge, acting_user=operator)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in pledges]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    live = Coverage.objects.filter(status__in=Coverage.LIVE)
    assert live.count() == 30  # 40 places, 30 workers: every worker once, 10 places reported missing
    assert live.values("worker_id").distinct().count() == 30
    assert overlapping_pairs() == 0
    assert sorted(a.missing for a in services.Allocation.objects.all()) == [0, 10]


def test_the_database_itself_refuses_overlapping_live_coverages():
    worker = make_worker()
    ruleset = selectors.ruleset_active()
    first = Coverage.objects.create(
        worker=worker, pledge=make_pledge(), ruleset=ruleset, kelurahan=worker.kelurahan, rank=1,
        first_month=NEXT_MONTH, last_month=add_months(NEXT_MONTH, 11), status="approved",
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Coverage.objects.create(
            worker=worker, pledge=make_pledge(), ruleset=ruleset, kelurahan=worker.kelurahan, rank=1,
            first_month=add_months(NEXT_MONTH, 11), last_month=add_months(NEXT_MONTH, 13), status="proposed",
        )  # fmt: skip
    # the month after the last one is free, and a cancelled row never blocks
    Coverage.objects.create(
        worker=worker, pledge=make_pledge(), ruleset=ruleset, kelurahan=worker.kelurahan, rank=1,
        first_month=add_months(NEXT_MONTH, 12), last_month=add_months(NEXT_MONTH, 13), status="proposed",
    )  # fmt: skip
    first.status = "cancelled"
    first.save()
    Coverage.objects.create(
        worker=worker, pledge=make_pledge(), ruleset=ruleset, kelurahan=worker.kelurahan, rank=1,
        first_month=NEXT_MONTH, last_month=NEXT_MONTH, status="approved",
    )  # fmt: skip
