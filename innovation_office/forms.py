"""Forms of every app: one accessible template draws each field (label, help, errors), and one helper shows
a service's refusal on the form."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

# The largest number an integer column holds (PostgreSQL's integer): forms and the API refuse larger input as
# a field error rather than fail on it in the database.
DB_INT_MAX = 2_147_483_647


class FormRenderer(TemplatesSetting):
    field_template_name = "includes/field.html"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside its field when the form has one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
