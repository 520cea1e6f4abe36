"""Forms of every app: one accessible template draws each field (label, help, errors), one helper shows
a service's refusal on the form, and one-time keys keep a creation form sent twice from making two objects."""

import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# The largest number an integer column holds (PostgreSQL's integer): forms and the API refuse larger input as
# a field error rather than fail on it in the database.
DB_INT_MAX = 2_147_483_647


class FormRenderer(TemplatesSetting):
    """Fields drawn by one accessible template; a select, a text area and a single input drawn here, to the
    character what Django's templates draw. Their templates include a template for each option and for the
    attributes: they drew an officer's twenty requests in a fifth of the offer's page (7.9 million instructions
    of 38.4; 1.7 drawn here), and a form's text area and hidden inputs in a seventh of a request's page."""

    field_template_name = "includes/field.html"

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            return select_html(context["widget"])
        # A value that is not text (a widget of Django's always gives text) is left to the template, which
        # localises it.
        if template_name == TEXTAREA_TEMPLATE and _is_text(context["widget"]["value"]):
            return textarea_html(context["widget"])
        if template_name in INPUT_TEMPLATES and _is_text(context["widget"]["value"]):
            return input_html(context["widget"])
        return super().render(template_name, context, request)


_WIDGETS = "django/forms/widgets/"
SELECT_TEMPLATE = _WIDGETS + "select.html"
TEXTAREA_TEMPLATE = _WIDGETS + "textarea.html"
# The widgets whose template is input.html alone (tests/test_form_renderer.py reads each to make sure).
INPUT_TEMPLATES = frozenset(
    _WIDGETS + name + ".html"
    for name in (
        "input",
        "text",
        "email",
        "url",
        "tel",
        "search",
        "password",
        "number",
        "hidden",
        "checkbox",
        "date",
        "datetime",
        "time",
        "color",
        "file",
    )
)


def _is_text(value) -> bool:
    return value is None or isinstance(value, str)


def input_html(widget: dict) -> SafeString:
    """What Django's input.html (with attrs.html) draws of a widget's context."""
    value = "" if widget["value"] is None else f" value={_quoted(widget['value'])}"
    return mark_safe(
        f"<input type={_quoted(widget['type'])} name={_quoted(widget['name'])}{value}{_attributes(widget['attrs'])}>"
    )


def textarea_html(widget: dict) -> SafeString:
    """What Django's textarea.html (with attrs.html) draws of a widget's context; its value, as any widget's, is
    text already (Widget.format_value)."""
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return mark_safe(f"<textarea name={_quoted(widget['name'])}{_attributes(widget['attrs'])}>\n{value}</textarea>")


def select_html(widget: dict) -> SafeString:
    """What Django's select.html (with select_option.html and attrs.html) draws of a widget's context. Labels
    are written as text: a number or a date as a label would not be localised as the template localises it (no
    form has one), and an override of those templates is not read."""
    parts = [f"<select name={_quoted(widget['name'])}{_attributes(widget['attrs'])}>"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <optgroup label={_quoted(group_name)}>")
        parts.extend(
            f"\n  <option value={_quoted(option['value'])}{_attributes(option['attrs'])}>"
            f"{conditional_escape(option['label'])}</option>\n"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def _attributes(attrs: dict) -> str:
    # As attrs.html: False leaves the attribute out, True writes its name alone.
    return "".join(
        f" {conditional_escape(name)}" if value is True else f" {conditional_escape(name)}={_quoted(value)}"
        for name, value in attrs.items()
        if value is not False
    )


def _quoted(value) -> str:
    return f'"{conditional_escape(value)}"'


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside its field when the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# One-time keys of creation forms: a form sent twice (Back, then Save again) finds the object its first
# sending made instead of making another. The session remembers the last few keys used, per kind of form.
SUBMISSION_KEY_FIELD = "submission_key"
SUBMISSIONS_REMEMBERED = 20


def submission_key(request) -> str:
    """The key of the form on this page: the one it was sent with, or a new one for a new form."""
    sent = request.POST.get(SUBMISSION_KEY_FIELD, "")
    if request.method == "POST" and len(sent) == 32 and sent.isalnum():
        return sent
    return secrets.token_hex(16)


def submission_done(request, kind: str, key: str) -> int | None:
    """The primary key of the object a form with this key already made, if any."""
    return request.session.get(f"submissions:{kind}", {}).get(key)


def submission_record(request, kind: str, key: str, pk: int) -> None:
    done = request.session.get(f"submissions:{kind}", {})
    done[key] = pk
    request.session[f"submissions:{kind}"] = dict(list(done.items())[-SUBMISSIONS_REMEMBERED:])
