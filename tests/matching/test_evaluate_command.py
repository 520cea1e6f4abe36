"""`manage.py evaluate_matching` on a committed slice of the sbir-dev set."""

import pathlib
from io import StringIO

import pytest
from django.core.management import call_command

from matching.models import EncodedVector

SLICE = pathlib.Path(__file__).parent / "data" / "sbir-slice"


@pytest.fixture(scope="module")
def vector_dir(tmp_path_factory) -> pathlib.Path:
    """One vector cache directory for the module: the slice's offers are encoded once."""
    return tmp_path_factory.mktemp("vectors")


@pytest.fixture
def run(vector_dir):
    """Runs the command with the module's vector cache and returns the metrics it printed."""

    def run_command(*args: str, **options) -> dict[str, dict[str, float]]:
        """Metrics by needs file, from lines of `needs=NAME metric=value ...`."""
        out = StringIO()
        call_command("evaluate_matching", *args, stdout=out, vector_cache=str(vector_dir), **options)
        found = {}
        for line in out.getvalue().splitlines():
            pairs = dict(field.split("=") for field in line.split())
            name = pairs.pop("needs")
            found[name] = {metric: float(value) for metric, value in pairs.items()}
        return found

    return run_command


def test_it_prints_the_metrics_and_the_calibration_error_in_both_languages(settings, run):
    settings.MATCHING_ENGINE = {}
    metrics = run(str(SLICE))
    assert list(metrics) == ["en", "uk"]
    assert list(metrics["en"]) == ["p_at_5", "r_at_10", "ndcg_at_10", "mrr", "ece", "seconds"]
    assert metrics["en"]["ndcg_at_10"] > 0.8
    assert metrics["uk"]["ndcg_at_10"] > 0.5
    assert 0.0 <= metrics["en"]["ece"] <= 1.0


def test_it_reads_config_overrides_from_settings(settings, run):
    # Without encoders or glossary nothing carries a Ukrainian need across to English offers.
    settings.MATCHING_ENGINE = {"encoder": "", "english_encoder": "", "glossary": ""}
    assert run(str(SLICE))["uk"]["ndcg_at_10"] < 0.5


def test_it_takes_another_needs_file(settings, run):
    settings.MATCHING_ENGINE = {}
    metrics = run(str(SLICE), needs=str(SLICE / "needs-uk.jsonl"))
    assert list(metrics) == ["needs-uk"]
    assert metrics["needs-uk"]["ndcg_at_10"] > 0.5


def test_it_keeps_the_vectors_in_the_directory_given_and_not_in_the_shared_table(db, settings, run, vector_dir):
    settings.MATCHING_ENGINE = {}
    run(str(SLICE))
    assert any(vector_dir.glob("*/*"))
    assert not EncodedVector.objects.exists()
