"""Read a CSV or .xlsx file into a polars DataFrame of strings, one column per recognised header."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .columns import map_headers


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user (Bahasa Indonesia)."""


@dataclass
class RawTable:
    frame: pl.DataFrame  # canonical columns as strings, plus "row_number" (1-based, the file's data rows)
    headers: list[str]  # the file's own headers, in order
    mapping: dict[str, str]  # file header -> canonical
    original: pl.DataFrame | None = None  # every column as text, with "row_number" (small files, Excel)
    nik_numeric: pl.Series | None = None  # per row: the NIK came from a numeric Excel cell
    originals_loader: Callable[[list[int]], pl.DataFrame] | None = None

    def originals(self, row_numbers: list[int]) -> pl.DataFrame:
        """Every column of the file, as text, for the given rows (the issue rows)."""
        if self.originals_loader is not None:
            return self.originals_loader(row_numbers)
        wanted = pl.DataFrame({"row_number": row_numbers}, schema={"row_number": pl.Int64})
        return self.original.join(wanted, on="row_number", how="semi")


XLSX_MAGIC = b"PK\x03\x04"


def _is_utf8(data: bytes) -> bool:
    """Validate UTF-8 in 8 MB pieces, so a large file is never held twice as a Python string."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    step = 8 * 1024 * 1024
    try:
        for start in range(0, len(view), step):
            decoder.decode(view[start : start + step], final=start + step >= len(view))
    except UnicodeDecodeError:
        return False
    return True


def _file_is_utf8(path: str) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(8 * 1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _sniff_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise ImportFileError("Baris judul berkas tidak memiliki pemisah kolom (koma, titik koma, atau tab).")
    return best


def _prepare_csv(data: bytes) -> tuple[bytes, str, list[str]]:
    """UTF-8 bytes (polars skips a BOM itself), the separator, and the header row. No copy for UTF-8 files."""
    if len(data) <= 65536 and not data.lstrip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportFileError("Berkas kosong.")
    if not _is_utf8(data):
        data = data.decode("cp1252", errors="replace").encode("utf-8")
    end = data.find(b"\n", 0, 65536)
    first_line = data[: end if end >= 0 else 65536].decode("utf-8", errors="replace")
    first_line = first_line.lstrip("\ufeff").rstrip("\r")
    if not first_line.strip():
        raise ImportFileError("Berkas kosong.")
    separator = _sniff_separator(first_line)
    headers = next(csv.reader([first_line], delimiter=separator))
    return data, separator, headers


def _csv_options(separator: str) -> dict:
    return {
        "separator": separator,
        "infer_schema": False,
        "has_header": True,
        "quote_char": '"',
        "truncate_ragged_lines": True,
    }


def read_csv_bytes(data: bytes, columns: list[str] | None = None) -> tuple[pl.DataFrame, list[str]]:
    """CSV with comma, semicolon, tab or pipe; UTF-8, UTF-8 with BOM or Windows-1252. Only ``columns`` are read."""
    data, separator, headers = _prepare_csv(data)
    try:
        frame = pl.read_csv(data, columns=columns, **_csv_options(separator))
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, pl.exceptions.ColumnNotFoundError) as error:
        raise ImportFileError(f"Berkas CSV tidak dapat dibaca: {str(error).splitlines()[0]}")
    return frame, headers


def _csv_originals(data: bytes, path: str | None = None) -> Callable[[list[int]], pl.DataFrame]:
    """Re-read every column of the file for a few rows, streaming, so the whole file is never held as a table.

    A UTF-8 file stored on disk is scanned from ``path``, so its bytes need not stay in memory meanwhile.
    """
    separator = _prepare_csv(data)[1]
    source = path if path is not None and _is_utf8(data) else None
    kept = None if source else data

    def load(row_numbers: list[int]) -> pl.DataFrame:
        scanned = source if source is not None else _prepare_csv(kept)[0]
        return (
            pl.scan_csv(scanned, **_csv_options(separator))
            .with_row_index("row_number", offset=1)
            .with_columns(pl.col("row_number").cast(pl.Int64))
            .filter(pl.col("row_number").is_in(row_numbers))
            .collect(engine="streaming")
        )

    return load


def _cell_to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "YA" if value else "TIDAK"
    if isinstance(value, float):
        if value.is_integer():
            return f"{value:.0f}"
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def read_xlsx_bytes(data: bytes) -> tuple[pl.DataFrame, list[str], list[bool] | None]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own error types
        raise ImportFileError(f"Berkas Excel tidak dapat dibaca: {error}")
    if not rows:
        raise ImportFileError("Lembar pertama berkas Excel kosong.")
    headers = [_cell_to_text(h) or f"kolom_{i + 1}" for i, h in enumerate(rows[0])]
    body = rows[1:]
    mapping = map_headers(headers)
    nik_index = next((i for i, h in enumerate(headers) if mapping.get(h) == "nik"), None)
    nik_numeric = [isinstance(r[nik_index], float | int) for r in body] if nik_index is not None else None
    columns = {header: [_cell_to_text(r[i]) if i < len(r) else "" for r in body] for i, header in enumerate(headers)}
    return pl.DataFrame(columns, schema={h: pl.String for h in headers}), headers, nik_numeric


def _read_utf8_csv_file(path: str) -> tuple[pl.DataFrame, list[str], dict[str, str], Callable]:
    """A UTF-8 CSV on disk: polars reads (and re-reads for the issue rows) straight from the file, so the file's
    bytes are never held in Python memory."""
    with open(path, "rb") as handle:
        head = handle.read(65536)
    _prepared, separator, headers = _prepare_csv(head)
    mapping = map_headers(headers)
    if not mapping:
        raise ImportFileError("Tidak ada kolom yang dikenali (misalnya NIK, nama, kelurahan) di baris judul.")
    try:
        frame = pl.read_csv(path, columns=list(mapping), **_csv_options(separator))
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, pl.exceptions.ColumnNotFoundError) as error:
        raise ImportFileError(f"Berkas CSV tidak dapat dibaca: {str(error).splitlines()[0]}")

    def load(row_numbers: list[int]) -> pl.DataFrame:
        return (
            pl.scan_csv(path, **_csv_options(separator))
            .with_row_index("row_number", offset=1)
            .with_columns(pl.col("row_number").cast(pl.Int64))
            .filter(pl.col("row_number").is_in(row_numbers))
            .collect(engine="streaming")
        )

    return frame, headers, mapping, load


def read_table(data: bytes | None, file_name: str, path: str | None = None) -> RawTable:
    """Read ``data`` (or, when ``data`` is None, the file at ``path``) into a RawTable."""
    suffix = Path(file_name).suffix.lower()
    nik_numeric = None
    original = None
    loader = None
    if data is None:
        with open(path, "rb") as handle:
            magic = handle.read(4)
        is_text_csv = not magic.startswith(XLSX_MAGIC) and suffix not in {".xlsx", ".xlsm", ".xls"}
        if is_text_csv and os.path.getsize(path) > 65536 and _file_is_utf8(path):
            frame, headers, mapping, loader = _read_utf8_csv_file(path)
            return _table(frame, headers, mapping, None, None, loader)
        data = Path(path).read_bytes()
    if data.startswith(XLSX_MAGIC) or suffix in {".xlsx", ".xlsm"}:
        if not data.startswith(XLSX_MAGIC):
            raise ImportFileError("Berkas bernama .xlsx tetapi isinya bukan berkas Excel.")
        frame, headers, nik_numeric = read_xlsx_bytes(data)
        mapping = map_headers(headers)
    elif suffix == ".xls":
        raise ImportFileError("Format .xls (Excel 97-2003) tidak didukung. Simpan ulang sebagai .xlsx atau CSV.")
    else:
        _prepared, _separator, headers = _prepare_csv(data)
        del _prepared
        mapping = map_headers(headers)
        if not mapping:
            raise ImportFileError("Tidak ada kolom yang dikenali (misalnya NIK, nama, kelurahan) di baris judul.")
        frame, headers = read_csv_bytes(data, columns=list(mapping))
        loader = _csv_originals(data, path)
    return _table(frame, headers, mapping, original, nik_numeric, loader)


def _table(frame, headers, mapping, original, nik_numeric, loader) -> RawTable:
    if frame.height == 0:
        raise ImportFileError("Berkas tidak berisi baris data.")
    frame = frame.with_row_index("row_number", offset=1).with_columns(pl.col("row_number").cast(pl.Int64))
    if loader is None:
        original = frame
    canonical = frame.select(
        ["row_number"] + [pl.col(h).fill_null("").str.strip_chars().alias(c) for h, c in mapping.items()]
    )
    return RawTable(
        frame=canonical,
        headers=headers,
        mapping=mapping,
        original=original,
        nik_numeric=pl.Series("nik_numeric", nik_numeric, dtype=pl.Boolean) if nik_numeric is not None else None,
        originals_loader=loader,
    )
