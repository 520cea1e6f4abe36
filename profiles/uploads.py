"""Where uploads live (a private storage, random file names that never carry the user's own) and the one
check of every uploaded PDF (offers' datasheets, registration documents)."""

import re
import uuid
import zlib
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import FileResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

PDF_MAX_BYTES = 10 * 1024 * 1024

# Names that make a PDF do something when opened or clicked (scripts, launched programs, attached files,
# forms and media that run their own code), whatever the viewer. A datasheet or a
# register extract needs none of them.
ACTIVE_PDF_NAME = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|AA|RichMedia|XFA)(?=[\s/<>\[\]()%{}]|$)|/OpenAction\s*<<"
)
# A PDF name may spell any byte as #xx (/J#53 is /JS); names are compared once spelled out.
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"\bobj\b(?P<head>(?:(?!endobj).){0,4096}?)\bstream\r?\n(?P<body>.*?)\bendstream", re.S)
ONLY_FLATE = re.compile(rb"/Filter\s*(?:/FlateDecode|\[\s*/FlateDecode\s*\])")
# Object streams are inflated for the scan, at most this much in all: far more than any real datasheet needs.
OBJECT_STREAMS_MAX_BYTES = 64 * 1024 * 1024


def private_storage():
    return storages["private"]


def random_upload_name(instance, filename: str) -> str:
    """The user's file name never reaches the file system: only its (lower-cased) extension is kept."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}{suffix}"


def check_pdf(upload, *, field: str) -> None:
    """Accepts a PDF by its content, not its name: the `%PDF-` signature, a parse by pypdf, and no active
    content. Refusals are keyed by `field`, the form field the file came from."""
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError({field: _("The file is larger than 10 MB. Upload a smaller PDF.")})
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError({field: _("This file is not a PDF. Upload a PDF document.")})
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        pages = len(reader.pages)
    except Exception as error:  # noqa: BLE001 - a parser fed untrusted bytes may fail in any way
        raise ValidationError(
            {field: _("This PDF is damaged and cannot be read. Export it again and retry.")}
        ) from error
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError({field: _("This PDF has no pages.")})
    upload.seek(0)
    try:
        active = has_active_content(upload.read()) or opens_with_an_action(reader)
    finally:
        upload.seek(0)
    if active:
        raise ValidationError(
            {
                field: _(
                    "This PDF contains scripts, attachments or other active content. Save it again without "
                    "them (for example with “Print to PDF”) and upload that copy."
                )
            }
        )


def _spelled_out(data: bytes) -> bytes:
    return NAME_ESCAPE.sub(lambda escape: bytes([int(escape.group(1), 16)]), data)


def has_active_content(data: bytes) -> bool:
    """Looks for the names of active content in the file's objects: everywhere outside streams, and inside
    the compressed object streams where a PDF 1.5 may keep its dictionaries. The bytes of other streams
    (page contents, images, fonts) are not objects a viewer acts on, and would give false alarms."""
    budget = OBJECT_STREAMS_MAX_BYTES
    objects = [PDF_STREAM.sub(lambda stream: stream.group("head"), data)]
    for stream in PDF_STREAM.finditer(data):
        head = _spelled_out(stream.group("head"))
        if b"/ObjStm" not in head:
            continue
        body = stream.group("body")
        if b"/Filter" in head:
            if not ONLY_FLATE.search(head):
                return True  # an object stream this check cannot read is not accepted unread
            inflater = zlib.decompressobj()
            try:
                body = inflater.decompress(body, budget)
            except zlib.error:
                return True
        budget -= len(body)
        if budget <= 0:
            return True
        objects.append(body)
    return any(ACTIVE_PDF_NAME.search(_spelled_out(part)) for part in objects)


def opens_with_an_action(reader: PdfReader) -> bool:
    """An /OpenAction may be a destination (a page to show first) or an action; only the first is harmless."""
    try:
        target = reader.trailer["/Root"].get("/OpenAction")
        return target is not None and isinstance(target.get_object(), DictionaryObject)
    except Exception:  # noqa: BLE001 - a catalog that cannot be read is not accepted unread
        return True


def pdf_download(file, *, name: str, fallback: str) -> FileResponse:
    """A stored PDF, always as a download named after `name` (or `fallback`), which the browser never renders
    or sniffs and no cache keeps."""
    filename = f"{slugify(name, allow_unicode=True) or fallback}.pdf"
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
