"""Facts about the layout that anyone can check: short modules, and dependencies that flow one way."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each app may import the apps before it, never one after it; `demo` may import them all.
APP_ORDER = ("taxonomy", "audit", "profiles", "legal", "notifications", "offers", "needs", "matching", "demo")
# The project package's wiring (URLs, API routes, API authentication) imports the apps; the rest of
# it (settings, Celery, transitions, refusals, search, API errors and pages) is below every app.
PROJECT_WIRING = {"innovation_office/urls.py", "innovation_office/api/urls.py", "innovation_office/api/auth.py"}
# The matching engine is a library without Django, below the project package and every app: it
# imports none of them, and any of them may use it (the catalogues' search reads text as it does).
LIBRARIES = ("engine",)
CODE_FOLDERS = (*APP_ORDER, *LIBRARIES, "innovation_office", "benchmarks", "scripts", "tests")
MAX_LINES = 400


def python_files(*folders: str) -> list[Path]:
    return [path for folder in folders for path in sorted((ROOT / folder).rglob("*.py")) if ".venv" not in path.parts]


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_is_over_400_lines_outside_migrations():
    long = {
        relative(path): lines
        for path in python_files(*CODE_FOLDERS)
        if "migrations" not in path.parts and (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.parametrize("app", APP_ORDER)
def test_an_app_imports_only_the_apps_before_it(app):
    later = set(APP_ORDER[APP_ORDER.index(app) + 1 :])
    wrong = {relative(path): sorted(imported_packages(path) & later) for path in python_files(app)}
    assert {path: names for path, names in wrong.items() if names} == {}


def test_the_project_package_imports_apps_only_in_its_wiring():
    wrong = {
        relative(path): sorted(imported_packages(path) & set(APP_ORDER))
        for path in python_files("innovation_office")
        if relative(path) not in PROJECT_WIRING
    }
    assert {path: names for path, names in wrong.items() if names} == {}


@pytest.mark.parametrize("library", LIBRARIES)
def test_a_library_imports_neither_the_project_nor_an_app(library):
    above = {*APP_ORDER, "innovation_office"}
    wrong = {relative(path): sorted(imported_packages(path) & above) for path in python_files(library)}
    assert {path: names for path, names in wrong.items() if names} == {}
