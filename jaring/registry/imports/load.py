"""Stage two of an import: one transactional, idempotent, set-based load of the staged rows.

The accepted rows go into a temporary staging table (PostgreSQL ``COPY``; ``executemany`` on SQLite), then a
handful of SQL statements decide each row's fate and write it:

1. rows whose NIK exists and whose values would change -> ``changed`` (old and new values, for the history);
2. ``UPDATE`` the changed workers; 3. ``INSERT ... ON CONFLICT (nik) DO NOTHING`` the new ones;
4. upsert the per-source records where they differ; 5. write the issues; 6. queue likely duplicates.

The caller runs all of it inside one transaction: a failure, a cancel or a killed worker leaves the registry
exactly as it was. A file loaded twice finds nothing to change the second time.
"""

from __future__ import annotations

import io
import json
import logging
import time
from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.utils import timezone

from jaring.registry.models import Source

from .validate import Staged

# Text fields: a non-empty value in the file replaces the stored one; an empty value never blanks it.
TEXT_FIELDS = ["kk", "name", "sex", "address", "rt", "rw", "occupation", "phone"]
# Nullable fields: a value in the file replaces the stored one; NULL keeps it.
NULLABLE_FIELDS = ["birth_date", "p3ke_decile", "dtks_decile", "dtsen_decile", "dukcapil_match"]
STAGE_COLUMNS = [
    "row_number",
    "nik",
    "kk",
    "name",
    "sex",
    "birth_date",
    "address",
    "rt",
    "rw",
    "kelurahan_id",
    "occupation",
    "phone",
    "p3ke_decile",
    "dtks_decile",
    "in_dtks",
    "dtsen_decile",
    "dukcapil_match",
    "family_id",
    "person_id",
    "flag_reasons",
    "worker_id",
]
STAGE_TEXT = [
    "nik",
    "kk",
    "name",
    "sex",
    "address",
    "rt",
    "rw",
    "occupation",
    "phone",
    "family_id",
    "person_id",
    "flag_reasons",
]
SOURCE_DECILE = {
    Source.P3KE: "s.p3ke_decile",
    Source.DTKS: "s.dtks_decile",
    Source.DTSEN: "s.dtsen_decile",
    Source.TEMPLATE: "COALESCE(s.p3ke_decile, s.dtsen_decile)",
}


logger = logging.getLogger(__name__)
IMPORT_LOCK = 7_400_001  # pg_advisory_xact_lock key: one registry load at a time


class _Timer:
    """Logs how long each step of a load takes (``jaring`` logger at DEBUG; the benchmark prints them)."""

    def __init__(self):
        self.last = time.perf_counter()
        self.steps: list[tuple[str, float]] = []

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.steps.append((step, now - self.last))
        logger.debug("load step %s: %.2fs", step, now - self.last)
        self.last = now


@dataclass
class LoadResult:
    created: int
    updated: int
    unchanged: int
    duplicates_queued: int
    steps: list[tuple[str, float]] | None = None


class Cancelled(Exception):
    pass


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _distinct(a: str, b: str) -> str:
    return f"{a} IS DISTINCT FROM {b}" if _postgres() else f"{a} IS NOT {b}"


def _new_value(field: str) -> str:
    if field in TEXT_FIELDS:
        return f"CASE WHEN s.{field} <> '' THEN s.{field} ELSE w.{field} END"
    return f"COALESCE(s.{field}, w.{field})"


def _create_stage(cursor) -> None:
    columns = """
        row_number integer, nik varchar(16), kk varchar(16), name varchar(150), sex varchar(1), birth_date date,
        address varchar(300), rt varchar(3), rw varchar(3), kelurahan_id bigint, occupation varchar(100),
        phone varchar(20), p3ke_decile smallint, dtks_decile smallint, in_dtks boolean, dtsen_decile smallint,
        dukcapil_match boolean, family_id varchar(40), person_id varchar(40), flag_reasons varchar(500),
        worker_id bigint
    """
    if _postgres():
        # ON COMMIT DROP, and dropped first too: two loads in one outer transaction (tests) must not collide.
        cursor.execute("DROP TABLE IF EXISTS import_stage")
        cursor.execute(f"CREATE TEMP TABLE import_stage ({columns}) ON COMMIT DROP")
    else:
        cursor.execute("DROP TABLE IF EXISTS temp.import_stage")
        cursor.execute(f"CREATE TEMP TABLE import_stage ({columns})")


def _attach_worker_ids(cursor, accepted: pl.DataFrame) -> pl.DataFrame:
    """Add ``worker_id`` (the stored worker with the row's NIK, or null) to the staged rows.

    One read of (nik, id) for the whole registry, joined in polars: every later statement then meets the worker
    table by primary key instead of looking each NIK up again.
    """
    if _postgres():
        buffer = io.BytesIO()
        with cursor.cursor.copy("COPY (SELECT nik, id FROM registry_worker) TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                buffer.write(block)
        known = (
            pl.read_csv(buffer.getvalue(), has_header=False, schema={"nik": pl.String, "worker_id": pl.Int64})
            if buffer.tell()
            else None
        )
    else:
        cursor.execute("SELECT nik, id FROM registry_worker")
        parts = []
        while rows := cursor.fetchmany(200_000):
            niks, ids = zip(*rows, strict=True)
            parts.append(
                pl.DataFrame(
                    {"nik": list(niks), "worker_id": list(ids)}, schema={"nik": pl.String, "worker_id": pl.Int64}
                )
            )
        known = pl.concat(parts) if parts else None
    if known is None or known.height == 0:
        return accepted.with_columns(pl.lit(None, dtype=pl.Int64).alias("worker_id"))
    return accepted.join(known, on="nik", how="left")


def _fill_stage(cursor, accepted: pl.DataFrame) -> None:
    frame = accepted.select(STAGE_COLUMNS)
    if _postgres():
        not_null = ", ".join(STAGE_TEXT)
        sql = (
            f"COPY import_stage ({', '.join(STAGE_COLUMNS)}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({not_null}))"
        )
        with cursor.cursor.copy(sql) as copy:
            # 100,000 rows at a time: the CSV text of the whole file is never held at once.
            for chunk in frame.iter_slices(100_000):
                text = chunk.with_columns([pl.col(c).fill_null("") for c in STAGE_TEXT]).write_csv(
                    include_header=False, null_value="", quote_style="necessary"
                )
                copy.write(text.encode())
        cursor.execute("ANALYZE import_stage")
    else:
        placeholders = ", ".join(["%s"] * len(STAGE_COLUMNS))
        sql = f"INSERT INTO import_stage ({', '.join(STAGE_COLUMNS)}) VALUES ({placeholders})"
        for chunk in frame.iter_slices(100_000):
            chunk = chunk.with_columns([pl.col(c).fill_null("") for c in STAGE_TEXT]).with_columns(
                pl.col("birth_date").cast(pl.String)
            )
            cursor.executemany(sql, chunk.rows())
        cursor.execute("CREATE INDEX temp.import_stage_nik ON import_stage (nik)")
        cursor.execute("CREATE INDEX temp.import_stage_worker ON import_stage (worker_id)")


def load_staged(*, staged: Staged, source: str, batch_id: int, check_cancel) -> LoadResult:
    """Load ``staged`` for ``batch_id``. Must run inside ``transaction.atomic``."""
    now = timezone.now()
    timer = _Timer()
    tracked = TEXT_FIELDS + NULLABLE_FIELDS + ["kelurahan_id", "in_dtks"]
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
        _create_stage(cursor)
        accepted = _attach_worker_ids(cursor, staged.accepted)
        matched = accepted["worker_id"].is_not_null().sum()
        _fill_stage(cursor, accepted)
        del accepted
        staged.accepted = staged.accepted.clear()  # the rows live in the staging table now; free the memory
        timer("stage")
        check_cancel()

        # 1. Existing workers whose values change: keep old and new values for the history.
        new_exprs = {f: _new_value(f) for f in TEXT_FIELDS + NULLABLE_FIELDS}
        new_exprs["kelurahan_id"] = "s.kelurahan_id"
        new_exprs["in_dtks"] = "COALESCE(s.in_dtks, w.in_dtks)"
        changed_condition = " OR ".join(_distinct(new_exprs[f], f"w.{f}") for f in tracked)
        review_change = "(s.flag_reasons <> '' AND s.flag_reasons <> w.review_reasons AND w.verification <> 'verified')"
        if _postgres():
            cursor.execute("DROP TABLE IF EXISTS import_changed")
        else:
            cursor.execute("DROP TABLE IF EXISTS temp.import_changed")
        select_old = ", ".join(f"w.{f} AS o_{f}" for f in tracked)
        select_new = ", ".join(f"{new_exprs[f]} AS n_{f}" for f in tracked)
        on_commit = " ON COMMIT DROP" if _postgres() else ""
        cursor.execute(
            f"CREATE TEMP TABLE import_changed{on_commit} AS "
            f"SELECT w.id AS worker_id, s.row_number, s.flag_reasons, {select_old}, {select_new} "
            f"FROM import_stage s JOIN registry_worker w ON w.id = s.worker_id "
            f"WHERE ({changed_condition}) OR {review_change}"
        )
        cursor.execute("SELECT count(*) FROM import_changed")
        updated = cursor.fetchone()[0]
        timer("compare")

        # 2. Update the changed workers.
        if updated:
            assignments = ", ".join(f"{f} = c.n_{f}" for f in tracked)
            cursor.execute(
                f"UPDATE registry_worker SET {assignments}, updated_at = %s, "
                "verification = CASE WHEN c.flag_reasons <> '' AND registry_worker.verification <> 'verified' "
                "THEN 'needs_review' ELSE registry_worker.verification END, "
                "review_reasons = CASE WHEN c.flag_reasons <> '' THEN c.flag_reasons "
                "ELSE registry_worker.review_reasons END "
                "FROM import_changed c WHERE registry_worker.id = c.worker_id",
                [now],
            )
            _write_history(cursor, tracked, batch_id, now)
        timer("update")
        check_cancel()

        # 3. Insert the new workers, in NIK order (the unique index then grows at its right edge), and their source
        # records. Loads are serialised (advisory lock on PostgreSQL, the database lock on SQLite), so plain
        # INSERTs are safe. On PostgreSQL one statement does both (the inserted ids feed the source records).
        decile = SOURCE_DECILE[source]
        insert_workers = (
            "INSERT INTO registry_worker (nik, kk, name, sex, birth_date, address, rt, rw, kelurahan_id, occupation, "
            "phone, p3ke_decile, dtks_decile, in_dtks, dtsen_decile, dukcapil_match, bpjs_active, apbd_funded, "
            "deceased, verification, review_reasons, created_batch_id, created_at, updated_at) "
            "SELECT s.nik, s.kk, s.name, s.sex, s.birth_date, s.address, s.rt, s.rw, s.kelurahan_id, s.occupation, "
            "s.phone, s.p3ke_decile, s.dtks_decile, COALESCE(s.in_dtks, %s), s.dtsen_decile, s.dukcapil_match, "
            "%s, %s, %s, CASE WHEN s.flag_reasons <> '' THEN 'needs_review' ELSE 'unverified' END, s.flag_reasons, "
            "%s, %s, %s FROM import_stage s WHERE s.worker_id IS NULL ORDER BY s.nik"
        )
        worker_params = [False, False, False, False, batch_id, now, now]
        insert_sources = (
            "INSERT INTO registry_workersource (worker_id, source, family_id, person_id, decile, batch_id, "
            "row_number, updated_at) "
        )
        if _postgres():
            cursor.execute(
                f"WITH inserted AS ({insert_workers} RETURNING id, nik), "
                "counted AS (SELECT count(*) AS n FROM inserted), "
                f"sources AS ({insert_sources} SELECT i.id, %s, s.family_id, s.person_id, {decile}, %s, "
                "s.row_number, %s FROM inserted i JOIN import_stage s ON s.nik = i.nik ORDER BY i.id) "
                "SELECT n FROM counted",
                [*worker_params, source, batch_id, now],
            )
            created = cursor.fetchone()[0]
        else:
            cursor.execute(insert_workers, worker_params)
            created = cursor.rowcount
            cursor.execute(
                f"{insert_sources} SELECT w.id, %s, s.family_id, s.person_id, {decile}, %s, s.row_number, %s "
                "FROM import_stage s JOIN registry_worker w ON w.nik = s.nik "
                "WHERE s.worker_id IS NULL AND w.created_batch_id = %s "
                "ORDER BY w.id",
                [source, batch_id, now, batch_id],
            )
        timer("insert")
        check_cancel()

        # 4. Source records of workers that existed before this load: new ones inserted, changed ones updated,
        # identical ones left alone (a re-import writes nothing). Skipped when no row matched a stored worker.
        if matched:
            cursor.execute(
                f"{insert_sources} SELECT s.worker_id, %s, s.family_id, s.person_id, {decile}, %s, s.row_number, %s "
                "FROM import_stage s WHERE s.worker_id IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM registry_workersource ws WHERE ws.worker_id = s.worker_id AND ws.source = %s) "
                "ORDER BY s.worker_id",
                [source, batch_id, now, source],
            )
            differs = " OR ".join(
                [
                    _distinct("registry_workersource.family_id", "s.family_id"),
                    _distinct("registry_workersource.person_id", "s.person_id"),
                    _distinct("registry_workersource.decile", decile),
                ]
            )
            cursor.execute(
                "UPDATE registry_workersource SET family_id = s.family_id, person_id = s.person_id, "
                f"decile = {decile}, batch_id = %s, row_number = s.row_number, updated_at = %s "
                "FROM import_stage s "
                f"WHERE registry_workersource.worker_id = s.worker_id AND registry_workersource.source = %s "
                f"AND ({differs})",
                [batch_id, now, source],
            )
        timer("sources")

        # 5. Issues (rejected and flagged rows) with their original values.
        _write_issues(cursor, staged, batch_id)
        timer("issues")

        # 6. Likely duplicates with other NIKs.
        queued = 0
        if created or updated:
            queued = _queue_duplicates(cursor, batch_id, now)
        timer("duplicates")
        if created + updated > 1000:
            # Fresh statistics, or the planner picks sequential scans for the list pages after a big load.
            cursor.execute("ANALYZE registry_worker")
            cursor.execute("ANALYZE registry_workersource")
            timer("analyze")
        check_cancel()
    return LoadResult(
        created=created, updated=updated, unchanged=matched - updated, duplicates_queued=queued, steps=timer.steps
    )


def _write_history(cursor, tracked: list[str], batch_id: int, now) -> None:
    columns = ", ".join(["worker_id"] + [f"o_{f}" for f in tracked] + [f"n_{f}" for f in tracked])
    cursor.execute(f"SELECT {columns} FROM import_changed")
    rows = []
    n = len(tracked)
    while True:
        chunk = cursor.fetchmany(50_000)
        if not chunk:
            break
        for row in chunk:
            changes = {}
            for i, field in enumerate(tracked):
                old, new = row[1 + i], row[1 + n + i]
                if old != new and not (old is None and new is None):
                    changes[field] = [_plain(old), _plain(new)]
            rows.append((row[0], "updated", batch_id, now, json.dumps(changes), ""))
    if rows:
        cursor.executemany(
            "INSERT INTO registry_workerchange (worker_id, kind, batch_id, at, changes, note) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _write_issues(cursor, staged: Staged, batch_id: int) -> None:
    if staged.issues.height == 0:
        return
    originals = staged.originals
    by_row = {
        row["row_number"]: json.dumps({k: v for k, v in row.items() if k != "row_number"}, ensure_ascii=False)
        for row in originals.iter_rows(named=True)
    }
    rows = [
        (batch_id, r[0], r[1], r[2], r[3], r[4], by_row.get(r[0], "{}"))
        for r in staged.issues.select("row_number", "outcome", "nik", "reasons", "codes").iter_rows()
    ]
    if _postgres():
        sql = "COPY registry_importissue (batch_id, row_number, outcome, nik, reasons, codes, original) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(
            "INSERT INTO registry_importissue (batch_id, row_number, outcome, nik, reasons, codes, original) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            rows,
        )


def _queue_duplicates(cursor, batch_id: int, now) -> int:
    """Pairs of live workers with different NIKs and the same name and birth date in one kelurahan, or the same
    KK and name, where at least one of them was created or changed by this batch.

    Set-based: group first (hash aggregate), then pair only the members of groups with more than one worker.
    """
    total = 0
    temp = "" if _postgres() else "temp."
    on_commit = " ON COMMIT DROP" if _postgres() else ""
    for reason, keys, extra in [
        ("name_dob", ["name", "birth_date", "kelurahan_id"], "birth_date IS NOT NULL"),
        ("kk_name", ["kk", "name"], "kk <> ''"),
    ]:
        key_list = ", ".join(keys)
        join = " AND ".join(f"w.{k} = g.{k}" for k in keys)
        pair = " AND ".join(f"a.{k} = b.{k}" for k in keys)
        cursor.execute(f"DROP TABLE IF EXISTS {temp}dup_keys")
        cursor.execute(f"DROP TABLE IF EXISTS {temp}dup_members")
        cursor.execute(
            f"CREATE TEMP TABLE dup_keys{on_commit} AS SELECT {key_list} FROM registry_worker "
            f"WHERE merged_into_id IS NULL AND {extra} GROUP BY {key_list} HAVING count(*) > 1"
        )
        # Indexed keys: SQLite then probes them instead of building an automatic index over every worker.
        cursor.execute(f"CREATE INDEX {'' if _postgres() else 'temp.'}dup_keys_idx ON dup_keys ({key_list})")
        cursor.execute(
            f"CREATE TEMP TABLE dup_members{on_commit} AS "
            f"SELECT w.id, w.created_batch_id, {', '.join('w.' + k for k in keys)} "
            f"FROM registry_worker w JOIN dup_keys g ON {join} WHERE w.merged_into_id IS NULL"
        )
        cursor.execute(
            "INSERT INTO registry_duplicatecandidate (worker_a_id, worker_b_id, reason, decision, note, created_at) "
            "SELECT a.id, b.id, %s, 'pending', '', %s FROM dup_members a JOIN dup_members b "
            f"ON {pair} AND a.id < b.id "
            "WHERE (a.created_batch_id = %s OR b.created_batch_id = %s "
            "OR a.id IN (SELECT worker_id FROM import_changed) OR b.id IN (SELECT worker_id FROM import_changed)) "
            "ON CONFLICT (worker_a_id, worker_b_id) DO NOTHING",
            [reason, now, batch_id, batch_id],
        )
        total += max(cursor.rowcount, 0)
        cursor.execute(f"DROP TABLE {temp}dup_members")
        cursor.execute(f"DROP TABLE {temp}dup_keys")
    return total
