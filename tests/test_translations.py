"""The Ukrainian catalogue as committed: every entry translated and none left aside. makemessages sets aside
(as obsolete) a text it no longer finds in the code, for instance one moved into an f-string, whose expressions
it does not read; compilemessages then leaves it out, and Ukrainian pages show it in English."""

import subprocess
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "uk" / "LC_MESSAGES" / "django.po"


def _entries(*attributes: str) -> str:
    found = subprocess.run(["msgattrib", *attributes, str(CATALOGUE)], capture_output=True, text=True, check=True)
    return found.stdout


def test_every_entry_of_the_ukrainian_catalogue_is_translated():
    assert _entries("--untranslated", "--no-obsolete") == ""
    assert _entries("--only-fuzzy", "--no-obsolete") == ""


def test_no_entry_of_the_ukrainian_catalogue_is_set_aside():
    assert _entries("--only-obsolete") == ""
