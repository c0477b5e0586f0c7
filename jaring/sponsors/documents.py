"""PDF documents for sponsors, built with fpdf2: pledge letter, invoice, receipt (kuitansi) and certificate.

Every document carries the Jakarta Selatan letterhead text, its number, dates in Indonesian and amounts in
figures and words. Documents use the PDF core fonts (no font files to ship), so text is reduced to Latin-1.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from fpdf import FPDF

from jaring.lib import clock
from jaring.lib.dates import month_label_id as month_label
from jaring.lib.dates import period_label as _period_label
from jaring.lib.dates import tanggal_id as tanggal
from jaring.lib.money import format_rupiah, terbilang

from .models import Invoice, Payment, Pledge
from .selectors import pledge_cost_groups

LETTERHEAD = [
    "PEMERINTAH PROVINSI DAERAH KHUSUS JAKARTA",
    "KOTA ADMINISTRASI JAKARTA SELATAN",
    "SUKU DINAS TENAGA KERJA, TRANSMIGRASI DAN ENERGI",
]
PROGRAMME = "Gerakan Perlindungan Pekerja Rentan - Surat Edaran Walikota Jakarta Selatan Nomor e-0012/SE/2025"
_REPLACEMENTS = {"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "→": "->"}


def _latin1(text: str) -> str:
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def period_label(first, last):
    return _period_label(first, last, "id")


class _Document(FPDF):
    def __init__(self, title: str, number: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc_title = title
        self.doc_number = number
        self.set_compression(False)
        self.set_title(_latin1(f"{title} {number}"))
        self.set_author("Sudin Nakertrans Kota Administrasi Jakarta Selatan")
        self.set_creator("Jaring")
        self.set_margins(20, 15, 20)
        self.set_auto_page_break(True, margin=20)
        self.add_page()

    def header(self):
        self.set_font("Helvetica", "B", 12)
        for line in LETTERHEAD:
            self.cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, _latin1(PROGRAMME), align="C", new_x="LMARGIN", new_y="NEXT")
        y = self.get_y() + 1
        self.set_line_width(0.8)
        self.line(20, y, 190, y)
        self.set_line_width(0.2)
        self.line(20, y + 1.2, 190, y + 1.2)
        self.ln(6)

    def footer(self):
        self.set_y(-14)
        self.set_font("Helvetica", "I", 7)
        self.cell(
            0,
            5,
            _latin1(f"{self.doc_title} {self.doc_number} - dibuat oleh Jaring pada {tanggal(clock.today())}"),
            align="C",
        )

    # helpers -----------------------------------------------------------------------------------------------
    def title_block(self):
        self.set_font("Helvetica", "B", 14)
        self.cell(0, 8, _latin1(self.doc_title.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 10)
        self.cell(0, 6, _latin1(f"Nomor: {self.doc_number}"), align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def para(self, text: str, size: int = 10, style: str = ""):
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, 5.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def rows(self, pairs: list[tuple[str, str]], label_width: float = 55):
        for label, value in pairs:
            self.set_font("Helvetica", "", 10)
            self.cell(label_width, 6, _latin1(label))
            self.cell(4, 6, ":")
            self.multi_cell(0, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def amount_box(self, amount: int, label: str = "Jumlah"):
        self.set_font("Helvetica", "B", 12)
        self.cell(0, 8, _latin1(f"{label}: {format_rupiah(amount)}"), border=1, new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "I", 10)
        self.multi_cell(0, 6, _latin1(f"Terbilang: {terbilang(amount)}"), border=1, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float]):
        self.set_font("Helvetica", "B", 9)
        self.set_fill_color(238, 242, 246)
        for header, width in zip(headers, widths, strict=True):
            self.cell(width, 7, _latin1(header), border=1, fill=True)
        self.ln()
        self.set_font("Helvetica", "", 9)
        for row in rows:
            for index, (value, width) in enumerate(zip(row, widths, strict=True)):
                self.cell(width, 6.5, _latin1(value), border=1, align="R" if index >= 1 else "L")
            self.ln()
        self.ln(4)

    def signature(self, place_date: str, role: str, name: str = ""):
        self.ln(4)
        x = 115
        self.set_font("Helvetica", "", 10)
        self.set_x(x)
        self.cell(0, 6, _latin1(place_date), new_x="LMARGIN", new_y="NEXT")
        self.set_x(x)
        self.multi_cell(75, 6, _latin1(role), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(18)
        self.set_x(x)
        self.set_font("Helvetica", "B", 10)
        self.cell(0, 6, _latin1(name or "(.................................)"), new_x="LMARGIN", new_y="NEXT")

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def _sponsor_rows(sponsor) -> list[tuple[str, str]]:
    return [
        ("Nama organisasi", sponsor.legal_name),
        ("Jenis", sponsor.get_type_display()),
        ("NPWP", sponsor.npwp or "-"),
        ("Alamat", ", ".join(part for part in [sponsor.address, str(sponsor.kecamatan or "")] if part) or "-"),
    ]


def pledge_letter(pledge: Pledge) -> bytes:
    doc = _Document("Surat Komitmen Pendanaan", pledge.number)
    doc.title_block()
    doc.para("Yang bertanda tangan di bawah ini, atas nama:")
    doc.rows(_sponsor_rows(pledge.sponsor))
    doc.para(
        "menyatakan komitmen untuk mendanai iuran Jaminan Kecelakaan Kerja (JKK) dan Jaminan Kematian (JKM) BPJS "
        "Ketenagakerjaan bagi pekerja rentan bukan penerima upah di Kota Administrasi Jakarta Selatan, dengan "
        "rincian sebagai berikut:"
    )
    preferences = [str(k) for k in pledge.kecamatan.all()] + [str(k) for k in pledge.kelurahan.all()]
    doc.rows(
        [
            ("Jenis dana", pledge.get_fund_type_display()),
            ("Sektor pekerja", pledge.get_sector_display()),
            ("Jumlah pekerja", f"{pledge.workers} orang"),
            ("Jangka waktu", f"{pledge.months} bulan ({period_label(pledge.start_month, pledge.end_month)})"),
            ("Wilayah pilihan", ", ".join(preferences) or "Seluruh Jakarta Selatan"),
            ("Pekerjaan diutamakan", pledge.occupations or "-"),
            ("Hanya perempuan", "Ya" if pledge.women_only else "Tidak"),
            ("Kelompok prioritas", pledge.priority_note or "-"),
            ("Jadwal pembayaran", pledge.get_schedule_display() or "-"),
            ("Status", pledge.get_status_display()),
        ]
    )
    doc.table(
        ["Periode", "Bulan", "Pekerja", "Iuran/orang/bulan", "Jumlah"],
        [
            [
                period_label(g.first, g.last),
                str(g.months),
                str(g.persons),
                format_rupiah(g.per_person),
                format_rupiah(g.amount),
            ]
            for g in pledge_cost_groups(pledge)
        ],
        [52, 18, 22, 38, 40],
    )
    doc.amount_box(pledge.cost, "Nilai komitmen")
    doc.para(
        "Iuran dihitung per bulan dari tabel tarif iuran yang berlaku (JKK 1% dari penghasilan Rp 1.000.000 dan "
        "JKM Rp 6.800 per orang per bulan, dengan potongan menurut PP 50/2025 bila berlaku).",
        size=9,
    )
    doc.signature(
        f"Jakarta, {tanggal(pledge.submitted_at or pledge.created_at)}", f"Pimpinan {pledge.sponsor.legal_name}"
    )
    return doc.output_bytes()


def invoice(invoice: Invoice) -> bytes:
    pledge = invoice.pledge
    doc = _Document("Tagihan", invoice.number)
    doc.title_block()
    doc.rows(
        [
            ("Kepada", pledge.sponsor.legal_name),
            ("NPWP", pledge.sponsor.npwp or "-"),
            ("Komitmen", pledge.number),
            ("Tanggal tagihan", tanggal(invoice.issued_on)),
            ("Jatuh tempo", tanggal(invoice.due_date)),
            ("Status", invoice.get_status_display()),
        ]
    )
    months = (
        (invoice.period_end.year - invoice.period_start.year) * 12
        + invoice.period_end.month
        - invoice.period_start.month
        + 1
    )
    doc.table(
        ["Uraian", "Pekerja", "Bulan", "Jumlah"],
        [
            [
                f"Iuran JKK+JKM {period_label(invoice.period_start, invoice.period_end)}",
                str(pledge.workers),
                str(months),
                format_rupiah(invoice.amount),
            ]
        ],
        [90, 22, 18, 40],
    )
    doc.amount_box(invoice.amount, "Jumlah tagihan")
    doc.para(
        "Cantumkan nomor tagihan pada berita transfer, lalu unggah bukti pembayaran di Jaring (menu Tagihan). "
        "Pembayaran diverifikasi oleh Sudin Nakertrans Jakarta Selatan.",
        size=9,
    )
    doc.signature(f"Jakarta, {tanggal(invoice.issued_on)}", "Suku Dinas Tenaga Kerja, Transmigrasi dan Energi")
    return doc.output_bytes()


def receipt(payment: Payment) -> bytes:
    doc = _Document("Kuitansi", payment.receipt_number)
    doc.title_block()
    doc.rows(
        [
            ("Telah terima dari", payment.sponsor.legal_name),
            ("Uang sejumlah", terbilang(payment.amount)),
            (
                "Untuk pembayaran",
                f"Tagihan {payment.invoice.number} (komitmen {payment.pledge.number}), iuran JKK+JKM "
                f"{period_label(payment.invoice.period_start, payment.invoice.period_end)}",
            ),
            ("Tanggal bayar", tanggal(payment.paid_on)),
            ("Nomor referensi", payment.reference),
            ("Diverifikasi", tanggal(timezone.localtime(payment.verified_at)) if payment.verified_at else "-"),
        ]
    )
    doc.amount_box(payment.amount)
    doc.signature(
        f"Jakarta, {tanggal(timezone.localtime(payment.verified_at) if payment.verified_at else payment.paid_on)}",
        "Suku Dinas Tenaga Kerja, Transmigrasi dan Energi",
        payment.verified_by.get_full_name() if payment.verified_by else "",
    )
    return doc.output_bytes()


def certificate(pledge: Pledge) -> bytes:
    doc = _Document("Piagam Penghargaan", pledge.number)
    doc.ln(6)
    doc.set_font("Helvetica", "B", 22)
    doc.cell(0, 14, "PIAGAM PENGHARGAAN", align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    doc.cell(0, 6, _latin1(f"Nomor: {pledge.number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.ln(8)
    doc.set_font("Helvetica", "", 12)
    doc.cell(0, 8, "diberikan kepada", align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "B", 18)
    doc.multi_cell(0, 10, _latin1(pledge.sponsor.legal_name), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.ln(4)
    doc.set_font("Helvetica", "", 12)
    doc.multi_cell(
        0,
        7,
        _latin1(
            f"atas kepedulian mendanai iuran BPJS Ketenagakerjaan (JKK dan JKM) bagi {pledge.workers} pekerja rentan "
            f"selama {pledge.months} bulan, {month_label(pledge.start_month)} sampai {month_label(pledge.end_month)}, "
            f"senilai {format_rupiah(pledge.cost)} ({terbilang(pledge.cost)}), dalam Gerakan Perlindungan Pekerja "
            "Rentan Kota Administrasi Jakarta Selatan."
        ),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    doc.signature(
        f"Jakarta, {tanggal(clock.today())}",
        "Kepala Suku Dinas Tenaga Kerja, Transmigrasi dan Energi Kota Administrasi Jakarta Selatan",
    )
    return doc.output_bytes()


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
