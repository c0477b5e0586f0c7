import datetime
import io

import pytest
import xlsxwriter

from jaring.sponsors.outreach_import import parse_invitations

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), date_format)
            else:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_xlsx_rows_are_read_with_real_dates_and_kecamatan_spellings():
    content = workbook(
        [
            ["Nama Organisasi", "Jenis", "Kecamatan", "Telepon", "Nomor Surat", "Tanggal Surat", "Tindak Lanjut"],
            ["PT Satu", "Perusahaan", "setia budi", "021-7890123", "e-0012/SE/2025", datetime.date(2025, 8, 19), ""],
            ["  Yayasan   Dua ", "yayasan", "Pasar Minggu", "", "e-0012/SE/2025", "19-08-2025", "01/12/2026"],
        ]
    )
    rows, file_errors = parse_invitations("undangan.xlsx", content)
    assert file_errors == []
    assert [row.errors for row in rows] == [[], []]
    first, second = (row.values for row in rows)
    assert first["organisation_type"] == "perusahaan" and first["kecamatan"].nama == "Setiabudi"
    assert first["letter_date"] == datetime.date(2025, 8, 19)
    assert second["organisation_name"] == "Yayasan Dua"
    assert second["next_follow_up"] == datetime.date(2026, 12, 1)


def test_problems_are_reported_per_row():
    content = workbook(
        [
            ["nama_organisasi", "jenis", "telepon", "tanggal_surat"],
            ["PT Satu", "koperasi", "12", "besok"],
            ["", "", "", "19/08/2025"],
            ["pt satu", "", "", ""],
        ]
    )
    rows, _ = parse_invitations("undangan.xlsx", content)
    assert rows[0].number == 2 and len(rows[0].errors) == 3
    assert "Nama organisasi kosong." in rows[1].errors
    assert "Nama organisasi muncul dua kali di berkas." in rows[2].errors


def test_a_file_without_the_name_column_or_unreadable_is_refused():
    assert parse_invitations("x.csv", b"nama;alamat\nA;B\n")[1] == [
        "Kolom nama_organisasi tidak ditemukan di baris pertama."
    ]
    assert parse_invitations("x.xlsx", b"not a workbook")[1] == ["Berkas tidak dapat dibaca. Unggah CSV atau .xlsx."]
