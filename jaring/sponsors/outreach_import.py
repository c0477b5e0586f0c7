"""Stage one of an outreach import: read a CSV or .xlsx list of invited organisations and validate every row.

Nothing is written here; ``services.invitations_import`` loads the rows in one transaction when none has errors.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from jaring.wilayah.models import Kecamatan

from .models import Sponsor
from .validators import validate_phone

COLUMNS = {
    "nama_organisasi": "organisation_name",
    "jenis": "organisation_type",
    "alamat": "address",
    "kecamatan": "kecamatan",
    "narahubung": "contact_name",
    "telepon": "contact_phone",
    "email": "contact_email",
    "nomor_surat": "letter_number",
    "tanggal_surat": "letter_date",
    "tindak_lanjut": "next_follow_up",
}
TYPES = {value: value for value in Sponsor.Type.values} | {
    str(label).lower(): value for value, label in Sponsor.Type.choices
}


@dataclass
class ParsedRow:
    number: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _key(text) -> str:
    return "_".join(str(text or "").strip().lower().replace("-", " ").split())


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float):  # Excel serial number
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _read_table(name: str, content: bytes) -> list[list]:
    if name.lower().endswith((".xlsx", ".xls", ".ods")):
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=True)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def parse_invitations(name: str, content: bytes) -> tuple[list[ParsedRow], list[str]]:
    """Rows with their values and errors, and errors about the file itself (unreadable, missing columns)."""
    try:
        table = _read_table(name, content)
    except Exception:  # noqa: BLE001 - any failure to read is reported to the user the same way
        return [], [_("Berkas tidak dapat dibaca. Unggah CSV atau .xlsx.")]
    if not table:
        return [], [_("Berkas kosong.")]
    header = [_key(cell) for cell in table[0]]
    if "nama_organisasi" not in header:
        return [], [_("Kolom nama_organisasi tidak ditemukan di baris pertama.")]
    kecamatan = {k.nama.lower().replace(" ", ""): k for k in Kecamatan.objects.all()}
    rows, seen = [], set()
    for number, cells in enumerate(table[1:], start=2):
        raw = {header[i]: cells[i] for i in range(min(len(header), len(cells))) if header[i] in COLUMNS}
        if not any(str(v).strip() for v in raw.values() if v is not None):
            continue
        row = ParsedRow(number=number)
        for column, target in COLUMNS.items():
            value = raw.get(column)
            value = value.strip() if isinstance(value, str) else value
            if target in ("letter_date", "next_follow_up"):
                try:
                    row.values[target] = _date(value)
                except ValueError:
                    row.errors.append(_("Tanggal “%(value)s” tidak dikenal (pakai DD/MM/YYYY).") % {"value": value})
            elif target == "kecamatan":
                found = kecamatan.get(str(value or "").lower().replace(" ", ""))
                if value and found is None:
                    row.errors.append(_("Kecamatan “%(value)s” tidak ada di Jakarta Selatan.") % {"value": value})
                row.values[target] = found
            elif target == "organisation_type":
                kind = TYPES.get(str(value or "").lower(), "")
                if value and not kind:
                    row.errors.append(_("Jenis organisasi “%(value)s” tidak dikenal.") % {"value": value})
                row.values[target] = kind
            else:
                row.values[target] = "" if value is None else " ".join(str(value).split())
        name_value = row.values["organisation_name"]
        if not name_value:
            row.errors.append(_("Nama organisasi kosong."))
        elif name_value.lower() in seen:
            row.errors.append(_("Nama organisasi muncul dua kali di berkas."))
        seen.add(name_value.lower())
        try:
            validate_phone(row.values["contact_phone"])
        except ValidationError as error:
            row.errors.extend(error.messages)
        rows.append(row)
    return rows, []
