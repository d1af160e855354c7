"""Downloads: their content types, the response that makes a browser save them, and
the Excel number format of an indicator — one place for every .xlsx and .docx the
project writes (district form, dashboards, report)."""

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def kieu_so_excel(so_le: int) -> str:
    """Excel number format with `so_le` decimals; Excel shows it with the reader's separators."""
    return "#,##0" + ("." + "0" * so_le if so_le else "")


def tep(noi_dung: bytes, ten_tep: str, loai: str = XLSX) -> HttpResponse:
    """A download of `noi_dung` saved as `ten_tep` (an ASCII name built from codes)."""
    tra_loi = HttpResponse(noi_dung, content_type=loai)
    tra_loi["Content-Disposition"] = f'attachment; filename="{ten_tep}"'
    tra_loi["X-Content-Type-Options"] = "nosniff"
    return tra_loi
