"""The evidence a startup gives for vetting: its registration documents and its ownership and sanctions
declaration."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from innovation_office.refusals import forbidden

from ..models import OwnershipDeclaration, RegistrationDocument, User
from ..permissions import may_add_registration_documents
from ..uploads import PDF_MAX_BYTES, check_pdf

DOCUMENTS_FIELD = "documents"
DOCUMENTS_MAX = 5
DECLARATION_FIELDS = (
    "not_under_eu_restrictive_measures",
    "not_controlled_from_restricted_countries",
    "true_and_complete",
)


def check_registration_documents(uploads) -> None:
    """At least one document, at most DOCUMENTS_MAX, each a readable PDF (the check every upload gets)."""
    if not uploads:
        raise ValidationError({DOCUMENTS_FIELD: _("Attach at least one registration document (PDF).")})
    if len(uploads) > DOCUMENTS_MAX:
        raise ValidationError({DOCUMENTS_FIELD: _("Attach at most %(count)d documents.") % {"count": DOCUMENTS_MAX}})
    if sum(upload.size for upload in uploads) > PDF_MAX_BYTES:
        # One request carries them all, and the site refuses larger requests (REQUEST_BODY_MAX_BYTES).
        raise ValidationError(
            {DOCUMENTS_FIELD: _("Together the documents are larger than 10 MB. Upload smaller PDFs.")}
        )
    errors = []
    for upload in uploads:
        try:
            check_pdf(upload, field=DOCUMENTS_FIELD)
        except ValidationError as error:
            errors += [f"{upload.name}: {message}" for message in error.message_dict[DOCUMENTS_FIELD]]
    if errors:
        raise ValidationError({DOCUMENTS_FIELD: errors})


def check_declaration(*, beneficial_owners: str, confirmations: dict[str, bool]) -> None:
    errors = {}
    if not beneficial_owners.strip():
        errors["beneficial_owners"] = _("Name who ultimately owns or controls the company.")
    for name in DECLARATION_FIELDS:
        if confirmations.get(name) is not True:
            errors[name] = _("Registration needs this confirmation.")
    if errors:
        raise ValidationError(errors)


def registration_documents_save(*, organisation, uploads, by: User | None) -> list[RegistrationDocument]:
    """Stores checked documents under random names in private storage; the user's file name is kept as data."""
    documents = []
    for upload in uploads:
        document = RegistrationDocument(organisation=organisation, original_name=upload.name[:200], uploaded_by=by)
        document.file.save(upload.name, upload, save=False)
        document.save()
        documents.append(document)
    return documents


def ownership_declare(
    *, organisation, beneficial_owners: str, confirmations: dict[str, bool], by: User | None
) -> OwnershipDeclaration:
    check_declaration(beneficial_owners=beneficial_owners, confirmations=confirmations)
    return OwnershipDeclaration.objects.create(
        organisation=organisation,
        beneficial_owners=beneficial_owners.strip(),
        declared_by=by,
        **{name: True for name in DECLARATION_FIELDS},
    )


@transaction.atomic
def registration_documents_add(*, organisation, uploads, by: User) -> list[RegistrationDocument]:
    """A startup awaiting vetting adds evidence later (its administrators, while it is pending)."""
    if not may_add_registration_documents(by, organisation):
        forbidden(_("Only the company's administrators add its registration documents, while it awaits vetting."))
    check_registration_documents(uploads)
    documents = registration_documents_save(organisation=organisation, uploads=uploads, by=by)
    for document in documents:
        audit_record("organisation.document_added", actor=by, obj=organisation, detail={"document": document.pk})
    return documents
