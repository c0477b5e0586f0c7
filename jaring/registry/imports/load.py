"""Stage two of an import: one transactional, idempotent load that writes only what differs.

NIK -> id of the whole registry is read into polars once. Then, slice by slice, a second thread checks the rows
(``Validator.slice``), splits them into stored and new workers and draws ids for the new ones, while this thread
writes the previous slice:

1. new workers, in NIK order, with ids from the table's own sequence, straight into ``registry_worker``, and their
   source records straight into ``registry_workersource`` (PostgreSQL ``COPY``; ``executemany`` on SQLite);
2. stored workers: their stored values are read and compared in polars; only the changed ones are written, through
   a temporary table and one ``UPDATE``, with their history (old and new values); then their source records where
   they differ;
3. then the issues, fresh statistics and likely duplicates (found in polars).

The caller runs all of it inside one transaction: a failure, a cancel or a killed worker leaves the registry
exactly as it was. A file loaded twice finds nothing to change the second time and writes no worker at all.
"""

from __future__ import annotations

import io
import json
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl
import psycopg
from django.db import connection
from psycopg.copy import QueuedLibpqWriter

from jaring.lib import clock
from jaring.registry.models import Source

from .validate import Issues, Validator

# Text fields: a non-empty value in the file replaces the stored one; an empty value never blanks it.
TEXT_FIELDS = ["kk", "name", "sex", "address", "rt", "rw", "occupation", "phone"]
# Nullable fields: a value in the file replaces the stored one; NULL keeps it.
NULLABLE_FIELDS = ["birth_date", "p3ke_decile", "dtks_decile", "dtsen_decile", "dukcapil_match"]
TRACKED = TEXT_FIELDS + NULLABLE_FIELDS + ["kelurahan_id", "in_dtks"]
BOOLEAN_FIELDS = {"in_dtks", "dukcapil_match", "bpjs_active", "apbd_funded", "deceased"}
DATE_FIELDS = {"birth_date"}
DECILE_FIELDS = {"p3ke_decile", "dtks_decile", "dtsen_decile"}
WORKER_TEXT = TEXT_FIELDS + ["nik", "verification", "review_reasons"]
SOURCE_TEXT = ["source", "family_id", "person_id"]
CHUNK_ROWS = 100_000
DUPLICATE_KEYS = ["name", "birth_date", "kelurahan_id", "kk"]

logger = logging.getLogger(__name__)
IMPORT_LOCK = 7_400_001  # pg_advisory_xact_lock key: one registry load at a time


def _source_decile(source: str) -> pl.Expr:
    """The decile a source record keeps: the source's own welfare ranking."""
    return {
        Source.P3KE: pl.col("p3ke_decile"),
        Source.DTKS: pl.col("dtks_decile"),
        Source.DTSEN: pl.col("dtsen_decile"),
        Source.TEMPLATE: pl.coalesce("p3ke_decile", "dtsen_decile"),
    }[source].cast(pl.Int16)


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
    total: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    flagged: int
    duplicates_queued: int
    steps: list[tuple[str, float]] | None = None


class Cancelled(Exception):
    pass


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _copy_out(cursor, sql: str, params: list, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of ``sql`` as a polars frame, through PostgreSQL ``COPY … TO STDOUT`` (``cursor``: psycopg's)."""
    buffer = io.BytesIO()
    with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params or None) as copy:
        for block in copy:
            buffer.write(block)
    if not buffer.tell():
        return pl.DataFrame(schema=schema)
    return pl.read_csv(buffer.getvalue(), has_header=False, schema=schema)


class _Database:
    """The few primitives that differ between PostgreSQL and SQLite: read a query into polars, write a frame into
    a table, create a temporary table."""

    def __init__(self, cursor):
        self.cursor = cursor
        self.postgres = _postgres()

    # --- reading ----------
    def column(self, name: str, kind: str = "") -> str:
        """A select-list entry that reads back as an integer or text on both backends."""
        # A cast on SQLite too: an expression has no declared type, so the driver's converters leave it alone.
        if kind == "bool":
            return f"CAST({name} AS integer) AS {name}"
        if kind == "date":
            return f"CAST({name} AS text) AS {name}"
        return name

    def read(self, sql: str, params: list, schema: dict[str, pl.DataType]) -> pl.DataFrame:
        if self.postgres:
            return _copy_out(self.cursor.cursor, sql, params, schema)
        self.cursor.execute(sql, params)
        parts = []
        while rows := self.cursor.fetchmany(CHUNK_ROWS):
            parts.append(pl.DataFrame(rows, schema=schema, orient="row"))
        return pl.concat(parts) if parts else pl.DataFrame(schema=schema)

    def ids_filter(self, column: str, ids: pl.Series) -> tuple[str, list]:
        """``column`` is one of ``ids``, as a WHERE condition with its parameter."""
        if self.postgres:
            return f"{column} = ANY(%s::bigint[])", [ids.to_list()]
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids.to_list())]

    # --- writing ----------
    def write(
        self,
        table: str,
        frame: pl.DataFrame,
        text_columns: list[str],
        constants: dict | None = None,
        order: pl.Series | None = None,
    ) -> None:
        """Append ``frame`` to ``table`` (columns by name), in ``order`` (row positions) if given, with
        ``constants`` (column -> int or str) on every row. Text columns are never NULL (empty instead).

        Everything is done a slice at a time, so no second copy of a million rows is ever made."""
        if frame.height == 0:
            return
        constants = constants or {}
        if order is None:
            chunks = frame.iter_slices(CHUNK_ROWS)
        else:
            chunks = (frame[order[i : i + CHUNK_ROWS]] for i in range(0, frame.height, CHUNK_ROWS))
        if self.postgres:
            columns = [*frame.columns, *constants]
            text = [c for c in columns if c in text_columns]
            force = f", FORCE_NOT_NULL ({', '.join(text)})" if text else ""  # an empty field is '' there, not NULL
            raw = self.cursor.cursor
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv{force})"
            with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
                # The queued writer sends one slice from a thread while polars formats the next.
                for chunk in chunks:
                    chunk = chunk.with_columns([pl.lit(value).alias(column) for column, value in constants.items()])
                    copy.write(chunk.write_csv(include_header=False, null_value="", quote_style="necessary").encode())
            return
        # Constants, and the columns that hold one value throughout a slice (a P3KE file has no DTSEN decile, most
        # rows need no review), are written into the statement: each is NULL, an int or plain text, so executemany
        # binds only what differs per row. Rows are streamed column-wise, never built as a list.
        for chunk in chunks:
            chunk = chunk.with_columns(
                [pl.col(c).fill_null("") for c in chunk.columns if c in text_columns]
                + [pl.col(c).cast(pl.String) for c, dtype in chunk.schema.items() if dtype in (pl.Date, pl.Datetime)]
            )
            fixed = {}
            if chunk.height > 1:
                fixed = {c: chunk[c][0] for c in chunk.columns if _single_value(chunk[c])}
            varying = [c for c in chunk.columns if c not in fixed]
            literals = {**fixed, **constants}
            values = ["%s"] * len(varying) + [_sql_literal(v) for v in literals.values()]
            sql = f"INSERT INTO {table} ({', '.join([*varying, *literals])}) VALUES ({', '.join(values)})"
            self.cursor.executemany(sql, zip(*[chunk[c].to_list() for c in varying], strict=True))

    def temp_table(self, name: str, frame: pl.DataFrame, text_columns: list[str]) -> None:
        """A temporary table shaped like ``frame``, filled with it (dropped at commit on PostgreSQL)."""
        types = {pl.Int64: "bigint", pl.Int32: "integer", pl.Int16: "smallint", pl.Boolean: "boolean", pl.Date: "date"}
        columns = ", ".join(f"{c} {types.get(dtype, 'text')}" for c, dtype in frame.schema.items())
        if self.postgres:
            self.cursor.execute(f"DROP TABLE IF EXISTS {name}")
            self.cursor.execute(f"CREATE TEMP TABLE {name} ({columns}) ON COMMIT DROP")
        else:
            self.cursor.execute(f"DROP TABLE IF EXISTS temp.{name}")
            self.cursor.execute(f"CREATE TEMP TABLE {name} ({columns})")
        self.write(name, frame, text_columns)

    def drop_temp(self, name: str) -> None:
        self.cursor.execute(f"DROP TABLE IF EXISTS {'' if self.postgres else 'temp.'}{name}")

    def now_literal(self, now) -> str:
        """``now`` as the text the backend stores for a timestamp column."""
        return now.isoformat() if self.postgres else connection.ops.adapt_datetimefield_value(now)


def side_connection_params() -> dict:
    """Parameters for a second PostgreSQL connection to the same database, beside the load's own transaction."""
    params = connection.get_connection_params()
    return {k: v for k, v in params.items() if k not in ("cursor_factory", "context")}


class _WorkerIds:
    """New worker ids, drawn by the thread that prepares the slices.

    PostgreSQL: ``nextval`` of the table's own sequence, on a second connection (a sequence is not transactional,
    so ids drawn there are as good as ids drawn in the load's transaction, and the load's connection stays free
    for writing); people adding workers by hand at the same moment never collide with them, and the ids of a
    rolled-back load are simply skipped. SQLite: the ids after the highest one, read under the write lock the
    load already holds."""

    def __init__(self, db: _Database):
        self.connection = None
        if db.postgres:
            db.cursor.execute("SELECT pg_get_serial_sequence('registry_worker', 'id')")
            self.sequence = db.cursor.fetchone()[0]
            self.params = side_connection_params()
        else:
            db.cursor.execute(
                "SELECT max(COALESCE((SELECT max(id) FROM registry_worker), 0), "
                "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'registry_worker'), 0))"
            )
            self.next = db.cursor.fetchone()[0] + 1

    def take(self, count: int) -> pl.Series:
        if not hasattr(self, "sequence"):
            first, self.next = self.next, self.next + count
            return pl.int_range(first, first + count, dtype=pl.Int64, eager=True).alias("id")
        if self.connection is None:
            self.connection = psycopg.connect(autocommit=True, **self.params)
        sql = "SELECT nextval(%s::regclass) FROM generate_series(1, %s)"
        with self.connection.cursor() as cursor:
            return _copy_out(cursor, sql, [self.sequence, count], {"id": pl.Int64})["id"]

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


@dataclass
class _Slice:
    """One slice, checked and split, ready to be written."""

    problems: pl.DataFrame
    known: pl.DataFrame | None  # rows of workers already in the registry (with their worker_id)
    workers: pl.DataFrame | None  # new workers, with ids, in NIK order
    sources: pl.DataFrame | None  # their source records


def _prepare(validator: Validator, offset: int, length: int, registry: pl.DataFrame, ids: _WorkerIds, source: str):
    """Check one slice and split it into stored and new workers (runs in the checking thread)."""
    accepted, problems = validator.slice(offset, length)
    known = None
    if registry.height:
        accepted = accepted.join(registry, on="nik", how="left")
        known = accepted.filter(pl.col("worker_id").is_not_null())
        accepted = accepted.filter(pl.col("worker_id").is_null()).drop("worker_id")
    workers = sources = None
    if accepted.height:
        workers, sources = _new_rows(ids, accepted, source)
    return _Slice(problems=problems, known=known, workers=workers, sources=sources)


def _single_value(column: pl.Series) -> bool:
    """The column holds one value (or only NULL) throughout: a comparison, cheaper than counting distinct values."""
    first = column[0]
    if first is None:
        return column.null_count() == column.len()
    return column.null_count() == 0 and bool((column == first).all())


def _sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(int(value))
    return "'" + str(value).replace("'", "''").replace("%", "%%") + "'"


def _lock(db: _Database, batch_id: int) -> None:
    if db.postgres:
        db.cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
        db.cursor.execute("SET LOCAL synchronous_commit = off")
        db.cursor.execute("SET LOCAL work_mem = '256MB'")
    else:
        # Take SQLite's write lock now: ids continue after the highest one, which nobody may change meanwhile.
        db.cursor.execute("UPDATE registry_importbatch SET progress = progress WHERE id = %s", [batch_id])


def load_file(*, validator: Validator, source: str, batch_id: int, check_cancel, progress=None) -> LoadResult:
    """Check and load the file of ``validator`` for ``batch_id``. Must run inside ``transaction.atomic``.

    The file is checked a slice at a time in a second thread while the previous slice is written, so the database
    and the checks work at the same moment. ``progress(done_rows, total_rows)``, if given, is called after each
    slice is written.
    """
    now = clock.now()
    timer = _Timer()
    with connection.cursor() as cursor:
        db = _Database(cursor)
        _lock(db, batch_id)
        # One read of (nik, id) for the whole registry, joined to each slice in polars.
        registry = db.read("SELECT nik, id FROM registry_worker", [], {"nik": pl.String, "worker_id": pl.Int64})
        timer("match")
        created = unchanged = 0
        problem_parts, fresh_keys, changed_parts, new_workers = [], [], [], []
        stamp = db.now_literal(now)
        ids = _WorkerIds(db)
        slices = validator.slices()
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="jaring-check") as checker:

                def prepare(index: int):
                    return checker.submit(_prepare, validator, *slices[index], registry, ids, source)

                pending = prepare(0) if slices else None
                finishing = None
                for index in range(len(slices)):
                    part = pending.result()
                    problem_parts.append(part.problems)
                    if index + 1 < len(slices):
                        pending = prepare(index + 1)
                    else:
                        # Every row is checked: the issue rows' original values are read again from the file
                        # while the last writes run.
                        validator.release_rows()
                        finishing = checker.submit(validator.finish, problem_parts)
                    if part.known is not None and part.known.height:
                        # Workers that exist: compared in polars; only the changed ones are written (with their
                        # history), then their source records (new inserted, changed updated, identical untouched).
                        changed = _update_known(db, part.known, batch_id, now)
                        _upsert_known_sources(db, part.known, source, batch_id, now)
                        changed_parts.append(changed)
                        unchanged += part.known.height - changed.len()
                    if part.workers is not None:
                        fresh_keys.append(part.workers.select("id", *DUPLICATE_KEYS))
                        _write_sources(db, part.sources, source, batch_id, stamp)
                        if db.postgres:
                            # PostgreSQL writes the new workers of all slices at the end, in one NIK order: runs
                            # per slice would split index pages all over the unique index (measured: 60% slower).
                            new_workers.append(part.workers)
                        else:
                            _write_workers(db, part.workers, batch_id, stamp)
                        created += part.workers.height
                    del part
                    if progress is not None:
                        progress(min(slices[index][0] + slices[index][1], validator.total), validator.total)
                    check_cancel()
                if finishing is None:  # an empty file
                    finishing = checker.submit(validator.finish, problem_parts)
                if new_workers:
                    workers = pl.concat(new_workers, rechunk=False)
                    new_workers.clear()
                    _write_workers(db, workers, batch_id, stamp)
                    del workers
                timer("check and write")
                found = finishing.result()
        finally:
            ids.close()
        del problem_parts
        changed_ids = pl.concat(changed_parts) if changed_parts else pl.Series("worker_id", [], dtype=pl.Int64)

        # Issues (rejected and flagged rows) with their original values.
        _write_issues(cursor, found, batch_id)
        timer("issues")

        updated = changed_ids.len()
        if created + updated > 1000:
            # Fresh statistics, or the planner picks sequential scans for the list pages after a big load.
            cursor.execute("ANALYZE registry_worker")
            cursor.execute("ANALYZE registry_workersource")
            timer("analyze")

        # Likely duplicates with other NIKs.
        queued = 0
        if created or updated:
            fresh = pl.concat(fresh_keys) if fresh_keys else None
            queued = _queue_duplicates(db, batch_id, fresh, changed_ids, registry.height > 0, now)
        timer("duplicates")
        check_cancel()
    return LoadResult(
        total=validator.total,
        created=created,
        updated=updated,
        unchanged=unchanged,
        rejected=found.rejected,
        flagged=found.flagged,
        duplicates_queued=queued,
        steps=timer.steps,
    )


def _stored(db: _Database, ids: pl.Series, target: dict[str, pl.DataType]) -> pl.DataFrame:
    """The stored values of the workers ``ids``, typed like the staged rows."""
    kinds = {f: "bool" if f in BOOLEAN_FIELDS else "date" if f in DATE_FIELDS else "" for f in TRACKED}
    select = ", ".join(["id"] + [db.column(f, kinds[f]) for f in TRACKED] + ["verification", "review_reasons"])
    schema = {"worker_id": pl.Int64}
    for f in TRACKED:
        schema[f] = pl.Int64 if kinds[f] == "bool" or f in DECILE_FIELDS or f == "kelurahan_id" else pl.String
    schema |= {"verification": pl.String, "review_reasons": pl.String}
    condition, params = db.ids_filter("id", ids)
    frame = db.read(f"SELECT {select} FROM registry_worker WHERE {condition}", params, schema)
    casts = []
    for f in TRACKED:
        if kinds[f] == "bool":
            casts.append(pl.col(f).cast(pl.Boolean))
        elif kinds[f] == "date":
            casts.append(pl.col(f).str.to_date("%Y-%m-%d"))
        elif f in TEXT_FIELDS:
            casts.append(pl.col(f).fill_null(""))
        else:
            casts.append(pl.col(f).cast(target[f]))
    return frame.with_columns(casts).with_columns(pl.col("review_reasons").fill_null(""))


def _update_known(db: _Database, known: pl.DataFrame, batch_id: int, now) -> pl.Series:
    """Update the stored workers whose values this file changes; return their ids."""
    stored = _stored(db, known["worker_id"], known.schema).rename(
        {f: f"o_{f}" for f in TRACKED + ["verification", "review_reasons"]}
    )
    rows = known.join(stored, on="worker_id", how="inner")
    new = {}
    for f in TEXT_FIELDS:
        value = pl.col(f).fill_null("")
        new[f] = pl.when(value != "").then(value).otherwise(pl.col(f"o_{f}"))
    for f in NULLABLE_FIELDS + ["in_dtks"]:
        new[f] = pl.coalesce(pl.col(f), pl.col(f"o_{f}"))
    new["kelurahan_id"] = pl.col("kelurahan_id")
    flag = pl.col("flag_reasons").fill_null("")
    rows = rows.with_columns([new[f].alias(f"n_{f}") for f in TRACKED]).with_columns(flag.alias("flag_reasons"))
    differs = pl.any_horizontal([pl.col(f"n_{f}").ne_missing(pl.col(f"o_{f}")) for f in TRACKED])
    review = (flag != "") & (flag != pl.col("o_review_reasons")) & (pl.col("o_verification") != "verified")
    changed = rows.filter(differs | review)
    if changed.height == 0:
        return changed["worker_id"]

    update = changed.select(
        "worker_id",
        *[pl.col(f"n_{f}").alias(f) for f in TRACKED],
        pl.when((flag != "") & (pl.col("o_verification") != "verified"))
        .then(pl.lit("needs_review"))
        .otherwise(pl.col("o_verification"))
        .alias("verification"),
        pl.when(flag != "").then(flag).otherwise(pl.col("o_review_reasons")).alias("review_reasons"),
    )
    db.temp_table("import_changed", update, WORKER_TEXT)
    assignments = ", ".join(f"{f} = c.{f}" for f in TRACKED + ["verification", "review_reasons"])
    db.cursor.execute(
        f"UPDATE registry_worker SET {assignments}, updated_at = %s FROM import_changed c "
        "WHERE registry_worker.id = c.worker_id",
        [db.now_literal(now)],
    )
    _write_history(db, changed, batch_id, now)
    return changed["worker_id"]


def _write_history(db: _Database, changed: pl.DataFrame, batch_id: int, now) -> None:
    """One history row per changed worker: the fields that changed, with their old and new values."""
    columns = ["worker_id"] + [f"o_{f}" for f in TRACKED] + [f"n_{f}" for f in TRACKED]
    worker_ids, changes = [], []
    for row in changed.select(columns).iter_rows():
        values = {}
        for i, field in enumerate(TRACKED):
            old, new = row[1 + i], row[1 + len(TRACKED) + i]
            if old != new:
                values[field] = [_plain(old), _plain(new)]
        worker_ids.append(row[0])
        changes.append(json.dumps(values, ensure_ascii=False))
    history = pl.DataFrame({"worker_id": worker_ids, "changes": changes})
    constants = {"kind": "updated", "batch_id": batch_id, "at": db.now_literal(now), "note": ""}
    db.write("registry_workerchange", history, ["kind", "changes", "note"], constants)


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _new_rows(ids: _WorkerIds, fresh: pl.DataFrame, source: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows of new workers (new ids, in NIK order) and of their source records."""
    fresh = fresh.sort("nik")
    fresh = fresh.with_columns(ids.take(fresh.height).alias("worker_id"))
    flag = pl.col("flag_reasons").fill_null("")
    workers = fresh.select(
        pl.col("worker_id").alias("id"),
        "nik",
        *TEXT_FIELDS,
        "birth_date",
        "kelurahan_id",
        "p3ke_decile",
        "dtks_decile",
        pl.col("in_dtks").fill_null(False),
        "dtsen_decile",
        "dukcapil_match",
        pl.when(flag != "").then(pl.lit("needs_review")).otherwise(pl.lit("unverified")).alias("verification"),
        flag.alias("review_reasons"),
    )
    sources = fresh.select("worker_id", "family_id", "person_id", _source_decile(source).alias("decile"), "row_number")
    return workers, sources


def _write_workers(db: _Database, workers: pl.DataFrame, batch_id: int, stamp: str) -> None:
    """New workers in NIK order: the unique index then grows at its right edge."""
    constants = {
        "bpjs_active": False,
        "apbd_funded": False,
        "deceased": False,
        "created_batch_id": batch_id,
        "created_at": stamp,
        "updated_at": stamp,
    }
    order = workers.get_column("nik").arg_sort()
    db.write("registry_worker", workers, WORKER_TEXT, constants, order=order)


def _write_sources(db: _Database, sources: pl.DataFrame, source: str, batch_id: int, stamp: str) -> None:
    constants = {"source": source, "batch_id": batch_id, "updated_at": stamp}
    db.write("registry_workersource", sources, SOURCE_TEXT, constants)


def _upsert_known_sources(db: _Database, known: pl.DataFrame, source: str, batch_id: int, now) -> None:
    condition, params = db.ids_filter("worker_id", known["worker_id"])
    stored = db.read(
        f"SELECT worker_id, family_id, person_id, decile FROM registry_workersource WHERE source = %s AND {condition}",
        [source, *params],
        {"worker_id": pl.Int64, "o_family_id": pl.String, "o_person_id": pl.String, "o_decile": pl.Int64},
    ).with_columns(pl.col("o_family_id").fill_null(""), pl.col("o_person_id").fill_null(""), pl.lit(True).alias("o"))
    rows = known.select(
        "worker_id",
        pl.col("family_id").fill_null(""),
        pl.col("person_id").fill_null(""),
        _source_decile(source).cast(pl.Int64).alias("decile"),
        "row_number",
    ).join(stored, on="worker_id", how="left")
    missing = rows.filter(pl.col("o").is_null())
    db.write(
        "registry_workersource",
        missing.select("worker_id", "family_id", "person_id", "decile", "row_number").sort("worker_id"),
        SOURCE_TEXT,
        {"source": source, "batch_id": batch_id, "updated_at": db.now_literal(now)},
    )
    differs = (
        pl.col("family_id").ne_missing(pl.col("o_family_id"))
        | pl.col("person_id").ne_missing(pl.col("o_person_id"))
        | pl.col("decile").ne_missing(pl.col("o_decile"))
    )
    changed = rows.filter(pl.col("o").is_not_null() & differs).select(
        "worker_id", "family_id", "person_id", "decile", "row_number"
    )
    if changed.height:
        db.temp_table("import_sources", changed, SOURCE_TEXT)
        db.cursor.execute(
            "UPDATE registry_workersource SET family_id = s.family_id, person_id = s.person_id, decile = s.decile, "
            "batch_id = %s, row_number = s.row_number, updated_at = %s FROM import_sources s "
            "WHERE registry_workersource.worker_id = s.worker_id AND registry_workersource.source = %s",
            [batch_id, db.now_literal(now), source],
        )
        db.drop_temp("import_sources")


def _write_issues(cursor, staged: Issues, batch_id: int) -> None:
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


def _queue_duplicates(
    db: _Database, batch_id: int, fresh: pl.DataFrame | None, changed_ids: pl.Series, had_workers: bool, now
) -> int:
    """Pairs of live workers with different NIKs and the same name and birth date in one kelurahan, or the same
    KK and name, where at least one of them was created or changed by this batch.

    Found in polars: the new workers' keys are at hand; the other live workers (with the changed ones' new values)
    are read once, and only when the registry had workers before this load. Pairs already queued stay as they are.
    """
    members = []
    if fresh is not None and fresh.height:
        members.append(fresh.with_columns(pl.lit(True).alias("touched")))
    if had_workers:
        select = ", ".join(["id", "name", db.column("birth_date", "date"), "kelurahan_id", "kk"])
        others = db.read(
            f"SELECT {select} FROM registry_worker WHERE merged_into_id IS NULL "
            "AND (created_batch_id IS NULL OR created_batch_id <> %s)",
            [batch_id],
            {"id": pl.Int64, "name": pl.String, "birth_date": pl.String, "kelurahan_id": pl.Int64, "kk": pl.String},
        )
        members.append(
            others.with_columns(
                pl.col("birth_date").str.to_date("%Y-%m-%d"),
                pl.col("kk").fill_null(""),
                pl.col("id").is_in(changed_ids.implode()).alias("touched"),
            ).select(members[0].columns if members else ["id", *DUPLICATE_KEYS, "touched"])
        )
    if not members:
        return 0
    everyone = pl.concat(members, how="vertical_relaxed")
    pairs = []
    for reason, keys, condition in [
        ("name_dob", ["name", "birth_date", "kelurahan_id"], pl.col("birth_date").is_not_null()),
        ("kk_name", ["kk", "name"], pl.col("kk") != ""),
    ]:
        group = everyone.lazy().filter(condition).select("id", "touched", *keys)
        shared = (
            group.group_by(keys)
            .agg(pl.len().alias("n"), pl.col("touched").any().alias("any_touched"))
            .filter((pl.col("n") > 1) & pl.col("any_touched"))
            .select(keys)
        )
        grouped = group.join(shared, on=keys, how="semi")
        pairs.append(
            grouped.join(grouped, on=keys, suffix="_b")
            .filter((pl.col("id") < pl.col("id_b")) & (pl.col("touched") | pl.col("touched_b")))
            .select(
                pl.col("id").alias("worker_a_id"), pl.col("id_b").alias("worker_b_id"), pl.lit(reason).alias("reason")
            )
            .collect()
        )
    found = pl.concat(pairs)
    if found.height == 0:
        return 0
    db.temp_table("import_pairs", found, ["reason"])
    db.cursor.execute(
        "INSERT INTO registry_duplicatecandidate (worker_a_id, worker_b_id, reason, decision, note, created_at) "
        "SELECT worker_a_id, worker_b_id, reason, 'pending', '', %s FROM import_pairs "
        "ORDER BY worker_a_id, worker_b_id ON CONFLICT (worker_a_id, worker_b_id) DO NOTHING",
        [db.now_literal(now)],
    )
    queued = max(db.cursor.rowcount, 0)
    db.drop_temp("import_pairs")
    return queued
