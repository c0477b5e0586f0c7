"""Resolve a kelurahan from whatever a source file calls it.

Codes in any common spelling (``3174011001``, ``31.74.01.1001``, ``31-74-01-1001``, an Excel float
``3174011001.0``) and names in any case, spacing or known variant (``SETIA BUDI``, ``Setiabudi``,
``Kel. Rawa Jati``). Importers build one :class:`KelurahanLookup` per file and call it per row: no query per row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import reference

_PREFIXES = ("kelurahan", "kel.", "kel ", "kel-", "desa", "ds.")
_CODE_FLOAT = re.compile(r"^(\d+)\.0+$")


def normalise_name(value: str) -> str:
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode().lower().strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    return re.sub(r"[^a-z0-9]", "", text)


def normalise_code(value: str) -> str | None:
    """Return the dotted 13-character code for a Jakarta Selatan kelurahan code, else None."""
    text = str(value).strip()
    match = _CODE_FLOAT.match(text)
    if match:
        text = match.group(1)
    digits = re.sub(r"[\s.\-/]", "", text)
    if not digits.isdigit() or len(digits) != 10:
        return None
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:10]}"


@dataclass(frozen=True)
class KelurahanRef:
    id: int
    kode: str
    nama: str
    kecamatan_id: int


class KelurahanLookup:
    def __init__(self, rows: list[KelurahanRef]):
        self._by_code = {row.kode: row for row in rows}
        self._by_name = {normalise_name(row.nama): row for row in rows}
        for alias, kode in reference.KELURAHAN_ALIASES.items():
            if kode in self._by_code:
                self._by_name.setdefault(alias, self._by_code[kode])

    @classmethod
    def from_db(cls) -> KelurahanLookup:
        from .models import Kelurahan

        return cls(
            [KelurahanRef(*values) for values in Kelurahan.objects.values_list("id", "kode", "nama", "kecamatan_id")]
        )

    def by_code(self, value) -> KelurahanRef | None:
        if value is None:
            return None
        kode = normalise_code(value)
        return self._by_code.get(kode) if kode else None

    def by_name(self, value) -> KelurahanRef | None:
        if value is None:
            return None
        return self._by_name.get(normalise_name(value))

    def resolve(self, value) -> KelurahanRef | None:
        """A code or a name; the code wins when the text looks like one."""
        if value is None or str(value).strip() == "":
            return None
        return self.by_code(value) or self.by_name(value)


def resolve_kelurahan(value):
    """Return the Kelurahan model instance for a code or name, or None. One query; for forms and the API."""
    from .models import Kelurahan

    ref = KelurahanLookup.from_db().resolve(value)
    return Kelurahan.objects.select_related("kecamatan").get(pk=ref.id) if ref else None
