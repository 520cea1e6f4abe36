"""Form rendering: every field is drawn by one accessible template (label, help, errors)."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "includes/field.html"
