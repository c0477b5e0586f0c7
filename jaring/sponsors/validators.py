"""Validators with messages in Bahasa Indonesia (the source language of the interface)."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)
from stdnum.exceptions import (
    ValidationError as StdnumError,
)
from stdnum.id import npwp as stdnum_npwp

PROOF_MAX_BYTES = 5 * 1024 * 1024
# content type -> magic bytes the file must start with
PROOF_TYPES = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
PROOF_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
CONTENT_TYPES_BY_EXTENSION = {ext: content_type for content_type, ext in PROOF_EXTENSIONS.items()}


def normalise_npwp(value: str) -> str:
    """The NPWP in its usual printed form (15 digits: ``01.312.166.0-091.000``; 16 digits kept as digits)."""
    value = (value or "").strip()
    if not value:
        return ""
    validate_npwp(value)
    return stdnum_npwp.format(value)


def validate_npwp(value: str) -> None:
    if not value:
        return
    try:
        stdnum_npwp.validate(value)
    except InvalidLength:
        raise ValidationError(_("NPWP harus 15 atau 16 angka (contoh: 01.312.166.0-091.000)."), code="npwp_length")
    except InvalidChecksum:
        raise ValidationError(
            _("NPWP tidak valid: angka pemeriksanya tidak cocok. Periksa kembali."), code="npwp_checksum"
        )
    except (InvalidFormat, InvalidComponent, StdnumError):
        raise ValidationError(_("NPWP tidak valid. Periksa kembali angkanya."), code="npwp_invalid")


def normalise_phone(value: str) -> str:
    """A phone number in international form (``+6281234567890``); raises ValidationError if not valid."""
    value = (value or "").strip()
    if not value:
        return ""
    validate_phone(value)
    return phonenumbers.format_number(phonenumbers.parse(value, "ID"), phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    if not value:
        return
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Nomor telepon tidak valid. Tulis seperti 0812-3456-7890 atau 021-7890123."), code="phone_invalid"
        )


def validate_proof(upload) -> str:
    """A proof of payment: PDF, JPEG or PNG, at most 5 MB, checked by declared type and by its first bytes.

    Returns the file extension that matches the content (``pdf``, ``jpg`` or ``png``): the stored file is named
    with it, never with the uploader's name, so a file can only ever be served as what it really is.
    """
    if upload is None:
        raise ValidationError(_("Unggah bukti pembayaran (PDF, JPG atau PNG)."), code="proof_missing")
    if upload.size > PROOF_MAX_BYTES:
        raise ValidationError(
            _("Berkas bukti terlalu besar (%(size)s MB). Maksimal 5 MB.") % {"size": f"{upload.size / 1048576:.1f}"},
            code="proof_too_large",
        )
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    content_type = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf"}.get(
        content_type, content_type
    )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    magics = PROOF_TYPES.get(content_type)
    if magics is None or not any(head.startswith(magic) for magic in magics):
        raise ValidationError(
            _("Berkas bukti harus PDF, JPG atau PNG yang asli; berkas ini bukan salah satunya."), code="proof_type"
        )
    return PROOF_EXTENSIONS[content_type]


NPWP_HELP = gettext_lazy("15 atau 16 angka, boleh dengan titik dan tanda hubung.")
