"""Offer pages: forms keep what was typed, outsiders get 404, and lists cost a constant number of queries."""

import re

import pytest
from django.urls import reverse

from offers.models import Offer, OfferState
from taxonomy.models import CapabilityArea
from tests.conftest import login
from tests.factories import OfferFactory
from tests.files import html_as_pdf_upload, oversize_pdf_upload, pdf_upload

pytestmark = pytest.mark.django_db


def _form_data(area, **overrides):
    data = {
        "title": "Passive acoustic drone detector",
        "summary": "Hears Shaheds 5 km away.",
        "description": "A mesh of microphones that triangulates drones.",
        "language": "en",
        "areas": [area.pk],
        "trl": "6",
        "field_tested_ua": "on",
        "field_tested_note": "Kharkiv region, winter 2025.",
        "lead_time_days": "60",
        "monthly_capacity": "40",
        "price_min_eur": "5000",
        "price_max_eur": "8000",
        "export_control": "dual_use",
        "ml_category": "",
        "licence_held": "on",
    }
    return {**data, **overrides}


def test_a_startup_creates_a_draft_through_the_form(client, startup_a, startup_a_admin, fpv_area):
    # when
    response = login(client, startup_a_admin).post(
        reverse("offers:create"), {**_form_data(fpv_area), "datasheet": pdf_upload()}
    )

    # then
    offer = Offer.objects.get()
    assert response.status_code == 302 and response.url == reverse("offers:detail", args=[offer.pk])
    assert offer.organisation == startup_a and offer.state == OfferState.DRAFT and offer.datasheet
    assert (offer.trl, offer.price_max_eur, offer.field_tested_ua) == (6, 8000, True)


def test_the_form_shows_each_trl_with_its_definition(client, startup_a_admin):
    page = login(client, startup_a_admin).get(reverse("offers:create")).content.decode()
    assert "TRL 4 — technology validated in a laboratory" in page
    assert "TRL 9 — actual system proven in an operational environment" in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"trl": "12"}, "trl"),
        ({"monthly_capacity": "0"}, "monthly_capacity"),
        ({"monthly_capacity": "-5"}, "monthly_capacity"),
        ({"price_min_eur": "9000", "price_max_eur": "100"}, "price_max_eur"),
        ({"price_max_eur": str(2**31)}, "price_max_eur"),
        ({"price_min_eur": str(2**63), "price_max_eur": ""}, "price_min_eur"),
        ({"lead_time_days": str(2**31)}, "lead_time_days"),
        ({"monthly_capacity": str(2**31)}, "monthly_capacity"),
        ({"export_control": "ml", "ml_category": ""}, "ml_category"),
        ({"areas": []}, "areas"),
    ],
)
def test_errors_appear_beside_the_field_and_keep_what_was_typed(client, startup_a_admin, fpv_area, overrides, field):
    # when
    response = login(client, startup_a_admin).post(reverse("offers:create"), _form_data(fpv_area, **overrides))

    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert f'id="id_{field}_error"' in response.content.decode() or 'id="areas_error"' in response.content.decode()
    assert form["title"].value() == "Passive acoustic drone detector"
    assert form["field_tested_note"].value() == "Kharkiv region, winter 2025."
    assert not Offer.objects.exists()


def test_a_refused_datasheet_keeps_the_rest_of_the_form_and_says_to_choose_the_file_again(
    client, startup_a_admin, fpv_area
):
    response = login(client, startup_a_admin).post(
        reverse("offers:create"), {**_form_data(fpv_area), "datasheet": html_as_pdf_upload()}
    )
    page = response.content.decode()
    assert "not a PDF" in page and "choose the file again" in page
    assert 'value="Passive acoustic drone detector"' in page
    assert f'value="{fpv_area.pk}" checked' in page


def test_startup_b_gets_404_on_the_edit_page_and_the_moves_of_startup_a(client, startup_a, startup_b_admin, fpv_area):
    # given
    offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None, title="Original")
    login(client, startup_b_admin)

    # then
    assert client.get(reverse("offers:edit", args=[offer.pk])).status_code == 404
    assert client.post(reverse("offers:edit", args=[offer.pk]), _form_data(fpv_area)).status_code == 404
    assert client.post(reverse("offers:publish", args=[offer.pk])).status_code == 404
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.title == "Original" and offer.state == OfferState.DRAFT


def test_a_pending_startup_is_told_why_it_cannot_publish(client, pending_startup, pending_admin):
    # given
    offer = OfferFactory(organisation=pending_startup, state=OfferState.DRAFT, published_at=None)
    login(client, pending_admin)

    # when
    page = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    refused = client.post(reverse("offers:publish", args=[offer.pk]))

    # then
    button = re.search(r'<button[^>]*aria-describedby="publish-unavailable"[^>]*>([^<]*)</button>', page)
    assert button and "disabled" in button.group(0) and button.group(1).strip() == "Publish"
    assert re.search(
        r'id="publish-unavailable"[^>]*>Your company awaits vetting: you can prepare offers now and publish them '
        r"once the office has vetted it.<",
        page,
    )
    assert reverse("offers:publish", args=[offer.pk]) not in page
    assert reverse("offers:archive", args=[offer.pk]) in page
    assert refused.status_code == 403
    assert Offer.objects.get(pk=offer.pk).state == OfferState.DRAFT


def test_publishing_from_the_offer_page(client, startup_a, startup_a_admin):
    offer = OfferFactory(organisation=startup_a, state=OfferState.DRAFT, published_at=None)
    response = login(client, startup_a_admin).post(reverse("offers:publish", args=[offer.pk]), follow=True)
    assert "The offer is published" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).state == OfferState.PUBLISHED


def test_an_officer_reads_the_offer_with_the_startup_public_profile(client, startup_a, officer_a):
    # given
    startup_a.ncage_code = "D1234"
    startup_a.save(update_fields=["ncage_code"])
    offer = OfferFactory(organisation=startup_a, trl=4, price_min_eur=12000, price_max_eur=15500)

    # when
    page = login(client, officer_a).get(reverse("offers:detail", args=[offer.pk])).content.decode()

    # then
    assert "TRL 4 — technology validated in a laboratory" in page
    assert "€12,000 – €15,500" in page
    assert "Alpha Drones GmbH" in page and "D1234" in page and "https://skyward.example" in page
    assert reverse("offers:edit", args=[offer.pk]) not in page


def test_startups_have_no_catalogue_page(client, startup_a_admin):
    assert login(client, startup_a_admin).get(reverse("offers:catalogue")).status_code == 404


def test_the_catalogue_page_applies_filters_and_search(client, startup_a, officer_a):
    # given
    cuas = CapabilityArea.objects.get(slug="counter-uas")
    detection = CapabilityArea.objects.get(slug="cuas-detection")
    OfferFactory(organisation=startup_a, title="Acoustic sensor mesh", areas=[detection], trl=6)
    OfferFactory(organisation=startup_a, title="Acoustic trench heater", trl=8)

    # when
    response = login(client, officer_a).get(
        reverse("offers:catalogue"), {"area": cuas.pk, "q": "acoustic", "trl_min": "5"}
    )

    # then
    titles = [offer.title for offer in response.context["page"].object_list]
    assert titles == ["Acoustic sensor mesh"]


def test_nonsense_filter_values_are_ignored(client, startup_a, officer_a):
    OfferFactory(organisation=startup_a)
    response = login(client, officer_a).get(
        reverse("offers:catalogue"), {"trl_min": "eleven", "area": "x", "sort": "evil"}
    )
    assert response.status_code == 200 and len(response.context["page"].object_list) == 1


def test_the_catalogue_pages_by_twenty(client, startup_a, officer_a):
    for _ in range(21):
        OfferFactory(organisation=startup_a)
    first = login(client, officer_a).get(reverse("offers:catalogue"))
    second = client.get(reverse("offers:catalogue"), {"page": 2})
    assert len(first.context["page"].object_list) == 20 and len(second.context["page"].object_list) == 1


def _many_offers(organisation, count):
    areas = list(CapabilityArea.objects.order_by("position")[:3])
    for number in range(count):
        OfferFactory(
            organisation=organisation, areas=areas, state=OfferState.PUBLISHED if number % 2 else OfferState.DRAFT
        )


@pytest.mark.parametrize("count", [1, 20])
def test_the_catalogue_costs_the_same_queries_for_one_offer_or_twenty(
    client, startup_a, officer_a, django_assert_max_num_queries, count
):
    _many_offers(startup_a, count * 2)
    login(client, officer_a)
    search = {"q": "fibre", "area": CapabilityArea.objects.order_by("position").first().pk}
    client.get(reverse("offers:catalogue"), {"q": "radar"})  # the process's search engine is built at its first search
    with django_assert_max_num_queries(12):
        response = client.get(reverse("offers:catalogue"), search)
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 20])
def test_the_staff_catalogue_costs_the_same_queries_for_one_offer_or_twenty(
    client, startup_a, staff, django_assert_max_num_queries, count
):
    _many_offers(startup_a, count)
    login(client, staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("offers:catalogue"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 20])
def test_our_offers_costs_the_same_queries_for_one_offer_or_twenty(
    client, startup_a, startup_a_admin, django_assert_max_num_queries, count
):
    _many_offers(startup_a, count)
    login(client, startup_a_admin)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("offers:list"))
    assert len(response.context["page"].object_list) == count


def test_a_request_larger_than_the_limit_is_refused_before_its_body_is_read(client, startup_a_admin, fpv_area):
    # given: the browser announces 60 MB; the test sends far less, so reading the body would fail
    login(client, startup_a_admin)

    # when
    response = client.post(
        reverse("offers:create"), _form_data(fpv_area, datasheet=pdf_upload()), CONTENT_LENGTH=str(60 * 1024 * 1024)
    )

    # then
    assert response.status_code == 413
    assert "The request is larger than the 11 MB the platform accepts." in response.content.decode()
    assert not Offer.objects.exists()


def test_a_datasheet_just_over_10_mb_gets_the_forms_own_message(client, startup_a_admin, fpv_area):
    # when
    response = login(client, startup_a_admin).post(
        reverse("offers:create"), _form_data(fpv_area, datasheet=oversize_pdf_upload())
    )

    # then
    assert response.status_code == 200
    assert "larger than 10 MB" in " ".join(response.context["form"].errors["datasheet"])
    assert not Offer.objects.exists()


def test_a_datasheet_with_a_script_is_refused_beside_its_field(client, startup_a_admin, fpv_area):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.files import pdf_with_open_action_script_bytes

    upload = SimpleUploadedFile("datasheet.pdf", pdf_with_open_action_script_bytes(), content_type="application/pdf")
    response = login(client, startup_a_admin).post(reverse("offers:create"), _form_data(fpv_area, datasheet=upload))
    assert response.status_code == 200
    assert "scripts, attachments or other active content" in " ".join(response.context["form"].errors["datasheet"])
    assert not Offer.objects.exists()


def test_every_mistake_of_a_submission_shows_at_once(client, startup_a_admin, fpv_area):
    # given: a missing title, an inverted price band, a Military List item without its category and a file
    # that is not a PDF, all in one submission
    data = _form_data(
        fpv_area, title="", price_min_eur="9000", price_max_eur="100", export_control="ml", ml_category=""
    )

    # when
    data["datasheet"] = html_as_pdf_upload()
    response = login(client, startup_a_admin).post(reverse("offers:create"), data)

    # then: one answer names them all
    page = response.content.decode()
    assert "This field is required." in page
    assert "The upper price must not be lower than the lower price." in page
    assert "Choose the Military List category (ML1–ML22)." in page
    assert "This file is not a PDF." in page
    assert not Offer.objects.exists()


def test_a_good_file_sent_with_a_failed_form_is_named_and_the_form_says_to_choose_it_again(
    client, startup_a_admin, fpv_area
):
    data = {**_form_data(fpv_area, price_min_eur="9000", price_max_eur="100"), "datasheet": pdf_upload("specs.pdf")}
    page = login(client, startup_a_admin).post(reverse("offers:create"), data).content.decode()
    assert "“specs.pdf” was not kept: choose it again before you save." in page


def test_the_capability_areas_are_marked_as_required(client, startup_a_admin):
    page = login(client, startup_a_admin).get(reverse("offers:create")).content.decode()
    assert '<h2 class="required">Capability areas</h2>' in page
    assert re.search(r'<input[^>]*name="title"[^>]*\brequired\b', page)


def test_sending_the_new_offer_form_twice_saves_one_draft(client, startup_a_admin, fpv_area):
    # given
    login(client, startup_a_admin)
    page = client.get(reverse("offers:create")).content.decode()
    data = {**_form_data(fpv_area), "submission_key": re.search(r'name="submission_key" value="(\w+)"', page)[1]}
    client.post(reverse("offers:create"), data)

    # when
    again = client.post(reverse("offers:create"), data, follow=True)

    # then
    offer = Offer.objects.get()
    assert again.redirect_chain[-1][0] == reverse("offers:detail", args=[offer.pk])
    assert "This form was already sent: the offer is saved once, here." in again.content.decode()
