"""Header recognition: each canonical column and the names source files use for it.

Headers are compared after normalising case, spaces, dots and underscores, so ``No. NIK``, ``NO_NIK`` and
``no nik`` are the same header.
"""

import re

from jaring.registry.models import Source

# canonical name -> synonyms (normalised form is computed below)
SYNONYMS: dict[str, list[str]] = {
    "nik": ["nik", "no nik", "nomor nik", "nik art", "nik individu", "no ktp", "nomor ktp", "nik ktp"],
    "kk": ["no kk", "nomor kk", "nkk", "kk", "no kartu keluarga", "nomor kartu keluarga", "no kk art"],
    "name": ["nama", "nama art", "nama lengkap", "nama individu", "nama pekerja", "nama sesuai ktp"],
    "sex": ["jenis kelamin", "jk", "kelamin", "sex", "l p"],
    "birth_date": ["tanggal lahir", "tgl lahir", "tgl_lahir", "tanggal lahir art", "tanggal_lahir"],
    "address": ["alamat", "alamat domisili", "alamat lengkap"],
    "rt": ["rt", "no rt"],
    "rw": ["rw", "no rw"],
    "kelurahan": ["desa kelurahan", "kelurahan", "desa", "kelurahan desa", "nama kelurahan", "nama desa"],
    "kelurahan_code": ["kode kemdagri", "kode kemendagri", "kode kelurahan", "kode desa", "kode wilayah"],
    "occupation": ["pekerjaan", "pekerjaan utama", "jenis pekerjaan", "status pekerjaan"],
    "phone": ["telepon", "no telepon", "no hp", "nomor hp", "no telp", "telp", "hp", "nomor telepon"],
    "decile": ["desil kesejahteraan", "desil", "peringkat desil", "desil nasional"],
    "p3ke_decile": ["desil p3ke"],
    "dtsen_decile": ["desil dtsen"],
    "in_dtks": ["terdaftar dtks", "dtks"],
    "family_id": ["id keluarga p3ke", "id keluarga", "id dtks", "id keluarga dtsen"],
    "person_id": ["id individu", "id art", "id individu dtsen"],
    "dukcapil_match": ["padan dukcapil", "status padan", "padan"],
}

REQUIRED: dict[str, set[str]] = {
    Source.P3KE: {"nik", "name"},
    Source.DTKS: {"nik", "name"},
    Source.DTSEN: {"nik", "name"},
    Source.TEMPLATE: {"nik", "name"},
}

# Columns of Jaring's own template, in order, with the instructions shown on its second sheet.
TEMPLATE_COLUMNS = [
    ("nik", "16 angka. Format kolom sebagai Teks agar Excel tidak membulatkan."),
    ("no_kk", "Nomor Kartu Keluarga, 16 angka (boleh kosong)."),
    ("nama", "Nama lengkap sesuai KTP (wajib)."),
    ("jenis_kelamin", "L atau P."),
    ("tanggal_lahir", "DD/MM/YYYY, misalnya 17/08/1980."),
    ("alamat", "Alamat domisili."),
    ("rt", "Nomor RT."),
    ("rw", "Nomor RW."),
    ("kelurahan", "Nama atau kode kelurahan di Jakarta Selatan, misalnya Rawa Jati atau 3174081003 (wajib)."),
    ("pekerjaan", "Pekerjaan utama, misalnya Ojek online, Pedagang kaki lima, Buruh harian."),
    ("telepon", "Nomor HP, misalnya 081234567890."),
    ("desil_p3ke", "1-4 bila terdaftar di P3KE."),
    ("desil_dtsen", "1-10 bila terdaftar di DTSEN."),
    ("terdaftar_dtks", "YA bila terdaftar di DTKS."),
]


def normalise_header(value) -> str:
    text = str(value or "").strip().lower().replace("\ufeff", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


_LOOKUP = {normalise_header(syn): canonical for canonical, syns in SYNONYMS.items() for syn in syns}


def map_headers(headers: list[str]) -> dict[str, str]:
    """Return {original header: canonical name} for the headers we recognise (first match wins)."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        canonical = _LOOKUP.get(normalise_header(header))
        if canonical and canonical not in taken:
            mapping[header] = canonical
            taken.add(canonical)
    return mapping
