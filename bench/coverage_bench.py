"""Coverage benchmark: screening N workers, allocating a 10,000-worker pledge, the simulator (PostgreSQL).

    JARING_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/jaring_bench \
        .venv/bin/python bench/coverage_bench.py --migrate --workers 1000000 --pledge-workers 10000

The database must be one you own. ``--migrate`` applies migrations; ``--workers N`` tops the worker table up to
N synthetic workers with one INSERT ... SELECT generate_series (no Python loop) if it holds fewer. Everything
the benchmark writes (screening, allocation, coverages, the bench sponsor and pledge) is rolled back at the end
unless ``--keep`` is given, so it can run again on the same data.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FILL_SQL = """
WITH k AS (SELECT array_agg(id ORDER BY id) AS ids FROM wilayah_kelurahan),
jobs AS (SELECT ARRAY['OJEK ONLINE','PEDAGANG KAKI LIMA','BURUH HARIAN LEPAS','PEMBANTU RUMAH TANGGA',
                      'PENGEMUDI OJEK','TUKANG BANGUNAN','PEMULUNG','PENJAHIT','KURIR','MONTIR','BURUH CUCI',
                      'PETUGAS PARKIR','MENGURUS RUMAH TANGGA','PELAJAR/MAHASISWA','BELUM/TIDAK BEKERJA'] AS j)
INSERT INTO registry_worker (nik, kk, name, sex, birth_date, address, rt, rw, kelurahan_id, occupation, phone,
    p3ke_decile, dtks_decile, in_dtks, dtsen_decile, dukcapil_match, bpjs_active, apbd_funded, deceased,
    verification, review_reasons, created_at, updated_at)
SELECT '3179' || lpad(i::text, 12, '0'), '', 'PEKERJA BENCH ' || i, CASE WHEN i %% 2 = 0 THEN 'P' ELSE 'L' END,
       date '1955-01-01' + ((i * 7919) %% 22000), '', '', '', k.ids[1 + (i * 37) %% array_length(k.ids, 1)],
       jobs.j[1 + (i * 13) %% array_length(jobs.j, 1)], '',
       CASE WHEN i %% 10 < 8 THEN 1 + (i * 7) %% 4 END, NULL, i %% 7 = 0,
       CASE WHEN i %% 3 = 0 THEN 1 + (i * 31) %% 10 END, NULL,
       i %% 50 = 0, i %% 97 = 0, i %% 211 = 0, 'unverified', '', now(), now()
  FROM generate_series(%s, %s) AS i, k, jobs
"""


def setup_django():
    url = os.environ.get("JARING_BENCH_DATABASE_URL", "").strip()
    if not url.startswith("postgres"):
        sys.exit("Set JARING_BENCH_DATABASE_URL to a PostgreSQL database of your own.")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


def timed(label, call, results, target=None):
    started = time.perf_counter()
    value = call()
    seconds = time.perf_counter() - started
    results.append((label, seconds, target))
    print(f"{label:<48} {seconds:8.2f} s", flush=True)
    return value


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=0, help="top the registry up to this many workers")
    parser.add_argument("--pledge-workers", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--migrate", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep what the benchmark writes")
    args = parser.parse_args()
    setup_django()

    from django.core.management import call_command
    from django.db import connection, transaction

    from jaring.accounts.models import User
    from jaring.core.roles import Role
    from jaring.coverage import selectors, services
    from jaring.registry.models import Worker
    from jaring.sponsors.models import Pledge, Sponsor

    if args.migrate:
        call_command("migrate", verbosity=0)
    results = []
    count = Worker.objects.count()
    if args.workers > count:
        with connection.cursor() as cursor:
            timed(f"insert {args.workers - count:,} synthetic workers", lambda: cursor.execute(
                FILL_SQL, [count + 1, args.workers]), results)  # fmt: skip
            cursor.execute("ANALYZE registry_worker")
        count = Worker.objects.count()
    print(f"workers in the registry: {count:,}")

    try:
        with transaction.atomic():
            operator, _ = User.objects.get_or_create(
                username="bench.operator", defaults={"role": Role.OPERATOR, "full_name": "Bench", "email": "b@x.id"}
            )
            screening = timed(
                f"screening {count:,} workers (8 rules, per kelurahan)",
                lambda: services.screening_run(acting_user=operator, months=args.months),
                results,
                "< 30 s (1M)",
            )
            print(f"  eligible {screening.eligible:,} of {screening.total:,}; failed per rule {screening.rule_counts}")
            sponsor, _ = Sponsor.objects.get_or_create(legal_name="PT Bench Jaring", defaults={"type": "perusahaan"})
            start = selectors.default_period().first_month
            pledge = Pledge.objects.create(
                sponsor=sponsor,
                fund_type="csr",
                workers=args.pledge_workers,
                months=args.months,
                start_month=start,
                status=Pledge.Status.APPROVED,
            )
            allocation = timed(
                f"allocate a {args.pledge_workers:,}-worker pledge",
                lambda: services.allocation_propose(pledge=pledge, acting_user=operator),
                results,
                "< 5 s (1M)",
            )
            print(f"  proposed {allocation.proposed_count:,}, missing {allocation.missing:,}")
            timed(
                "approve the allocation",
                lambda: services.allocation_approve(allocation=allocation, acting_user=operator),
                results,
            )
            simulation = timed(
                "simulator: Rp 2.016.000.000 for 12 months",
                lambda: selectors.simulate(amount=2_016_000_000, months=args.months),
                results,
                "< 1 s",
            )
            print(f"  protects {simulation.workers:,} workers (pool {simulation.pool:,})")
            timed(
                "waiting list: first 50 in priority order",
                lambda: list(selectors.waiting_list(operator)[:50]),
                results,
            )
            if not args.keep:
                raise Rollback
    except Rollback:
        print("(rolled back: the registry is as it was)")
    print()
    print("| step | seconds | target |")
    print("|---|---:|---:|")
    for label, seconds, target in results:
        print(f"| {label} | {seconds:.2f} | {target or ''} |")


if __name__ == "__main__":
    main()
