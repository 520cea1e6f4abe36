"""How the files startups upload are checked: a datasheet by its PDF content, a logo re-encoded clean."""

import io
import re
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

DATASHEET_MAX_BYTES = 10 * 1024 * 1024
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512
LOGO_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})

# Names that make a PDF do something when opened or clicked (scripts, launched programs, attached files,
# forms and media that run their own code), whatever the viewer. A datasheet needs none of them.
ACTIVE_PDF_NAME = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|AA|RichMedia|XFA)(?=[\s/<>\[\]()%{}]|$)|/OpenAction\s*<<"
)
# A PDF name may spell any byte as #xx (/J#53 is /JS); names are compared once spelled out.
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"\bobj\b(?P<head>(?:(?!endobj).){0,4096}?)\bstream\r?\n(?P<body>.*?)\bendstream", re.S)
ONLY_FLATE = re.compile(rb"/Filter\s*(?:/FlateDecode|\[\s*/FlateDecode\s*\])")
# Object streams are inflated for the scan, at most this much in all: far more than any real datasheet needs.
OBJECT_STREAMS_MAX_BYTES = 64 * 1024 * 1024


def check_datasheet(upload) -> None:
    """Accepts a PDF by its content, not its name: the `%PDF-` signature, then a parse by pypdf."""
    if upload.size > DATASHEET_MAX_BYTES:
        raise ValidationError({"datasheet": _("The datasheet is larger than 10 MB. Upload a smaller PDF.")})
    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError({"datasheet": _("This file is not a PDF. Upload the datasheet as a PDF document.")})
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        pages = len(reader.pages)
    except Exception as error:  # noqa: BLE001 - a parser fed untrusted bytes may fail in any way
        raise ValidationError(
            {"datasheet": _("This PDF is damaged and cannot be read. Export it again and retry.")}
        ) from error
    finally:
        upload.seek(0)
    if pages < 1:
        raise ValidationError({"datasheet": _("This PDF has no pages.")})
    upload.seek(0)
    try:
        active = has_active_content(upload.read()) or opens_with_an_action(reader)
    finally:
        upload.seek(0)
    if active:
        raise ValidationError(
            {
                "datasheet": _(
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


def reencode_logo(upload) -> ContentFile:
    """A clean PNG copy of an uploaded logo: decoded by Pillow, scaled down, without any metadata."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError({"logo": _("The logo is larger than 2 MB. Upload a smaller image.")})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in LOGO_FORMATS:
                raise ValueError(image.format)
            refuse_too_many_pixels(image.width, image.height, field="logo")
            image.load()
            image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            pixels = image.convert("RGBA")
    except Image.DecompressionBombError as error:
        raise ValidationError({"logo": too_many_pixels_message()}) from error
    except (OSError, ValueError) as error:
        raise ValidationError({"logo": _("Upload the logo as a PNG, JPEG or WebP image.")}) from error
    # A fresh image carries pixels only: no EXIF, no text chunks, no colour-profile payloads.
    clean = Image.new("RGBA", pixels.size)
    clean.paste(pixels)
    output = io.BytesIO()
    clean.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")


def refuse_too_many_pixels(width: int, height: int, *, field: str) -> None:
    """Read from the image's header before any pixel is decoded: a small file can unpack into gigabytes."""
    if width * height > settings.UPLOAD_IMAGE_MAX_PIXELS:
        raise ValidationError({field: too_many_pixels_message()})


def too_many_pixels_message() -> str:
    limit = round(settings.UPLOAD_IMAGE_MAX_PIXELS / 1_000_000, 1)
    return _("This image has too many pixels. Upload one of at most %(limit)s million pixels.") % {"limit": limit}
