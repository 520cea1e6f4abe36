"""Uploads: datasheets are accepted by content as PDFs, logos are re-encoded, and both stay private."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from offers.models import Offer, OfferState
from offers.services import offer_create, offer_update, organisation_update_profile
from tests.conftest import login
from tests.factories import OfferFactory
from tests.files import (
    html_as_pdf_upload,
    oversize_pdf_upload,
    pdf_bytes,
    pdf_upload,
    pdf_with_embedded_file_bytes,
    pdf_with_open_action_script_bytes,
    pdf_with_script_in_object_stream_bytes,
    png_of_dimensions,
    png_upload,
    text_as_png_upload,
)

pytestmark = pytest.mark.django_db


def test_a_real_pdf_is_stored_under_a_random_name(startup_a, startup_a_admin, fpv_area, offer_fields, private_uploads):
    # when
    offer = offer_create(
        organisation=startup_a,
        areas=[fpv_area],
        datasheet=pdf_upload("Our secret plans.pdf"),
        by=startup_a_admin,
        **offer_fields(),
    )

    # then
    name = offer.datasheet.name
    assert name.startswith("offer/") and name.endswith(".pdf") and "secret" not in name
    assert (private_uploads / name).read_bytes() == pdf_bytes()


@pytest.mark.parametrize(
    ("upload", "message"),
    [(html_as_pdf_upload, "not a PDF"), (oversize_pdf_upload, "larger than 10 MB")],
)
def test_an_html_file_named_pdf_or_an_oversize_file_is_refused(
    startup_a, startup_a_admin, fpv_area, offer_fields, upload, message
):
    with pytest.raises(ValidationError) as refused:
        offer_create(organisation=startup_a, areas=[fpv_area], datasheet=upload(), by=startup_a_admin, **offer_fields())
    assert message in " ".join(refused.value.message_dict["datasheet"])
    assert not Offer.objects.exists()


def test_a_file_that_starts_like_a_pdf_but_does_not_parse_is_refused(
    startup_a, startup_a_admin, fpv_area, offer_fields
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n<html><body>not really</body></html>")
    with pytest.raises(ValidationError) as refused:
        offer_create(organisation=startup_a, areas=[fpv_area], datasheet=fake, by=startup_a_admin, **offer_fields())
    assert "damaged" in " ".join(refused.value.message_dict["datasheet"])


def test_a_new_datasheet_replaces_the_old_file(
    startup_a, startup_a_admin, fpv_area, offer_fields, private_uploads, django_capture_on_commit_callbacks
):
    # given
    offer = offer_create(
        organisation=startup_a, areas=[fpv_area], datasheet=pdf_upload(), by=startup_a_admin, **offer_fields()
    )
    old = offer.datasheet.name

    # when
    with django_capture_on_commit_callbacks(execute=True):
        offer = offer_update(
            offer=offer, areas=[fpv_area], datasheet=pdf_upload(), by=startup_a_admin, **offer_fields()
        )

    # then
    assert offer.datasheet.name != old
    assert not (private_uploads / old).exists()
    assert (private_uploads / offer.datasheet.name).exists()


def _offer_with_datasheet(organisation, **fields):
    offer = OfferFactory(organisation=organisation, **fields)
    offer.datasheet.save("sheet.pdf", pdf_upload(), save=True)
    return offer


def test_the_datasheet_downloads_as_a_pdf_attachment_that_is_never_sniffed(client, startup_a, officer_a):
    # given
    offer = _offer_with_datasheet(startup_a, title="Passive radar")
    login(client, officer_a)

    # when
    response = client.get(reverse("offers:datasheet", args=[offer.pk]))

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="passive-radar.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_startup_b_cannot_download_the_datasheet_of_a_draft_of_startup_a(client, startup_a, startup_b_admin, officer_a):
    # given
    offer = _offer_with_datasheet(startup_a, state=OfferState.DRAFT, published_at=None)
    url = reverse("offers:datasheet", args=[offer.pk])

    # then
    assert login(client, startup_b_admin).get(url).status_code == 404
    assert login(client, officer_a).get(url).status_code == 404


def test_an_offer_without_datasheet_has_no_download(client, startup_a, officer_a):
    offer = OfferFactory(organisation=startup_a)
    assert login(client, officer_a).get(reverse("offers:datasheet", args=[offer.pk])).status_code == 404


def test_a_png_logo_is_re_encoded_without_its_metadata(startup_a, startup_a_admin, private_uploads):
    # given
    upload = png_upload()
    assert b"Secret Engineer" in upload.read()
    upload.seek(0)

    # when
    organisation = organisation_update_profile(organisation=startup_a, logo=upload, by=startup_a_admin)

    # then
    stored = (private_uploads / organisation.logo.name).read_bytes()
    assert organisation.logo.name.startswith("organisation/") and organisation.logo.name.endswith(".png")
    assert b"Secret Engineer" not in stored and b"SpyCam" not in stored and b"GPS" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.size == (64, 32)
        assert "Author" not in image.info and "exif" not in image.info
        assert image.getpixel((10, 10))[:3] == (0, 87, 183)


def test_a_text_file_named_png_is_refused_as_a_logo(startup_a, startup_a_admin):
    with pytest.raises(ValidationError) as refused:
        organisation_update_profile(organisation=startup_a, logo=text_as_png_upload(), by=startup_a_admin)
    assert "PNG, JPEG or WebP" in " ".join(refused.value.message_dict["logo"])
    startup_a.refresh_from_db()
    assert not startup_a.logo


def test_a_large_logo_is_scaled_down(startup_a, startup_a_admin, private_uploads):
    from django.core.files.uploadedfile import SimpleUploadedFile

    output = io.BytesIO()
    Image.new("RGB", (2000, 1000), (255, 213, 0)).save(output, format="JPEG")
    organisation = organisation_update_profile(
        organisation=startup_a, logo=SimpleUploadedFile("logo.jpg", output.getvalue()), by=startup_a_admin
    )
    with Image.open(private_uploads / organisation.logo.name) as image:
        assert image.format == "PNG" and image.size == (512, 256)


def test_the_logo_is_served_to_those_who_may_see_the_public_profile(
    client, startup_a, startup_a_admin, startup_b_admin, officer_a
):
    # given
    organisation_update_profile(organisation=startup_a, logo=png_upload(), by=startup_a_admin)
    url = reverse("offers:organisation_logo", args=[startup_a.pk])

    # then: not while startup A has nothing in the catalogue
    assert login(client, officer_a).get(url).status_code == 404
    OfferFactory(organisation=startup_a)
    response = login(client, officer_a).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert login(client, startup_b_admin).get(url).status_code == 404


@pytest.mark.parametrize(
    "active_pdf",
    [pdf_with_open_action_script_bytes, pdf_with_embedded_file_bytes, pdf_with_script_in_object_stream_bytes],
)
def test_a_pdf_with_scripts_or_embedded_files_is_refused(
    startup_a, startup_a_admin, fpv_area, offer_fields, active_pdf
):
    # given
    upload = SimpleUploadedFile("datasheet.pdf", active_pdf(), content_type="application/pdf")

    # when
    with pytest.raises(ValidationError) as refused:
        offer_create(organisation=startup_a, areas=[fpv_area], datasheet=upload, by=startup_a_admin, **offer_fields())

    # then
    assert "scripts, attachments or other active content" in " ".join(refused.value.message_dict["datasheet"])
    assert not Offer.objects.exists()


def test_a_pdf_that_opens_on_its_first_page_is_accepted(startup_a, startup_a_admin, fpv_area, offer_fields):
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([page.indirect_reference, NameObject("/Fit")])
    output = io.BytesIO()
    writer.write(output)

    offer = offer_create(
        organisation=startup_a,
        areas=[fpv_area],
        datasheet=SimpleUploadedFile("datasheet.pdf", output.getvalue()),
        by=startup_a_admin,
        **offer_fields(),
    )
    assert offer.datasheet


def test_a_logo_of_huge_dimensions_is_refused_without_decoding_its_pixels(startup_a, startup_a_admin, monkeypatch):
    # given: 166 KB on disk would be 6300 × 6300 pixels in memory
    from PIL import ImageFile

    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image.size))
    upload = SimpleUploadedFile("logo.png", png_of_dimensions(6300, 6300), content_type="image/png")

    # when
    with pytest.raises(ValidationError) as refused:
        organisation_update_profile(organisation=startup_a, logo=upload, by=startup_a_admin)

    # then
    assert "too many pixels" in " ".join(refused.value.message_dict["logo"])
    assert decoded == []
    startup_a.refresh_from_db()
    assert not startup_a.logo


def test_a_logo_just_over_the_pixel_budget_is_refused_with_the_budget(startup_a, startup_a_admin, settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1_200_000
    upload = SimpleUploadedFile("logo.png", png_of_dimensions(1201, 1000), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        organisation_update_profile(organisation=startup_a, logo=upload, by=startup_a_admin)
    message = " ".join(refused.value.message_dict["logo"])
    assert "too many pixels" in message and "at most 1.2 million pixels" in message


def test_a_logo_just_within_the_pixel_budget_is_accepted(startup_a, startup_a_admin, settings, private_uploads):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 600 * 400
    upload = SimpleUploadedFile("logo.png", png_of_dimensions(600, 400), content_type="image/png")
    organisation = organisation_update_profile(organisation=startup_a, logo=upload, by=startup_a_admin)
    with Image.open(private_uploads / organisation.logo.name) as image:
        assert image.size == (512, 341)


def test_pillow_refuses_decompression_bombs_anywhere_in_the_process(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.UPLOAD_IMAGE_MAX_PIXELS <= 4096 * 4096
