"""Excel files the registry hands out: the import template, the rejected rows of an import, worker exports."""

from __future__ import annotations

import io

import xlsxwriter

from .imports.columns import TEMPLATE_COLUMNS


def template_workbook() -> bytes:
    """Jaring's own import template: a data sheet with the NIK and KK columns formatted as text, and instructions."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    text = workbook.add_format({"num_format": "@"})
    header = workbook.add_format({"bold": True, "bg_color": "#DCEFE7", "border": 1})
    sheet = workbook.add_worksheet("Data")
    for col, (name, _help) in enumerate(TEMPLATE_COLUMNS):
        sheet.write_string(0, col, name, header)
        sheet.set_column(
            col,
            col,
            22 if name in {"nik", "no_kk", "nama", "alamat"} else 14,
            text if name in {"nik", "no_kk", "rt", "rw", "telepon"} else None,
        )
    sheet.write_string(1, 0, "3174084506850001", text)
    for col, value in enumerate(
        [
            "",
            "SITI CONTOH",
            "P",
            "05/06/1985",
            "JL. CONTOH NO. 1",
            "001",
            "002",
            "Rawa Jati",
            "Pedagang kaki lima",
            "081234567890",
            "1",
            "",
            "",
        ],
        start=1,
    ):
        sheet.write_string(1, col, value, text if col in (1, 6, 7, 10) else None)
    sheet.freeze_panes(1, 0)
    guide = workbook.add_worksheet("Petunjuk")
    guide.set_column(0, 0, 20)
    guide.set_column(1, 1, 100)
    guide.write_string(0, 0, "Templat impor pekerja rentan Jaring", header)
    lines = [
        "Isi satu baris per orang di lembar Data, mulai baris 2 (baris contoh boleh dihapus).",
        "Kolom NIK dan nomor KK sudah berformat Teks. Jangan ubah formatnya: Excel membulatkan angka 16 digit.",
        "Tanggal lahir ditulis DD/MM/YYYY. Kelurahan boleh berupa nama atau kode Kemendagri.",
        "Simpan sebagai .xlsx, atau CSV (UTF-8) dengan pemisah koma atau titik koma.",
    ]
    for row, line in enumerate(lines, start=1):
        guide.write_string(row, 1, line)
    guide.write_string(6, 0, "Kolom", header)
    guide.write_string(6, 1, "Isi", header)
    for row, (name, help_text) in enumerate(TEMPLATE_COLUMNS, start=7):
        guide.write_string(row, 0, name)
        guide.write_string(row, 1, help_text)
    workbook.close()
    return buffer.getvalue()


def issues_workbook(batch, issues) -> bytes:
    """Every rejected or flagged row with its original values and the reasons, for the person who fixes the file."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#FDE2E1", "border": 1})
    sheet = workbook.add_worksheet("Baris bermasalah")
    columns: list[str] = []
    rows = list(issues.values_list("row_number", "outcome", "reasons", "original"))
    for _row_number, _outcome, _reasons, original in rows:
        for key in original:
            if key not in columns:
                columns.append(key)
    headers = ["baris", "hasil", "alasan", *columns]
    for col, name in enumerate(headers):
        sheet.write_string(0, col, name, header)
    outcome_label = {"rejected": "ditolak", "flagged": "dimuat, perlu verifikasi"}
    for r, (row_number, outcome, reasons, original) in enumerate(rows, start=1):
        sheet.write_number(r, 0, row_number)
        sheet.write_string(r, 1, outcome_label.get(outcome, outcome))
        sheet.write_string(r, 2, reasons)
        for c, key in enumerate(columns, start=3):
            sheet.write_string(r, c, str(original.get(key, "") or ""))
    workbook.close()
    return buffer.getvalue()


def workers_workbook(rows, *, masked: bool) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DCEFE7", "border": 1})
    sheet = workbook.add_worksheet("Pekerja")
    headers = [
        "NIK",
        "Nama",
        "JK",
        "Tanggal lahir",
        "Kelurahan",
        "Kecamatan",
        "Pekerjaan",
        "Desil P3KE",
        "DTKS",
        "Desil DTSEN",
        "Verifikasi",
    ]
    for col, name in enumerate(headers):
        sheet.write_string(0, col, name, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, "" if value is None else str(value))
    workbook.close()
    return buffer.getvalue()
