"""`make bench`: the registry import and list benchmarks on one generated file, PostgreSQL and SQLite.

On each database: a bare load of the file (the yardstick), Jaring's import, a re-import of the same file, an
import of the file with every tenth row changed; on PostgreSQL also the worker list pages at a million workers and
the cost of writing the imported rows alone (the least any import keeping these tables pays).

Environment: BENCH_ROWS (default 1,000,000), JARING_BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres,
the server on which a scratch database ``jaring_bench`` is created and dropped), BENCH_SKIP_SQLITE=1 to skip SQLite.
Results are printed and written to bench/results/latest.json; docs/performance.md records them.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
PG_SERVER = os.environ.get("JARING_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "jaring_bench"


def pg_url(database: str) -> str:
    parts = urlsplit(PG_SERVER)
    return urlunsplit(parts._replace(path=f"/{database}"))


def env_for(database_url: str, media: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DEBUG": "false",
        "MEDIA_ROOT": str(media),
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    }


def run(cmd: list[str], env: dict) -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def import_once(path: Path, env: dict) -> dict:
    out = run([PYTHON, "bench/import_once.py", str(path), "p3ke"], env)
    return json.loads(out.strip().splitlines()[-1])


def sample_file() -> Path:
    path = DATA / f"p3ke-{ROWS}.csv"
    if not path.exists():
        print(f"generating {ROWS:,} rows -> {path}")
        run([PYTHON, "bench/generate_p3ke.py", "--rows", str(ROWS), "--out", str(path)], dict(os.environ))
    return path


def changed_file(path: Path) -> Path:
    """The same file with every tenth person's occupation changed: a monthly update rather than a first load."""
    out = path.with_name(path.stem + "-changed.csv")
    if not out.exists():
        import polars as pl

        frame = pl.read_csv(path, separator=";", infer_schema_length=0)
        frame = frame.with_row_index("i").with_columns(
            pl.when(pl.col("i") % 10 == 0)
            .then(pl.lit("PENJAHIT KELILING"))
            .otherwise(pl.col("pekerjaan"))
            .alias("pekerjaan")
        )
        frame.drop("i").write_csv(out, separator=";")
    return out


def headers_of(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig") as handle:
        return next(csv.reader(handle, delimiter=";"))


def bare_copy(path: Path) -> float:
    columns = headers_of(path)
    with psycopg.connect(pg_url(BENCH_DB), autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bare_copy")
        conn.execute(f"CREATE TABLE bare_copy ({', '.join(f'{c} text' for c in columns)})")
        started = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy("COPY bare_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)") as copy,
            path.open("rb") as handle,
        ):
            while chunk := handle.read(8 * 1024 * 1024):
                copy.write(chunk)
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bare_copy")
    return elapsed


def bare_executemany(path: Path, database: Path) -> float:
    columns = headers_of(path)
    conn = sqlite3.connect(database)
    conn.execute("DROP TABLE IF EXISTS bare_load")
    conn.execute(f"CREATE TABLE bare_load ({', '.join(f'{c} text' for c in columns)})")
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        placeholders = ", ".join("?" * len(columns))
        conn.executemany(f"INSERT INTO bare_load VALUES ({placeholders})", reader)
    conn.commit()
    elapsed = time.perf_counter() - started
    conn.execute("DROP TABLE bare_load")
    conn.commit()
    conn.close()
    return elapsed


def pg_write_floor() -> dict:
    """The cost of writing the rows the import wrote, and nothing else: the workers and source records it created,
    copied out, then ``COPY``-ed into fresh tables of the same definition (indexes and checks included). No
    reading of the file, no validation, no comparison: the least any import that keeps these tables must pay."""
    out = {}
    with psycopg.connect(pg_url(BENCH_DB), autocommit=True) as conn:
        for table in ("registry_worker", "registry_workersource"):
            data = bytearray()
            with conn.cursor() as cur, cur.copy(f"COPY {table} TO STDOUT") as copy:
                for block in copy:
                    data += block
            conn.execute("DROP TABLE IF EXISTS floor_copy")
            conn.execute(f"CREATE TABLE floor_copy (LIKE {table} INCLUDING ALL)")
            conn.execute("CHECKPOINT")
            started = time.perf_counter()
            with conn.cursor() as cur, cur.copy("COPY floor_copy FROM STDIN") as copy:
                for offset in range(0, len(data), 8 * 1024 * 1024):
                    copy.write(data[offset : offset + 8 * 1024 * 1024])
            out[table] = round(time.perf_counter() - started, 2)
            conn.execute("DROP TABLE floor_copy")
    out["total"] = round(sum(out.values()), 2)
    return out


def fresh_pg() -> str:
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return pg_url(BENCH_DB)


LIST_PROBE = r"""
import json, os, statistics, sys, time
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.test import Client
from jaring.accounts.models import User
from jaring.registry.models import Worker
from jaring.wilayah.models import Kecamatan, Kelurahan
user, _ = User.objects.get_or_create(username="bench-operator", defaults={"full_name": "Bench", "role": "operator"})
client = Client()
client.force_login(user)
kel = Kelurahan.objects.get(kode="31.74.08.1003").pk
kec = Kecamatan.objects.get(kode="31.74.04").pk
nik = Worker.objects.order_by("id").values_list("nik", flat=True)[500000 if Worker.objects.count() > 500000 else 0]
cases = {
    "no filter": {},
    "kecamatan": {"kecamatan": kec},
    "kelurahan": {"kelurahan": kel},
    "desil P3KE 1": {"desil_p3ke": 1},
    "sumber P3KE": {"sumber": "p3ke"},
    "pekerjaan OJEK": {"pekerjaan": "OJEK"},
    "perlu verifikasi": {"verifikasi": "needs_review"},
    "meninggal (none)": {"deceased": "on"},
    "NIK lookup": {"q": nik},
    "page 2 (keyset)": {"setelah": "3174050000000000"},
}
out = {}
for name, params in cases.items():
    times = []
    for _ in range(7):
        t = time.perf_counter()
        response = client.get("/registri/", params)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (name, response.status_code)
    out[name] = round(statistics.median(times[1:]), 1)
print(json.dumps(out))
"""


def list_timings(env: dict) -> dict:
    out = run([PYTHON, "-c", LIST_PROBE], env)
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    media = DATA / "media"
    path = sample_file()
    results: dict = {"rows": ROWS, "file": path.name, "file_mb": round(path.stat().st_size / 1e6, 1)}

    print("== PostgreSQL ==")
    url = fresh_pg()
    env = env_for(url, media)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    results["pg_bare_copy_s"] = round(bare_copy(path), 2)
    print(f"bare COPY: {results['pg_bare_copy_s']} s")
    results["pg_import"] = import_once(path, env)
    print("import:", results["pg_import"])
    results["pg_reimport"] = import_once(path, env)
    print("re-import:", results["pg_reimport"])
    changed = changed_file(path)
    results["pg_changed"] = import_once(changed, env)
    print("import with every tenth row changed:", results["pg_changed"])
    results["pg_list_ms"] = list_timings(env)
    print("list pages (ms):", results["pg_list_ms"])
    results["pg_write_floor_s"] = pg_write_floor()
    print("writing the imported rows alone (COPY into copies of the tables):", results["pg_write_floor_s"])

    if os.environ.get("BENCH_SKIP_SQLITE") != "1":
        print("== SQLite ==")
        database = DATA / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        env = env_for(f"sqlite:///{database}", media)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        results["sqlite_bare_executemany_s"] = round(bare_executemany(path, database), 2)
        print(f"bare executemany: {results['sqlite_bare_executemany_s']} s")
        results["sqlite_import"] = import_once(path, env)
        print("import:", results["sqlite_import"])
        results["sqlite_reimport"] = import_once(path, env)
        print("re-import:", results["sqlite_reimport"])
        results["sqlite_changed"] = import_once(changed_file(path), env)
        print("import with every tenth row changed:", results["sqlite_changed"])

    pg = results["pg_import"]["wall_s"]
    results["pg_ratio_to_copy"] = round(pg / results["pg_bare_copy_s"], 2)
    results["pg_floor_ratio_to_copy"] = round(results["pg_write_floor_s"]["total"] / results["pg_bare_copy_s"], 2)
    print(f"\nPostgreSQL import / bare COPY = {results['pg_ratio_to_copy']}x (target <= 2x)")
    print(f"PostgreSQL writing the same rows alone / bare COPY = {results['pg_floor_ratio_to_copy']}x")
    if "sqlite_import" in results:
        results["sqlite_ratio_to_executemany"] = round(
            results["sqlite_import"]["wall_s"] / results["sqlite_bare_executemany_s"], 2
        )
        print(f"SQLite import / bare executemany = {results['sqlite_ratio_to_executemany']}x (target <= 2.5x)")
    rate = ROWS / pg
    print(f"PostgreSQL import: {rate:,.0f} rows/s")
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    print(f"results -> {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
