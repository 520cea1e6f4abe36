"""How uploaded files are checked: a datasheet by its PDF content, a logo or a photo re-encoded clean."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image

from profiles.uploads import check_pdf

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 512
IMAGE_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})


def check_datasheet(upload) -> None:
    """A datasheet is checked as every uploaded PDF is (profiles.uploads.check_pdf)."""
    check_pdf(upload, field="datasheet")


def reencode_logo(upload) -> ContentFile:
    """A clean PNG copy of an uploaded logo, at most 512 pixels a side."""
    return reencode_image(upload, field="logo", max_side=LOGO_MAX_SIDE, max_bytes=LOGO_MAX_BYTES, name="logo.png")


def reencode_image(upload, *, field: str, max_side: int, max_bytes: int, name: str) -> ContentFile:
    """A clean PNG copy of an uploaded image: decoded by Pillow, scaled down to `max_side`, without any
    metadata (no EXIF, so no place a photo was taken). Refusals are keyed by `field`."""
    if upload.size > max_bytes:
        limit = round(max_bytes / 1024 / 1024)
        raise ValidationError(
            {field: _("The image is larger than %(limit)s MB. Upload a smaller one.") % {"limit": limit}}
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise ValueError(image.format)
            refuse_too_many_pixels(image.width, image.height, field=field)
            image.load()
            image.thumbnail((max_side, max_side))
            pixels = image.convert("RGBA")
    except Image.DecompressionBombError as error:
        raise ValidationError({field: too_many_pixels_message()}) from error
    except (OSError, ValueError) as error:
        raise ValidationError({field: _("Upload a PNG, JPEG or WebP image.")}) from error
    # A fresh image carries pixels only: no EXIF, no text chunks, no colour-profile payloads.
    clean = Image.new("RGBA", pixels.size)
    clean.paste(pixels)
    output = io.BytesIO()
    clean.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name=name)


def refuse_too_many_pixels(width: int, height: int, *, field: str) -> None:
    """Read from the image's header before any pixel is decoded: a small file can unpack into gigabytes."""
    if width * height > settings.UPLOAD_IMAGE_MAX_PIXELS:
        raise ValidationError({field: too_many_pixels_message()})


def too_many_pixels_message() -> str:
    limit = round(settings.UPLOAD_IMAGE_MAX_PIXELS / 1_000_000, 1)
    return _("This image has too many pixels. Upload one of at most %(limit)s million pixels.") % {"limit": limit}
