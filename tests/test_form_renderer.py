"""The project's form renderer draws a select itself: exactly what Django's own templates draw, for every kind
of select the forms use."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from innovation_office.forms import SELECT_TEMPLATE, FormRenderer


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
