"""How the files startups upload are checked: a datasheet by its PDF content, a logo re-encoded clean."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image

from profiles.uploads import check_pdf

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512
LOGO_MAX_PIXELS = 40_000_000
LOGO_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})


def check_datasheet(upload) -> None:
    """A datasheet is checked as every uploaded PDF is (profiles.uploads.check_pdf)."""
    check_pdf(upload, field="datasheet")


def reencode_logo(upload) -> ContentFile:
    """A clean PNG copy of an uploaded logo: decoded by Pillow, scaled down, without any metadata."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError({"logo": _("The logo is larger than 2 MB. Upload a smaller image.")})
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in LOGO_FORMATS or image.width * image.height > LOGO_MAX_PIXELS:
                raise ValueError(image.format)
            image.load()
            image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
            pixels = image.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError({"logo": _("Upload the logo as a PNG, JPEG or WebP image.")}) from error
    # A fresh image carries pixels only: no EXIF, no text chunks, no colour-profile payloads.
    clean = Image.new("RGBA", pixels.size)
    clean.paste(pixels)
    output = io.BytesIO()
    clean.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")
