"""How the staff pages show an engine's explanation."""

from django import template

register = template.Library()


@register.filter
def areas_in_common(explanation) -> list[str]:
    """The capability areas a pair shares, each named once: the engine lists an offered area once per
    requested area it is near (closest first), and again when the text names it as a concept."""
    if not explanation:
        return []
    shown: list[str] = []
    names: set[str] = set()
    for label in explanation.get("shared_areas", []):
        name = label.rsplit(" (", 1)[0]
        if name not in names:
            names.add(name)
            shown.append(label)
    shown.extend(concept for concept in explanation.get("shared_concepts", []) if concept not in names)
    return shown
