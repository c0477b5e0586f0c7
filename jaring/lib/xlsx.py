"""Write a simple .xlsx table (one sheet, a header row, typed cells) with xlsxwriter, in memory."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Data") -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF2F6"})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    money_format = workbook.add_format({"num_format": "#,##0"})
    widths = [len(h) for h in headers]
    for col, header in enumerate(headers):
        worksheet.write_string(0, col, header, bold)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                worksheet.write_boolean(r, col, value)
            elif isinstance(value, int | float):
                worksheet.write_number(r, col, value, money_format if isinstance(value, int) else None)
            elif isinstance(value, datetime.datetime | datetime.date):
                worksheet.write_datetime(r, col, value, date_format)
            else:
                # Text is written as text: identifiers such as NPWP or references keep every digit.
                worksheet.write_string(r, col, str(value))
            widths[col] = max(widths[col], min(len(str(value)), 60))
    for col, width in enumerate(widths):
        worksheet.set_column(col, col, width + 2)
    worksheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Data"):
    response = HttpResponse(xlsx_bytes(headers, rows, sheet=sheet), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
