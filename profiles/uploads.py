"""Where uploads live (a private storage, random file names that never carry the user's own) and the one
check of every uploaded PDF (offers' datasheets, registration documents)."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.utils.translation import gettext as _
from pypdf import PdfReader

PDF_MAX_BYTES = 10 * 1024 * 1024


def private_storage():
    return storages["private"]


def random_upload_name(instance, filename: str) -> str:
    """The user's file name never reaches the file system: only its (lower-cased) extension is kept."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}{suffix}"


def check_pdf(upload, *, field: str) -> None:
    """Accepts a PDF by its content, not its name: the `%PDF-` signature, then a parse by pypdf. Refusals
    are keyed by `field`, the form field the file came from."""
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError({field: _("The file is larger than 10 MB. Upload a smaller PDF.")})
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError({field: _("This file is not a PDF. Upload a PDF document.")})
    upload.seek(0)
    try:
        pages = len(PdfReader(upload).pages)
    except Exception as error:  # noqa: BLE001 - a parser fed untrusted bytes may fail in any way
        raise ValidationError(
            {field: _("This PDF is damaged and cannot be read. Export it again and retry.")}
        ) from error
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError({field: _("This PDF has no pages.")})
