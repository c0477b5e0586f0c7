"""Reference data for Jakarta Selatan (domain notes section 11, Kepmendagri 300.2.2-2138/2025).

Plain Python data with no Django imports, so that migrations, the loader command and the tests all read the
same source.
"""

CITY_CODE = "31.74"
CITY_NAME = "Kota Administrasi Jakarta Selatan"

KECAMATAN = [
    ("31.74.01", "Tebet"),
    ("31.74.02", "Setiabudi"),
    ("31.74.03", "Mampang Prapatan"),
    ("31.74.04", "Pasar Minggu"),
    ("31.74.05", "Kebayoran Lama"),
    ("31.74.06", "Cilandak"),
    ("31.74.07", "Kebayoran Baru"),
    ("31.74.08", "Pancoran"),
    ("31.74.09", "Jagakarsa"),
    ("31.74.10", "Pesanggrahan"),
]

# (kode kelurahan, nama, kode pos)
KELURAHAN = [
    ("31.74.01.1001", "Tebet Timur", "12820"),
    ("31.74.01.1002", "Tebet Barat", "12810"),
    ("31.74.01.1003", "Menteng Dalam", "12870"),
    ("31.74.01.1004", "Kebon Baru", "12830"),
    ("31.74.01.1005", "Bukit Duri", "12840"),
    ("31.74.01.1006", "Manggarai Selatan", "12860"),
    ("31.74.01.1007", "Manggarai", "12850"),
    ("31.74.02.1001", "Setia Budi", "12910"),
    ("31.74.02.1002", "Karet Semanggi", "12930"),
    ("31.74.02.1003", "Karet Kuningan", "12940"),
    ("31.74.02.1004", "Karet", "12920"),
    ("31.74.02.1005", "Menteng Atas", "12960"),
    ("31.74.02.1006", "Pasar Manggis", "12970"),
    ("31.74.02.1007", "Guntur", "12980"),
    ("31.74.02.1008", "Kuningan Timur", "12950"),
    ("31.74.03.1001", "Mampang Prapatan", "12790"),
    ("31.74.03.1002", "Bangka", "12730"),
    ("31.74.03.1003", "Pela Mampang", "12720"),
    ("31.74.03.1004", "Tegal Parang", "12790"),
    ("31.74.03.1005", "Kuningan Barat", "12710"),
    ("31.74.04.1001", "Pasar Minggu", "12520"),
    ("31.74.04.1002", "Jati Padang", "12540"),
    ("31.74.04.1003", "Cilandak Timur", "12560"),
    ("31.74.04.1004", "Ragunan", "12550"),
    ("31.74.04.1005", "Pejaten Timur", "12510"),
    ("31.74.04.1006", "Pejaten Barat", "12510"),
    ("31.74.04.1007", "Kebagusan", "12520"),
    ("31.74.05.1001", "Kebayoran Lama Utara", "12240"),
    ("31.74.05.1002", "Pondok Pinang", "12310"),
    ("31.74.05.1003", "Cipulir", "12230"),
    ("31.74.05.1004", "Grogol Utara", "12210"),
    ("31.74.05.1005", "Grogol Selatan", "12220"),
    ("31.74.05.1006", "Kebayoran Lama Selatan", "12240"),
    ("31.74.06.1001", "Cilandak Barat", "12430"),
    ("31.74.06.1002", "Lebak Bulus", "12440"),
    ("31.74.06.1003", "Pondok Labu", "12450"),
    ("31.74.06.1004", "Gandaria Selatan", "12420"),
    ("31.74.06.1005", "Cipete Selatan", "12410"),
    ("31.74.07.1001", "Melawai", "12160"),
    ("31.74.07.1002", "Gunung", "12120"),
    ("31.74.07.1003", "Kramat Pela", "12130"),
    ("31.74.07.1004", "Selong", "12110"),
    ("31.74.07.1005", "Rawa Barat", "12180"),
    ("31.74.07.1006", "Senayan", "12190"),
    ("31.74.07.1007", "Pulo", "12160"),
    ("31.74.07.1008", "Petogogan", "12170"),
    ("31.74.07.1009", "Gandaria Utara", "12140"),
    ("31.74.07.1010", "Cipete Utara", "12150"),
    ("31.74.08.1001", "Pancoran", "12780"),
    ("31.74.08.1002", "Kalibata", "12740"),
    ("31.74.08.1003", "Rawajati", "12750"),
    ("31.74.08.1004", "Duren Tiga", "12760"),
    ("31.74.08.1005", "Pengadegan", "12770"),
    ("31.74.08.1006", "Cikoko", "12770"),
    ("31.74.09.1001", "Jagakarsa", "12620"),
    ("31.74.09.1002", "Srengseng Sawah", "12640"),
    ("31.74.09.1003", "Ciganjur", "12630"),
    ("31.74.09.1004", "Lenteng Agung", "12630"),
    ("31.74.09.1005", "Tanjung Barat", "12530"),
    ("31.74.09.1006", "Cipedak", "12630"),
    ("31.74.10.1001", "Pesanggrahan", "12320"),
    ("31.74.10.1002", "Bintaro", "12330"),
    ("31.74.10.1003", "Petukangan Utara", "12260"),
    ("31.74.10.1004", "Petukangan Selatan", "12270"),
    ("31.74.10.1005", "Ulujami", "12250"),
]

# The six branches named in circular e-0012/SE/2025, point 7.
BRANCHES = [
    ("menara-jamsostek", "Menara Jamsostek"),
    ("cilandak", "Cilandak"),
    ("plaza-jamsostek", "Plaza Jamsostek"),
    ("mampang", "Mampang"),
    ("kebayoran-baru", "Kebayoran Baru"),
    ("kebayoran-lama", "Kebayoran Lama"),
]

# Default service areas. BPJS does not publish which kecamatan each branch serves (domain notes section 10);
# this default follows where the offices stand and gives every branch at least one kecamatan. An
# administrator changes it on the "Wilayah layanan" page; docs/decisions.md records the choice.
DEFAULT_SERVICE_AREAS = {
    "31.74.01": "plaza-jamsostek",  # Tebet
    "31.74.02": "menara-jamsostek",  # Setiabudi
    "31.74.03": "mampang",  # Mampang Prapatan
    "31.74.04": "cilandak",  # Pasar Minggu
    "31.74.05": "kebayoran-lama",  # Kebayoran Lama
    "31.74.06": "cilandak",  # Cilandak
    "31.74.07": "kebayoran-baru",  # Kebayoran Baru
    "31.74.08": "mampang",  # Pancoran
    "31.74.09": "cilandak",  # Jagakarsa
    "31.74.10": "kebayoran-lama",  # Pesanggrahan
}

# Spellings seen in source files that normalisation alone does not reconcile (normalised form -> code).
KELURAHAN_ALIASES = {
    "setiabudi": "31.74.02.1001",
    "rawajati": "31.74.08.1003",
    "kebayoranlamautara": "31.74.05.1001",
    "kebayoranlamaselatan": "31.74.05.1006",
    "keblamautara": "31.74.05.1001",
    "keblamaselatan": "31.74.05.1006",
    "kbylamautara": "31.74.05.1001",
    "kbylamaselatan": "31.74.05.1006",
    "pejatentimur": "31.74.04.1005",
    "pejatentmr": "31.74.04.1005",
    "pejatenbrt": "31.74.04.1006",
    "tebettmr": "31.74.01.1001",
    "tebetbrt": "31.74.01.1002",
    "mampangprapatanbarat": "31.74.03.1001",
    "durentiga": "31.74.08.1004",
    "duren3": "31.74.08.1004",
    "kramatpela": "31.74.07.1003",
    "keramatpela": "31.74.07.1003",
    "petogokan": "31.74.07.1008",
    "ulujami": "31.74.10.1005",
    "cilandaktmr": "31.74.04.1003",
    "cilandakbrt": "31.74.06.1001",
    "lentengagungg": "31.74.09.1004",
    "srengsengsawa": "31.74.09.1002",
    "gandariaselatan": "31.74.06.1004",
    "gandariautara": "31.74.07.1009",
    "cipeteselatan": "31.74.06.1005",
    "cipeteutara": "31.74.07.1010",
}
