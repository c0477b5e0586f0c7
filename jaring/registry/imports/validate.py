"""Stage one of an import: validate every row, set-based, into a staging frame with a fate per row.

Each check is a polars expression over the whole column, so a million rows take seconds, not minutes. The NIK
rules mirror ``stdnum.id.nik`` exactly (16 digits, a known province, a valid date with 40 added to the day for
women); ``jaring.registry.nik`` uses python-stdnum itself for single entries, and the tests check that both
agree.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import polars as pl

from jaring.lib import clock
from jaring.registry.models import Source
from jaring.registry.nik import VALID_PROVINCES
from jaring.wilayah.lookup import KelurahanLookup

from .reader import RawTable

# Reason codes -> (kind, message template). {} placeholders are filled per row.
REJECT = "rejected"
FLAG = "flagged"

EXCEL_EPOCH = datetime.date(1899, 12, 30)
ROUNDED_SHARE = 0.5  # a file whose 16-digit NIKs end in 0 this often was rounded by Excel
ROUNDED_MIN_ROWS = 20
SLICE_ROWS = 100_000
FIRST_SLICE_ROWS = 20_000

TEXT_COLUMNS = [
    "nik",
    "kk",
    "name",
    "sex",
    "birth_date",
    "address",
    "rt",
    "rw",
    "kelurahan",
    "kelurahan_code",
    "occupation",
    "phone",
    "decile",
    "p3ke_decile",
    "dtsen_decile",
    "in_dtks",
    "family_id",
    "person_id",
    "dukcapil_match",
]


@dataclass
class Issues:
    issues: pl.DataFrame  # rejected and flagged rows: row_number, outcome, nik, reasons, codes
    originals: pl.DataFrame  # the file's own values for those rows (every column, as text)
    rejected: int
    flagged: int


@dataclass
class Staged:
    accepted: pl.DataFrame  # rows to load, typed, with "flag_reasons" (may be empty) and "row_number"
    issues: pl.DataFrame  # rejected and flagged rows: row_number, outcome, nik, reasons, codes
    originals: pl.DataFrame  # the file's own values for the issue rows (every column, as text)
    total: int
    rejected: int
    flagged: int


def _ensure_columns(frame: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in TEXT_COLUMNS if c not in frame.columns]
    if missing:
        frame = frame.with_columns([pl.lit("").alias(c) for c in missing])
    return frame


def _parse_date(col: str) -> pl.Expr:
    """DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, YYYY-MM-DD, YYYY/MM/DD or an Excel serial number."""
    raw = pl.col(col).str.strip_chars()
    text = raw.str.replace_all(r"[-.]", "/")
    parsed = (
        pl.when(text.str.contains(r"^\d{4}/"))
        .then(text.str.strptime(pl.Date, "%Y/%m/%d", strict=False))
        .otherwise(text.str.strptime(pl.Date, "%d/%m/%Y", strict=False))
    )
    serial = (
        pl.when(raw.str.contains(r"^\d{4,5}(\.0+)?$"))
        .then(
            pl.lit(EXCEL_EPOCH)
            + pl.duration(days=raw.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False).fill_null(0))
        )
        .otherwise(None)
    )
    return pl.coalesce([parsed, serial])


def _decile(col: str, low: int, high: int) -> tuple[pl.Expr, pl.Expr]:
    text = pl.col(col).str.strip_chars().str.replace(r"\.0+$", "")
    value = text.cast(pl.Int64, strict=False)
    bad = (text != "") & (value.is_null() | (value < low) | (value > high))
    return value.cast(pl.Int16), bad


def _yes_no(col: str) -> pl.Expr:
    text = pl.col(col).str.strip_chars().str.to_uppercase()
    return (
        pl.when(text.is_in(["YA", "Y", "1", "TRUE", "PADAN", "SESUAI"]))
        .then(True)
        .when(text.is_in(["TIDAK", "T", "0", "FALSE", "TIDAK PADAN", "BELUM PADAN", "TIDAK SESUAI"]))
        .then(False)
        .otherwise(None)
    )


def _collect(checks, kind: str, what: str) -> pl.Expr:
    """The messages (or codes) of the checks of one kind that a row fails, as a list."""
    parts = [
        pl.when(pl.col(f"c{i}")).then(msg if what == "msg" else pl.lit(code)).otherwise(None)
        for i, (code, k, _, msg) in enumerate(checks)
        if k == kind
    ]
    return pl.concat_list(parts).list.drop_nulls()


class Validator:
    """Validation of one file in slices: file-wide facts first (Excel rounding, duplicate NIKs, kelurahan names),
    then ``slice(offset)`` checks ``SLICE_ROWS`` rows at a time (a loader can write one slice while the next is
    checked), and ``finish`` turns the problem rows into issues."""

    def __init__(self, raw: RawTable, source: str, lookup: KelurahanLookup, today: datetime.date | None = None):
        today = today or clock.today()
        frame = _ensure_columns(raw.frame)
        if raw.nik_numeric is not None:
            frame = frame.with_columns(raw.nik_numeric.alias("nik_numeric"))
        else:
            frame = frame.with_columns(pl.lit(False).alias("nik_numeric"))

        # --- NIK: what needs the whole file ----------
        nik_raw = pl.col("nik").str.strip_chars().str.strip_chars_start("'")
        compact = nik_raw.str.replace_all(r"[\s.\-]", "")
        niks = (
            frame.lazy()
            .select("row_number", "nik_numeric", nik_raw.alias("nik_raw"), compact.alias("nik_compact"))
            .with_columns(pl.col("nik_compact").str.contains(r"^\d{16}$").alias("is_16"))
            .collect()
        )
        ends_0 = pl.col("nik_compact").str.ends_with("0")
        shape = niks.select(pl.col("is_16").sum(), (pl.col("is_16") & ends_0).sum().alias("zero")).row(0)
        rounded_file = shape[0] >= ROUNDED_MIN_ROWS and shape[1] / shape[0] >= ROUNDED_SHARE
        pairs = frame.select("kelurahan_code", "kelurahan").unique()
        total = frame.height
        # Duplicate NIKs inside the file: only NIKs that occur more than once, with their first row (a few
        # hundred in a million), so each slice's check is a join against a tiny frame.
        damaged_all = (
            pl.col("nik_raw").str.contains(r"^\d([.,]\d+)?[eE]\+?\d+$")
            | pl.col("nik_raw").str.contains(r"^\d{13,17}[.,]0+$")
            | (pl.col("nik_numeric") & pl.col("is_16") & ends_0)
            | (pl.lit(rounded_file) & pl.col("is_16") & ends_0)
        )
        firsts = (
            niks.lazy()
            .filter(pl.col("is_16") & pl.col("nik_compact").is_duplicated())
            .filter(~damaged_all)
            .group_by("nik_compact")
            .agg(pl.col("row_number").min().alias("first_row"))
            .filter(pl.col("first_row").is_not_null())
            .collect()
        )
        del niks
        # Kelurahan: each distinct (code, name) pair of the file looked up once.
        resolved = []
        for code, name in pairs.iter_rows():
            ref = lookup.by_code(code) if code else None
            ref = ref or (lookup.by_name(name) if name else None) or (lookup.by_name(code) if code else None)
            resolved.append((code, name, ref.id if ref else None))
        self.resolved = pl.DataFrame(
            resolved,
            schema={"kelurahan_code": pl.String, "kelurahan": pl.String, "kelurahan_id": pl.Int64},
            orient="row",
        )
        self.raw, self.source, self.today, self.total = raw, source, today, total
        self.base, self.rounded_file, self.firsts = frame, rounded_file, firsts

    def slices(self) -> list[tuple[int, int]]:
        """(offset, length) of each slice. The first is small, so a loader that writes while the next slice is
        checked starts writing early."""
        first = min(FIRST_SLICE_ROWS, SLICE_ROWS)
        rest = range(first, self.total, SLICE_ROWS)
        return ([(0, first)] if self.total else []) + [(offset, SLICE_ROWS) for offset in rest]

    def slice(self, offset: int, length: int = SLICE_ROWS) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The accepted rows among ``SLICE_ROWS`` rows from ``offset`` (flag reasons included) and the rows with a
        problem (every column kept, for ``finish``)."""
        source, today, rounded_file, firsts = self.source, self.today, self.rounded_file, self.firsts
        base, resolved_frame = self.base, self.resolved
        nik_raw = pl.col("nik").str.strip_chars().str.strip_chars_start("'")
        compact = nik_raw.str.replace_all(r"[\s.\-]", "")
        # From here on the frame is lazy: polars keeps only the columns the result needs, not every intermediate.
        frame = base.slice(offset, length).lazy().with_columns(nik_raw.alias("nik_raw"), compact.alias("nik_compact"))
        is_16 = pl.col("nik_compact").str.contains(r"^\d{16}$")
        excel_damaged = (
            pl.col("nik_raw").str.contains(r"^\d([.,]\d+)?[eE]\+?\d+$")
            | pl.col("nik_raw").str.contains(r"^\d{13,17}[.,]0+$")
            | (pl.col("nik_numeric") & is_16 & pl.col("nik_compact").str.ends_with("0"))
            | (pl.lit(rounded_file) & is_16 & pl.col("nik_compact").str.ends_with("0"))
        )
        day_raw = pl.col("nik_compact").str.slice(6, 2).cast(pl.Int32, strict=False)
        month = pl.col("nik_compact").str.slice(8, 2).cast(pl.Int32, strict=False)
        yy = pl.col("nik_compact").str.slice(10, 2).cast(pl.Int32, strict=False)
        day = day_raw % 40
        feb_days = pl.when(yy % 4 == 0).then(29).otherwise(28)
        days_in_month = pl.when(month == 2).then(feb_days).when(month.is_in([4, 6, 9, 11])).then(30).otherwise(31)
        date_ok = (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month)
        frame = frame.with_columns(
            excel_damaged.alias("nik_excel"),
            is_16.alias("nik_16"),
            pl.col("nik_compact").str.slice(0, 2).is_in(sorted(VALID_PROVINCES)).alias("nik_province_ok"),
            (date_ok & is_16 & ~excel_damaged).fill_null(False).alias("nik_date_ok"),
            day.alias("nik_day"),
            month.alias("nik_month"),
            yy.alias("nik_yy"),
            (day_raw > 40).alias("nik_female"),
        )

        # --- declared birth date and sex ----------
        frame = frame.with_columns(_parse_date("birth_date").alias("declared_birth"))
        current = today.year
        nik_year = (
            pl.when(
                pl.col("declared_birth").is_not_null() & (pl.col("declared_birth").dt.year() % 100 == pl.col("nik_yy"))
            )
            .then(pl.col("declared_birth").dt.year())
            .when(pl.col("nik_yy") + 2000 <= current)
            .then(pl.col("nik_yy") + 2000)
            .otherwise(pl.col("nik_yy") + 1900)
        )
        frame = frame.with_columns(
            pl.when(pl.col("nik_date_ok"))
            .then(pl.date(nik_year, pl.col("nik_month"), pl.col("nik_day")))
            .otherwise(None)
            .alias("nik_birth")
        )
        sex_text = pl.col("sex").str.strip_chars().str.to_uppercase().str.replace_all(r"[\s\-]", "")
        declared_sex = (
            pl.when(sex_text.is_in(["L", "LAKILAKI", "LAKI", "1", "M", "PRIA"]))
            .then(pl.lit("L"))
            .when(sex_text.is_in(["P", "PEREMPUAN", "2", "F", "W", "WANITA"]))
            .then(pl.lit("P"))
            .otherwise(None)
        )
        frame = frame.with_columns(
            declared_sex.alias("declared_sex"),
            pl.when(pl.col("nik_female")).then(pl.lit("P")).otherwise(pl.lit("L")).alias("nik_sex"),
        )

        # --- kelurahan (resolved once per file) ----------
        frame = frame.join(resolved_frame.lazy(), on=["kelurahan_code", "kelurahan"], how="left")

        # --- deciles by source ----------
        if source == Source.P3KE:
            p3ke, p3ke_bad = _decile("decile", 1, 4)
            dtks, dtks_bad = pl.lit(None, dtype=pl.Int16), pl.lit(False)
            dtsen, dtsen_bad = pl.lit(None, dtype=pl.Int16), pl.lit(False)
            in_dtks = pl.lit(None, dtype=pl.Boolean)
            decile_label = "P3KE"
        elif source == Source.DTKS:
            p3ke, p3ke_bad = pl.lit(None, dtype=pl.Int16), pl.lit(False)
            dtks, dtks_bad = _decile("decile", 1, 4)
            dtsen, dtsen_bad = pl.lit(None, dtype=pl.Int16), pl.lit(False)
            in_dtks = pl.lit(True)
            decile_label = "DTKS"
        elif source == Source.DTSEN:
            p3ke, p3ke_bad = pl.lit(None, dtype=pl.Int16), pl.lit(False)
            dtks, dtks_bad = pl.lit(None, dtype=pl.Int16), pl.lit(False)
            dtsen, dtsen_bad = _decile("decile", 1, 10)
            in_dtks = pl.lit(None, dtype=pl.Boolean)
            decile_label = "DTSEN"
        else:
            p3ke, p3ke_bad = _decile("p3ke_decile", 1, 4)
            dtks, dtks_bad = pl.lit(None, dtype=pl.Int16), pl.lit(False)
            dtsen, dtsen_bad = _decile("dtsen_decile", 1, 10)
            in_dtks = pl.when(_yes_no("in_dtks")).then(True).otherwise(None)
            decile_label = ""
        frame = frame.with_columns(
            p3ke.alias("p3ke_value"),
            dtks.alias("dtks_value"),
            dtsen.alias("dtsen_value"),
            in_dtks.alias("in_dtks_value"),
            p3ke_bad.alias("p3ke_bad"),
            dtks_bad.alias("dtks_bad"),
            dtsen_bad.alias("dtsen_bad"),
        )

        # --- other fields ----------
        name = pl.col("name").str.strip_chars().str.replace_all(r"\s+", " ")
        kk = pl.col("kk").str.strip_chars().str.strip_chars_start("'").str.replace_all(r"[\s.\-]", "")
        phone_digits = pl.col("phone").str.replace_all(r"\D", "")
        phone = (
            pl.when(phone_digits.str.starts_with("62"))
            .then(pl.lit("0") + phone_digits.str.slice(2))
            .otherwise(phone_digits)
        )
        frame = frame.with_columns(
            name.alias("name_clean"),
            kk.alias("kk_compact"),
            pl.when(phone.str.contains(r"^0\d{8,13}$")).then(phone).otherwise(pl.lit("")).alias("phone_clean"),
            pl.col("rt").str.replace_all(r"\D", "").str.slice(0, 3).str.zfill(3).alias("rt_clean"),
            pl.col("rw").str.replace_all(r"\D", "").str.slice(0, 3).str.zfill(3).alias("rw_clean"),
            _yes_no("dukcapil_match").alias("dukcapil_value"),
        )

        # --- duplicate NIKs inside the file (first occurrence wins) ----------
        frame = frame.join(firsts.lazy(), on="nik_compact", how="left")

        # --- reasons ----------
        shown_nik = pl.col("nik_raw")
        checks: list[tuple[str, str, pl.Expr, pl.Expr]] = [
            ("nik_missing", REJECT, pl.col("nik_raw") == "", pl.lit("NIK kosong.")),
            (
                "nik_excel",
                REJECT,
                (pl.col("nik_raw") != "") & pl.col("nik_excel"),
                pl.format(
                    "NIK “{}” rusak oleh Excel: angka 16 digit disimpan sebagai bilangan dan digit terakhirnya hilang. "
                    "Format kolom NIK sebagai Teks di Excel, isi ulang NIK dari sumbernya, lalu ekspor ulang.",
                    shown_nik,
                ),
            ),
            (
                "nik_format",
                REJECT,
                (pl.col("nik_raw") != "") & ~pl.col("nik_excel") & ~pl.col("nik_16"),
                pl.format("NIK “{}” harus 16 angka.", shown_nik),
            ),
            (
                "nik_region",
                REJECT,
                pl.col("nik_16") & ~pl.col("nik_excel") & ~pl.col("nik_province_ok"),
                pl.format("Kode provinsi NIK “{}” tidak dikenal.", shown_nik),
            ),
            (
                "nik_date",
                REJECT,
                pl.col("nik_16") & ~pl.col("nik_excel") & ~pl.col("nik_date_ok"),
                pl.format("Tanggal lahir di dalam NIK “{}” tidak valid.", shown_nik),
            ),
            (
                "nik_duplicate",
                REJECT,
                pl.col("first_row").is_not_null() & (pl.col("first_row") != pl.col("row_number")),
                pl.format(
                    "NIK {} sudah ada di baris {} berkas ini; baris ini dilewati.", shown_nik, pl.col("first_row")
                ),
            ),
            ("name_missing", REJECT, pl.col("name_clean") == "", pl.lit("Nama kosong.")),
            (
                "kelurahan_missing",
                REJECT,
                (pl.col("kelurahan") == "") & (pl.col("kelurahan_code") == ""),
                pl.lit("Kelurahan kosong."),
            ),
            (
                "kelurahan_unknown",
                REJECT,
                pl.col("kelurahan_id").is_null() & ((pl.col("kelurahan") != "") | (pl.col("kelurahan_code") != "")),
                pl.format(
                    "Kelurahan “{}” tidak dikenal atau di luar Jakarta Selatan.",
                    pl.when(pl.col("kelurahan") != "")
                    .then(
                        pl.when(pl.col("kelurahan_code") != "")
                        .then(pl.format("{} / {}", pl.col("kelurahan"), pl.col("kelurahan_code")))
                        .otherwise(pl.col("kelurahan"))
                    )
                    .otherwise(pl.col("kelurahan_code")),
                ),
            ),
            (
                "decile_range",
                REJECT,
                pl.col("p3ke_bad") | pl.col("dtks_bad"),
                pl.format(
                    "Desil {} harus 1 sampai 4 (tertulis “{}”).",
                    pl.lit(decile_label or "P3KE"),
                    pl.col("p3ke_decile" if source == Source.TEMPLATE else "decile"),
                ),
            ),
            (
                "decile_range",
                REJECT,
                pl.col("dtsen_bad"),
                pl.format(
                    "Desil DTSEN harus 1 sampai 10 (tertulis “{}”).",
                    pl.col("dtsen_decile" if source == Source.TEMPLATE else "decile"),
                ),
            ),
            (
                "birth_date_invalid",
                FLAG,
                (pl.col("birth_date") != "") & pl.col("declared_birth").is_null(),
                pl.format("Tanggal lahir “{}” tidak dapat dibaca; dipakai tanggal dari NIK.", pl.col("birth_date")),
            ),
            (
                "birth_date_mismatch",
                FLAG,
                pl.col("declared_birth").is_not_null()
                & pl.col("nik_birth").is_not_null()
                & (
                    (pl.col("declared_birth").dt.day() != pl.col("nik_day"))
                    | (pl.col("declared_birth").dt.month() != pl.col("nik_month"))
                    | (pl.col("declared_birth").dt.year() % 100 != pl.col("nik_yy"))
                ),
                pl.format(
                    "Tanggal lahir {} tidak sama dengan tanggal di NIK ({}).",
                    pl.col("declared_birth").dt.strftime("%d/%m/%Y"),
                    pl.col("nik_birth").dt.strftime("%d/%m/%y"),
                ),
            ),
            (
                "sex_mismatch",
                FLAG,
                pl.col("declared_sex").is_not_null()
                & pl.col("nik_date_ok")
                & (pl.col("declared_sex") != pl.col("nik_sex")),
                pl.format(
                    "Jenis kelamin “{}” tidak sesuai NIK (NIK menunjukkan {}).",
                    pl.col("sex"),
                    pl.when(pl.col("nik_sex") == "P").then(pl.lit("perempuan")).otherwise(pl.lit("laki-laki")),
                ),
            ),
            (
                "kk_invalid",
                FLAG,
                (pl.col("kk_compact") != "") & ~pl.col("kk_compact").str.contains(r"^\d{16}$"),
                pl.format("Nomor KK “{}” bukan 16 angka; tidak disimpan.", pl.col("kk")),
            ),
        ]
        # Booleans for every row (cheap); messages only for the few rows with a problem.
        frame = frame.with_columns([cond.fill_null(False).alias(f"c{i}") for i, (_, _, cond, _) in enumerate(checks)])
        reject_flags = [pl.col(f"c{i}") for i, (_, kind, _, _) in enumerate(checks) if kind == REJECT]
        flag_flags = [pl.col(f"c{i}") for i, (_, kind, _, _) in enumerate(checks) if kind == FLAG]
        frame = frame.with_columns(
            pl.any_horizontal(reject_flags).alias("is_rejected"),
            pl.any_horizontal(flag_flags).alias("is_flagged"),
        )
        accepted_columns = [
            "row_number",
            pl.col("nik_compact").alias("nik"),
            pl.when(pl.col("kk_compact").str.contains(r"^\d{16}$"))
            .then(pl.col("kk_compact"))
            .otherwise(pl.lit(""))
            .alias("kk"),
            pl.col("name_clean").str.slice(0, 150).alias("name"),
            pl.coalesce(pl.col("declared_sex"), pl.col("nik_sex")).alias("sex"),
            pl.coalesce(pl.col("declared_birth"), pl.col("nik_birth")).alias("birth_date"),
            pl.col("address").str.strip_chars().str.slice(0, 300).alias("address"),
            pl.when(pl.col("rt_clean") == "000").then(pl.lit("")).otherwise(pl.col("rt_clean")).alias("rt"),
            pl.when(pl.col("rw_clean") == "000").then(pl.lit("")).otherwise(pl.col("rw_clean")).alias("rw"),
            pl.col("kelurahan_id"),
            pl.col("occupation").str.strip_chars().str.replace_all(r"\s+", " ").str.slice(0, 100).alias("occupation"),
            pl.col("phone_clean").alias("phone"),
            pl.col("p3ke_value").alias("p3ke_decile"),
            pl.col("dtks_value").alias("dtks_decile"),
            pl.col("in_dtks_value").alias("in_dtks"),
            pl.col("dtsen_value").alias("dtsen_decile"),
            pl.col("dukcapil_value").alias("dukcapil_match"),
            pl.col("family_id").str.slice(0, 40).alias("family_id"),
            pl.col("person_id").str.slice(0, 40).alias("person_id"),
        ]
        accepted_part, problems_part = pl.collect_all(
            [
                frame.filter(~pl.col("is_rejected")).select(accepted_columns),
                frame.filter(pl.col("is_rejected") | pl.col("is_flagged")),  # few rows: every column kept
            ]
        )
        # Messages for this slice's few problem rows; flagged rows carry theirs into the accepted rows.
        problems_part = problems_part.with_columns(
            _collect(checks, REJECT, "msg").alias("reject_reasons"),
            _collect(checks, REJECT, "code").list.unique(maintain_order=True).alias("reject_codes"),
            _collect(checks, FLAG, "msg").alias("flag_reasons_list"),
            _collect(checks, FLAG, "code").alias("flag_codes"),
        )
        flag_text = problems_part.filter(~pl.col("is_rejected")).select(
            "row_number", pl.col("flag_reasons_list").list.join(" ").str.slice(0, 500).alias("flag_reasons")
        )
        accepted_part = accepted_part.join(flag_text, on="row_number", how="left").with_columns(
            pl.col("flag_reasons").fill_null("")
        )
        return accepted_part, problems_part

    def release_rows(self) -> None:
        """Let go of the file's rows once every slice is checked (``finish`` reads the issue rows again)."""
        self.base = None
        self.raw.frame = self.raw.frame.clear()
        self.raw.nik_numeric = None

    def finish(self, problem_parts: list[pl.DataFrame]) -> Issues:
        """The issues of the whole file, from the problem rows of every slice."""
        problems = pl.concat(problem_parts) if problem_parts else None
        if problems is None or problems.height == 0:
            empty = pl.DataFrame(
                schema={
                    "row_number": pl.Int64,
                    "outcome": pl.String,
                    "nik": pl.String,
                    "reasons": pl.String,
                    "codes": pl.String,
                }
            )
            return Issues(issues=empty, originals=pl.DataFrame(), rejected=0, flagged=0)
        issues = problems.select(
            "row_number",
            pl.when(pl.col("is_rejected")).then(pl.lit(REJECT)).otherwise(pl.lit(FLAG)).alias("outcome"),
            pl.col("nik_raw").str.slice(0, 40).alias("nik"),
            pl.when(pl.col("is_rejected"))
            .then(pl.concat_list("reject_reasons", "flag_reasons_list").list.join(" "))
            .otherwise(pl.col("flag_reasons_list").list.join(" "))
            .alias("reasons"),
            pl.when(pl.col("is_rejected"))
            .then(pl.concat_list("reject_codes", "flag_codes").list.join(","))
            .otherwise(pl.col("flag_codes").list.join(","))
            .str.slice(0, 200)
            .alias("codes"),
        ).sort("row_number")
        rejected = problems.filter(pl.col("is_rejected")).height
        originals = self.raw.originals(issues["row_number"].to_list())
        return Issues(issues=issues, originals=originals, rejected=rejected, flagged=issues.height - rejected)


def validate(raw: RawTable, source: str, lookup: KelurahanLookup, today: datetime.date | None = None) -> Staged:
    """Validate the whole file at once, for checking a file without loading it (the tests hold the rules to
    python-stdnum this way); the import itself streams ``Validator`` slice by slice."""
    validator = Validator(raw, source, lookup, today)
    accepted_parts, problem_parts = [], []
    for offset, length in validator.slices():
        accepted_part, problems_part = validator.slice(offset, length)
        accepted_parts.append(accepted_part)
        problem_parts.append(problems_part)
    found = validator.finish(problem_parts)
    accepted = pl.concat(accepted_parts) if accepted_parts else pl.DataFrame()
    return Staged(
        accepted=accepted,
        issues=found.issues,
        originals=found.originals,
        total=validator.total,
        rejected=found.rejected,
        flagged=found.flagged,
    )
