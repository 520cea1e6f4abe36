"""The files of the work after the introduction, each only to the two parties and staff (through
work_match_get, else 404): a message's attachment, a meeting's calendar file, the export licence, a report's
photo. A PDF is always a download; an image is the clean PNG that was stored; nothing is cached."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from innovation_office.refusals import not_found
from profiles.uploads import pdf_download

from .. import states
from ..calendar import meeting_invitation
from ..models import MeetingState
from ..selectors.together import meeting_get, message_get, report_results, work_match_get


def _png(file) -> FileResponse:
    response = FileResponse(file.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A message's attachment, only to the three parties: a PDF as a download, an image as a PNG."""
    message = message_get(request.user, pk)
    if not message.attachment:
        not_found()
    if message.attachment.name.endswith(".pdf"):
        return pdf_download(message.attachment, name=message.attachment_name.removesuffix(".pdf"), fallback="file")
    return _png(message.attachment)


@login_required
@require_GET
def meeting_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmed meeting as a calendar file, for adding it again."""
    meeting = meeting_get(request.user, pk)
    if meeting.state != MeetingState.CONFIRMED:
        not_found()
    response = HttpResponse(meeting_invitation(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def licence_document(request: HttpRequest, pk: int) -> FileResponse:
    match = work_match_get(request.user, pk)
    licence = states.related(match, "export_licence")
    if licence is None or not licence.document:
        not_found()
    return pdf_download(licence.document, name=f"licence {licence.number}", fallback="licence")


@login_required
@require_GET
def result_photo(request: HttpRequest, pk: int, result: int) -> FileResponse:
    match = work_match_get(request.user, pk)
    photo = next((row.photo for row in report_results(match) if row.pk == result and row.photo), None)
    if photo is None:
        not_found()
    return _png(photo)
