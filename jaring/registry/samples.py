"""Realistic P3KE-style individual files (domain notes sections 6 and 7), for the benchmark, the tests and the demo.

Deterministic for a seed. About ``defect_rate`` of the rows carry one defect each, spread evenly over every kind
the importer must catch; every row's expected fate is returned so tests can check the import row by row.

The command line is ``bench/generate_p3ke.py``.
"""

from __future__ import annotations

import csv
import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from jaring.wilayah.reference import KECAMATAN, KELURAHAN

HEADERS = [
    "id_keluarga_p3ke", "provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan", "kode_kemdagri",
    "desil_kesejahteraan", "alamat", "id_individu", "nama", "nik", "padan_dukcapil", "jenis_kelamin",
    "hubungan_dengan_kepala_keluarga", "tanggal_lahir", "status_kawin", "pekerjaan", "pendidikan",
    "usia_dibawah_7", "usia_7_12", "usia_13_15", "usia_16_18", "usia_19_21", "usia_22_59", "usia_60_keatas",
    "penerima_bpnt", "penerima_bpum", "penerima_bst", "penerima_pkh", "penerima_sembako",
]  # fmt: skip

FIRST = [
    "AHMAD",
    "BUDI",
    "SITI",
    "DEWI",
    "AGUS",
    "NUR",
    "RINA",
    "SRI",
    "ANDI",
    "YULI",
    "EKO",
    "FITRI",
    "HADI",
    "INDAH",
    "JOKO",
    "KARTINI",
    "LUKMAN",
    "MAYA",
    "NANDA",
    "OKTA",
    "PUTRI",
    "RUDI",
    "SARI",
    "TONI",
    "WATI",
]
LAST = [
    "SANTOSO",
    "WIJAYA",
    "HIDAYAT",
    "LESTARI",
    "SAPUTRA",
    "RAHMAWATI",
    "NURHAYATI",
    "SETIAWAN",
    "KURNIAWAN",
    "PRATAMA",
    "HASANAH",
    "SUSANTI",
    "GUNAWAN",
    "MULYADI",
    "SULISTYO",
    "FAUZI",
    "HANDAYANI",
    "RAMADHAN",
]
JOBS = [
    "OJEK ONLINE",
    "PEDAGANG KAKI LIMA",
    "BURUH HARIAN LEPAS",
    "PEMBANTU RUMAH TANGGA",
    "PENGEMUDI OJEK",
    "TUKANG BANGUNAN",
    "PEMULUNG",
    "PENJAHIT",
    "KURIR",
    "MONTIR",
    "BURUH CUCI",
    "PETUGAS PARKIR",
    "MENGURUS RUMAH TANGGA",
    "TIDAK BEKERJA",
    "PELAJAR/MAHASISWA",
]
RELATION = ["KEPALA KELUARGA", "ISTRI", "ANAK", "FAMILI LAIN"]
EDU = ["SD", "SMP", "SMA", "TIDAK SEKOLAH", "D3", "S1"]
# Name spellings seen in files, beside the official one.
VARIANTS = {"Setia Budi": "SETIABUDI", "Rawajati": "RAWA JATI", "Kebayoran Lama Utara": "KEB. LAMA UTARA"}
KECAMATAN_NAME = dict(KECAMATAN)

REJECT_KINDS = [
    "nik_excel",
    "nik_excel_float",
    "nik_format",
    "nik_region",
    "nik_date",
    "nik_duplicate",
    "name_missing",
    "kelurahan_unknown",
    "decile_range",
]
FLAG_KINDS = ["birth_date_mismatch", "sex_mismatch", "birth_date_invalid"]


@dataclass
class Expected:
    row_number: int
    outcome: str  # "loaded", "rejected" or "flagged"
    code: str  # the defect's reason code ("" for clean rows)


def _nik(rng: random.Random, kec_code: str, birth: datetime.date, female: bool, serial: int) -> str:
    day = birth.day + (40 if female else 0)
    return f"{kec_code.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def generate(rows: int, seed: int = 20250819, defect_rate: float = 0.01):
    """Yield (row values, Expected) for ``rows`` data rows."""
    rng = random.Random(seed)
    kinds = REJECT_KINDS + FLAG_KINDS
    serials: dict[str, int] = {}
    previous_nik = None
    today = datetime.date(2026, 11, 1)
    for row_number in range(1, rows + 1):
        kode, name = KELURAHAN[rng.randrange(len(KELURAHAN))][:2]
        kec = KECAMATAN_NAME[kode[:8]]
        birth = today - datetime.timedelta(days=rng.randint(18 * 365, 64 * 365))
        female = rng.random() < 0.5
        stem = f"{kode[:8]}{birth:%d%m%y}{female}"
        # Serials start somewhere random per place and date (as real ones do) and never end in 0, so clean NIKs
        # never look rounded by Excel.
        serial = serials[stem] + 1 if stem in serials else rng.randint(1, 3000)
        if serial % 10 == 0:
            serial += 1
        serials[stem] = serial
        nik = _nik(rng, kode[:8], birth, female, serial)
        decile = rng.choices([1, 2, 3, 4], weights=[15, 25, 30, 30])[0]
        date_style = rng.random()
        if date_style < 0.55:
            born = birth.strftime("%d/%m/%Y")
        elif date_style < 0.75:
            born = birth.strftime("%d-%m-%Y")
        elif date_style < 0.95:
            born = birth.isoformat()
        else:
            born = str((birth - datetime.date(1899, 12, 30)).days)
        kel_name = VARIANTS.get(name, name.upper()) if rng.random() < 0.3 else name.upper()
        person = f"  {rng.choice(FIRST)}  {rng.choice(LAST)} "
        values = {
            "id_keluarga_p3ke": f"P3KE{rng.randrange(10**9):09d}",
            "provinsi": "DKI JAKARTA",
            "kabupaten_kota": "KOTA ADM. JAKARTA SELATAN",
            "kecamatan": kec.upper(),
            "desa_kelurahan": kel_name,
            "kode_kemdagri": kode.replace(".", "") if rng.random() < 0.9 else "",
            "desil_kesejahteraan": str(decile),
            "alamat": f"JL. {rng.choice(LAST)} NO. {rng.randint(1, 200)} RT {rng.randint(1, 15):03d}",
            "id_individu": f"IND{rng.randrange(10**10):010d}",
            "nama": person,
            "nik": nik,
            "padan_dukcapil": "YA" if rng.random() < 0.93 else "TIDAK",
            "jenis_kelamin": ("PEREMPUAN" if female else "LAKI-LAKI")
            if rng.random() < 0.7
            else ("P" if female else "L"),
            "hubungan_dengan_kepala_keluarga": rng.choice(RELATION),
            "tanggal_lahir": born,
            "status_kawin": rng.choice(["KAWIN", "BELUM KAWIN", "CERAI HIDUP", "CERAI MATI"]),
            "pekerjaan": rng.choice(JOBS),
            "pendidikan": rng.choice(EDU),
        }
        age = (today - birth).days // 365
        for band, low, high in [
            ("usia_dibawah_7", 0, 6),
            ("usia_7_12", 7, 12),
            ("usia_13_15", 13, 15),
            ("usia_16_18", 16, 18),
            ("usia_19_21", 19, 21),
            ("usia_22_59", 22, 59),
            ("usia_60_keatas", 60, 200),
        ]:
            values[band] = "YA" if low <= age <= high else "TIDAK"
        for aid in ["penerima_bpnt", "penerima_bpum", "penerima_bst", "penerima_pkh", "penerima_sembako"]:
            values[aid] = "YA" if rng.random() < 0.3 else "TIDAK"

        expected = Expected(row_number, "loaded", "")
        if rng.random() < defect_rate:
            kind = kinds[rng.randrange(len(kinds))]
            if kind == "nik_duplicate" and previous_nik is None:
                kind = "name_missing"
            expected = Expected(row_number, "flagged" if kind in FLAG_KINDS else "rejected", kind)
            if kind == "nik_excel":
                values["nik"] = f"{int(nik[:6]) / 10**5:.5f}E+15".replace("0E", "E")
                expected.code = "nik_excel"
            elif kind == "nik_excel_float":
                values["nik"] = nik[:15] + "0.0"
                expected.code = "nik_excel"
            elif kind == "nik_format":
                values["nik"] = nik[: rng.randint(10, 15)]
            elif kind == "nik_region":
                values["nik"] = "99" + nik[2:]
            elif kind == "nik_date":
                values["nik"] = nik[:8] + "13" + nik[10:]
            elif kind == "nik_duplicate":
                values["nik"] = previous_nik
            elif kind == "name_missing":
                values["nama"] = "   "
            elif kind == "kelurahan_unknown":
                values["desa_kelurahan"] = rng.choice(["MENTENG", "KELAPA GADING", "CIKINI", "GAMBIR"])
                values["kode_kemdagri"] = rng.choice(["3171011001", "3173051002", ""])
            elif kind == "decile_range":
                values["desil_kesejahteraan"] = rng.choice(["0", "5", "7", "11"])
            elif kind == "birth_date_mismatch":
                values["tanggal_lahir"] = (
                    birth.replace(year=birth.year - 1)
                    if not (birth.month == 2 and birth.day == 29)
                    else birth - datetime.timedelta(days=366)
                ).strftime("%d/%m/%Y")
            elif kind == "sex_mismatch":
                values["jenis_kelamin"] = "LAKI-LAKI" if female else "PEREMPUAN"
            elif kind == "birth_date_invalid":
                values["tanggal_lahir"] = rng.choice(["31/02/1980", "00/00/0000", "kemarin", "1980-13-45"])
        if expected.outcome != "rejected":
            previous_nik = values["nik"]
        yield [values[h] for h in HEADERS], expected


def write_csv(
    path: Path,
    rows: int,
    seed: int = 20250819,
    defect_rate: float = 0.01,
    separator: str = ";",
    encoding: str = "utf-8-sig",
) -> list[Expected]:
    path.parent.mkdir(parents=True, exist_ok=True)
    expectations = []
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=separator)
        writer.writerow(HEADERS)
        for values, expected in generate(rows, seed, defect_rate):
            writer.writerow(values)
            if expected.outcome != "loaded":
                expectations.append(expected)
    return expectations
