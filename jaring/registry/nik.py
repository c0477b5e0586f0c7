"""The NIK (Nomor Induk Kependudukan) for single entries, through python-stdnum.

The importer checks a million NIKs at once with equivalent polars expressions (imports/validate.py); the tests
hold both to the same answers.
"""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik


def _provinces() -> frozenset[str]:
    codes = set()
    for _length, low, high, props, _children in numdb.get("id/loc").prefixes:
        if props:
            codes.update(f"{n:02d}" for n in range(int(low), int(high) + 1))
    return frozenset(codes)


VALID_PROVINCES = _provinces()
EXCEL_SCIENTIFIC = re.compile(r"^\d([.,]\d+)?[eE]\+?\d+$")
EXCEL_FLOAT = re.compile(r"^\d{13,17}[.,]0+$")


class NikError(ValueError):
    """Carries a message for the user in Bahasa Indonesia."""


def clean_nik(value) -> str:
    """Return the 16-digit NIK or raise NikError with a clear message."""
    text = str(value or "").strip().lstrip("'")
    if not text:
        raise NikError(_("NIK wajib diisi."))
    if EXCEL_SCIENTIFIC.match(text) or EXCEL_FLOAT.match(text):
        raise NikError(
            _("NIK “%(value)s” rusak oleh Excel. Format kolom NIK sebagai Teks dan isi ulang dari KTP/KK.")
            % {"value": text}
        )
    compact = stdnum_nik.compact(text)
    try:
        return stdnum_nik.validate(compact)
    except StdnumError:
        if not (compact.isdigit() and len(compact) == 16):
            raise NikError(_("NIK “%(value)s” harus 16 angka.") % {"value": text})
        if compact[:2] not in VALID_PROVINCES:
            raise NikError(_("Kode provinsi NIK “%(value)s” tidak dikenal.") % {"value": text})
        raise NikError(_("Tanggal lahir di dalam NIK “%(value)s” tidak valid.") % {"value": text})


def nik_birth_parts(nik: str) -> tuple[int, int, int, str]:
    """(day, month, two-digit year, sex 'L'/'P') encoded in a valid NIK."""
    raw_day = int(nik[6:8])
    return raw_day % 40, int(nik[8:10]), int(nik[10:12]), "P" if raw_day > 40 else "L"


def nik_mismatches(nik: str, birth_date: datetime.date | None, sex: str | None) -> list[str]:
    """Messages for a declared birth date or sex that disagree with the NIK (suspicious, not invalid)."""
    day, month, yy, nik_sex = nik_birth_parts(nik)
    reasons = []
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (day, month, yy):
        reasons.append(
            _("Tanggal lahir %(declared)s tidak sama dengan tanggal di NIK (%(nik)s).")
            % {"declared": birth_date.strftime("%d/%m/%Y"), "nik": f"{day:02d}/{month:02d}/{yy:02d}"}
        )
    if sex and sex != nik_sex:
        reasons.append(
            _("Jenis kelamin tidak sesuai NIK (NIK menunjukkan %(sex)s).")
            % {"sex": _("perempuan") if nik_sex == "P" else _("laki-laki")}
        )
    return reasons


def mask_nik(nik: str) -> str:
    """3174********0001: region and serial visible, birth date hidden."""
    return f"{nik[:4]}{'*' * 8}{nik[12:]}" if len(nik) == 16 else "*" * len(nik)


def mask_name(name: str) -> str:
    """BUDI SANTOSO -> B*** S******"""
    return " ".join(part[:1] + "*" * (len(part) - 1) for part in name.split())
