"""The vetting page staff can defend to an auditor: the evidence on one page, no decision chosen in advance,
a written rationale for every decision, every error at once, and the four-eyes rule's buttons."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from profiles.models import ProposalState, VettingProposal, VettingState
from tests.conftest import login
from tests.factories import OfferFactory, with_evidence
from tests.files import html_as_pdf_upload, pdf_upload

pytestmark = pytest.mark.django_db
RATIONALE = "Register extract matches; owners declared and screened."


def _page_url(organisation) -> str:
    return reverse("profiles_staff:organisation_detail", args=[organisation.pk])


def _decision_select(page: str) -> str:
    return re.search(r'<select name="to_state".*?</select>', page, re.S).group(0)


def test_regression_no_decision_is_preselected(client, staff, pending_startup):
    # given: the site walk found the list starting on "Vetted", so one click vetted an organisation
    login(client, staff)

    # when
    page = client.get(_page_url(pending_startup)).content.decode()

    # then
    select = _decision_select(page)
    assert re.findall(r'<option value="([a-z]*)"[^>]*>([^<]*)<', select)[0] == ("", "Choose a decision")
    assert not re.search(r'<option value="[a-z]+" selected', select)


def test_regression_vetting_without_a_note_is_refused(client, staff, pending_startup):
    # given
    login(client, staff)

    # when
    response = client.post(_page_url(pending_startup), {"to_state": "vetted", "note": ""})

    # then
    assert response.status_code == 200
    assert "Write the reason for the decision" in response.content.decode()
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.PENDING


def test_every_error_is_shown_at_once(client, staff, pending_startup):
    # given
    login(client, staff)

    # when
    page = client.post(_page_url(pending_startup), {"to_state": "", "note": "short"}).content.decode()

    # then
    assert "Choose a decision." in page
    assert "Ensure this value has at least 10 characters" in page
    pending_startup.refresh_from_db()
    assert pending_startup.vetting_state == VettingState.PENDING


def test_the_page_shows_the_evidence(client, staff, pending_startup, pending_admin, private_uploads):
    # given
    pending_startup.ncage_code = "C0FFE"
    pending_startup.save(update_fields=["ncage_code"])
    document = with_evidence(pending_startup, name="Handelsregisterauszug.pdf")
    offer = OfferFactory(organisation=pending_startup, title="Passive radar kit", state="draft", published_at=None)
    login(client, staff)

    # when
    page = client.get(_page_url(pending_startup)).content.decode()

    # then
    assert "Handelsregisterauszug.pdf" in page
    assert reverse("profiles:registration_document", args=[document.pk]) in page
    assert pending_startup.registration_number in page
    assert "C0FFE" in page
    assert "Clara Charlie (Germany), 100%." in page
    assert "Not listed under EU restrictive measures." in page
    assert "Passive radar kit" in page and reverse("offers:detail", args=[offer.pk]) in page
    assert "Petra Pending" in page


def test_the_page_reads_the_evidence_in_a_bounded_number_of_queries(
    client, staff, pending_startup, private_uploads, django_assert_max_num_queries
):
    # given
    for number in range(3):
        with_evidence(pending_startup, name=f"doc-{number}.pdf")
        OfferFactory(organisation=pending_startup, state="draft", published_at=None)
    login(client, staff)

    # when / then
    with django_assert_max_num_queries(25):
        client.get(_page_url(pending_startup))


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("pending_startup", 200), ("startup_a", 404), ("officer_a", 404), ("anonymous", 302)],
)
def test_a_document_downloads_only_for_staff_and_its_own_members(
    client, roles, pending_startup, private_uploads, role, status
):
    # given
    document = with_evidence(pending_startup)
    if roles[role] is not None:
        login(client, roles[role])

    # when
    response = client.get(reverse("profiles:registration_document", args=[document.pk]))

    # then
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


class TestFourEyes:
    @pytest.fixture(autouse=True)
    def _rule_on(self, settings):
        settings.VETTING_FOUR_EYES = True

    def test_the_proposer_is_told_to_wait_and_cannot_confirm(self, client, staff, pending_startup):
        # given
        login(client, staff)

        # when
        client.post(_page_url(pending_startup), {"to_state": "vetted", "note": RATIONALE})
        page = client.get(_page_url(pending_startup)).content.decode()
        proposal = VettingProposal.objects.get()
        refused = client.post(
            reverse("profiles_staff:review_vetting_proposal", args=[proposal.pk]), {"review-decision": "confirm"}
        )

        # then
        assert 'data-testid="awaiting-second"' in page
        assert RATIONALE in page
        assert "Confirm the decision" not in page
        assert "vetted" not in re.findall(r'<option value="([a-z]*)"', _decision_select(page))
        assert refused.status_code == 403
        pending_startup.refresh_from_db()
        assert pending_startup.vetting_state == VettingState.PENDING

    def test_a_second_staff_member_confirms_from_the_page(self, client, staff, staff_b, pending_startup):
        # given
        login(client, staff)
        client.post(_page_url(pending_startup), {"to_state": "vetted", "note": RATIONALE})
        proposal = VettingProposal.objects.get()

        # when
        login(client, staff_b)
        page = client.get(_page_url(pending_startup)).content.decode()
        response = client.post(
            reverse("profiles_staff:review_vetting_proposal", args=[proposal.pk]),
            {"review-decision": "confirm", "review-note": ""},
        )

        # then
        assert "Confirm the decision" in page and "Decline the proposal" in page
        assert "Olga Staff" in page
        assert response.status_code == 302
        pending_startup.refresh_from_db()
        assert pending_startup.vetting_state == VettingState.VETTED

    def test_declining_without_a_reason_says_so(self, client, staff, staff_b, pending_startup):
        # given
        login(client, staff)
        client.post(_page_url(pending_startup), {"to_state": "vetted", "note": RATIONALE})
        proposal = VettingProposal.objects.get()
        login(client, staff_b)

        # when
        response = client.post(
            reverse("profiles_staff:review_vetting_proposal", args=[proposal.pk]),
            {"review-decision": "decline", "review-note": ""},
        )

        # then
        assert response.status_code == 400
        assert "Write the reason for the decision" in response.content.decode()
        proposal.refresh_from_db()
        assert proposal.state == ProposalState.PENDING

    def test_the_vetting_queue_shows_what_awaits_a_second_staff_member(
        self, client, staff, pending_startup, django_assert_max_num_queries
    ):
        # given
        login(client, staff)
        client.post(_page_url(pending_startup), {"to_state": "vetted", "note": RATIONALE})

        # when
        with django_assert_max_num_queries(12):
            page = client.get(reverse("profiles_staff:organisation_list"), {"state": "pending"}).content.decode()

        # then
        assert 'data-testid="awaits-confirmation"' in page
        assert "Review the proposal" in page


def test_a_pending_startup_adds_documents_later(client, pending_admin, private_uploads):
    # given
    login(client, pending_admin)

    # when
    response = client.post(reverse("profiles:registration_documents"), {"documents": [pdf_upload("late.pdf")]})

    # then
    assert response.status_code == 302
    organisation = pending_admin.organisation
    assert organisation.registration_documents.get().original_name == "late.pdf"
    assert AuditEntry.objects.filter(action="organisation.document_added", actor=pending_admin).exists()
    assert "late.pdf" in client.get(reverse("profiles:registration_documents")).content.decode()


def test_a_bad_late_document_is_named_and_must_be_chosen_again(client, pending_admin, private_uploads):
    login(client, pending_admin)

    page = client.post(reverse("profiles:registration_documents"), {"documents": [html_as_pdf_upload()]})

    assert "not a PDF" in page.content.decode() and "choose them again" in page.content.decode()
    assert not pending_admin.organisation.registration_documents.exists()


def test_a_vetted_startup_reads_its_documents_but_adds_none(client, startup_a, startup_a_admin, private_uploads):
    # given
    with_evidence(startup_a)
    login(client, startup_a_admin)

    # when
    page = client.get(reverse("profiles:registration_documents")).content.decode()
    refused = client.post(reverse("profiles:registration_documents"), {"documents": [pdf_upload()]})

    # then
    assert "Register extract.pdf" in page and 'name="documents"' not in page
    assert refused.status_code == 403
    assert startup_a.registration_documents.count() == 1


def test_the_home_and_company_pages_lead_a_pending_startup_to_its_documents(client, pending_admin):
    login(client, pending_admin)

    for page in ("profiles:home", "offers:company_profile"):
        assert reverse("profiles:registration_documents") in client.get(reverse(page)).content.decode(), page


def test_the_page_lists_the_most_recent_offers_and_links_to_all_of_them(client, staff, startup_a):
    # given
    for number in range(25):
        OfferFactory(organisation=startup_a, title=f"Offer number {number}")

    # when
    page = login(client, staff).get(_page_url(startup_a)).content.decode()

    # then
    listed = re.findall(r">Offer number (\d+)</a>", page)
    assert len(listed) == 20
    assert f'href="{reverse("offers:catalogue")}?organisation={startup_a.pk}"' in page
    assert "The 20 most recent offers are listed" in page
