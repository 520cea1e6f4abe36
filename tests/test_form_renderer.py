"""The project's form renderer draws a select, a text area and a single input itself: exactly what Django's own
templates draw, for every kind of those widgets the forms use."""

import datetime
from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from innovation_office.forms import INPUT_TEMPLATES, SELECT_TEMPLATE, TEXTAREA_TEMPLATE, FormRenderer


class _Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "—"), ("a", "Alpha"), ("b", "Beta & <Gamma>")], help_text="Pick one.")
    grouped = forms.ChoiceField(
        choices=[("Air", [("uav", "Drones"), ("cuas", 'Counter-"drone"')]), ("Land", [("ugv", "Ground robots")])],
        required=False,
    )
    numbers = forms.TypedChoiceField(choices=[(1, "One"), (2, "Two")], coerce=int)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")], required=False)
    yes_no = forms.NullBooleanField(widget=forms.NullBooleanSelect)
    translated = forms.ChoiceField(choices=[("en", gettext_lazy("English")), ("safe", mark_safe("<b>bold</b>"))])
    attributed = forms.ChoiceField(
        choices=[("1", "1")],
        widget=forms.Select(attrs={"data-kind": "area's", "disabled": True, "hidden": False, "class": "a b"}),
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"plain": "b", "grouped": "cuas", "numbers": "2", "many": ["x", "z"], "yes_no": "true", "translated": "safe"},
        {"plain": "nonsense", "numbers": "9", "many": ["y"], "yes_no": "false"},
    ],
)
@pytest.mark.parametrize("language", ["en", "uk"])
def test_every_select_is_drawn_as_djangos_templates_draw_it(data, language):
    form = _Everything(data)
    with override(language):
        for field in form:
            context = field.field.widget.get_context(field.html_name, field.value(), field.build_widget_attrs({}))
            context["widget"]["attrs"].setdefault("id", field.auto_id)
            ours = FormRenderer().render(SELECT_TEMPLATE, context)
            djangos = TemplatesSetting().render(SELECT_TEMPLATE, context)
            assert ours == djangos, field.name


def test_a_field_on_a_page_shows_its_options_with_the_chosen_one_selected():
    html = str(_Everything({"plain": "b"})["plain"])

    assert '<option value="b" selected>Beta &amp; &lt;Gamma&gt;</option>' in html
    assert html.startswith('<select name="plain"') and 'aria-describedby="id_plain_helptext"' in html


class _Typed(forms.Form):
    text = forms.CharField(help_text="Say it.", widget=forms.TextInput(attrs={"placeholder": 'a "b" & <c>'}))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}))
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    number = forms.IntegerField(required=False, min_value=1)
    decimal = forms.DecimalField(required=False, localize=True)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    ticked = forms.BooleanField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date", "autofocus": True}))
    upload = forms.FileField(required=False, widget=forms.FileInput)
    off = forms.CharField(required=False, widget=forms.TextInput(attrs={"hidden": False, "readonly": True}))
    phone = forms.CharField(required=False, widget=forms.TelInput)
    found = forms.CharField(required=False, widget=forms.SearchInput)
    colour = forms.CharField(required=False, widget=forms.ColorInput)
    at = forms.TimeField(required=False)
    when = forms.DateTimeField(required=False)
    lazy = forms.CharField(required=False, initial=gettext_lazy("English"))
    safe = forms.CharField(required=False, widget=forms.Textarea, initial=mark_safe("<b>bold</b>"))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": "<script>x</script>",
            "note": 'line one\n\nline "two" & <three>',
            "email": "a@b.example",
            "number": "0",
            "decimal": "1234.5",
            "secret": "s&cret",
            "hidden": "",
            "ticked": "on",
            "day": "2026-12-07",
            "phone": "+380 44 000 00 00",
            "found": "a <b> & c",
            "colour": "#ff0000",
            "at": "09:30",
            "when": "2026-12-07 09:30",
        },
        {"text": "", "note": "", "number": "x", "decimal": "1,5", "day": datetime.date(2026, 1, 2).isoformat()},
    ],
)
@pytest.mark.parametrize("language", ["en", "uk"])
def test_every_text_area_and_input_is_drawn_as_djangos_templates_draw_it(data, language):
    form = _Typed(data)
    with override(language):
        for field in form:
            widget = field.field.widget
            context = widget.get_context(field.html_name, field.value(), field.build_widget_attrs({}))
            context["widget"]["attrs"].setdefault("id", field.auto_id)
            template = widget.template_name
            assert template == TEXTAREA_TEMPLATE or template in INPUT_TEMPLATES, field.name
            ours = FormRenderer().render(template, context)
            djangos = TemplatesSetting().render(template, context)
            assert ours == djangos, field.name


@pytest.mark.parametrize("template", sorted(INPUT_TEMPLATES - {"django/forms/widgets/input.html"}))
def test_each_widget_drawn_as_an_input_is_an_input_in_djangos_templates(template):
    # Drawing these as input.html is right only while Django's template is that include alone.
    source = Path(django.__file__).parent / "forms" / "templates" / template

    assert source.read_text().strip() == '{% include "django/forms/widgets/input.html" %}'


def test_a_text_area_on_a_page_keeps_what_was_typed():
    html = str(_Typed({"note": "Bring <spares> & fuel"})["note"])

    assert html.startswith('<textarea name="note" cols="40" rows="3" maxlength="1000"')
    assert html.endswith(">\nBring &lt;spares&gt; &amp; fuel</textarea>")


class _NumberArea(forms.Textarea):
    def format_value(self, value):
        return value  # a number, as no widget of Django's gives


def test_a_value_that_is_not_text_is_left_to_djangos_template_which_localises_it():
    widget = _NumberArea()
    with override("uk"):
        html = widget.render("amount", 1234.5, renderer=FormRenderer())

    assert html.endswith(">\n1234,5</textarea>")
