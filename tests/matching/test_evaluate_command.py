"""`manage.py evaluate_matching` on a committed slice of the sbir-dev set."""

import json
import pathlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

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
        """Metrics by needs file, from lines of `set=DIR needs=NAME metric=value ...`."""
        out = StringIO()
        call_command("evaluate_matching", *args, stdout=out, vector_cache=str(vector_dir), **options)
        found = {}
        for line in out.getvalue().splitlines():
            pairs = dict(field.split("=") for field in line.split())
            if "needs" not in pairs:  # the accuracy of area suggestions
                continue
            pairs.pop("set")
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


def write_tagged_set(root: pathlib.Path) -> pathlib.Path:
    """A small set whose records carry areas, with a near-miss."""
    root.mkdir()
    offers = [
        (
            "o1",
            "Sokil interceptor drone",
            "Radar-cued interceptor drone that rams Shahed attack drones at night.",
            "uas-aerial-interceptor",
        ),
        (
            "o2",
            "Target-7 aerial target",
            "Jet-powered target drone for air-defence training ranges.",
            "training-targets",
        ),
        ("o3", "HemoStop tourniquet", "Windlass tourniquet for tactical combat casualty care.", "medical-tactical"),
        (
            "o4",
            "Kestrel interceptor",
            "Fast FPV interceptor drone against reconnaissance drones.",
            "uas-aerial-interceptor",
        ),
    ]
    lines = [json.dumps({"id": i, "title": t, "description": d, "areas": [a]}) for i, t, d, a in offers]
    (root / "offers.jsonl").write_text("\n".join(lines) + "\n")
    need = {
        "id": "n1",
        "title": "Interceptor drones against Shaheds",
        "description": "Drones to intercept Shahed drones.",
        "areas": ["uas-aerial-interceptor"],
    }
    (root / "needs.jsonl").write_text(json.dumps(need) + "\n")
    (root / "qrels.tsv").write_text("n1\to1\t2\nn1\to4\t1\nn1\to2\t0\n")
    (root / "near-misses.tsv").write_text("need_id\toffer_id\tkind\twhy\nn1\to2\ttrainer\ta target drone\n")
    return root


def test_it_prints_each_set_and_how_well_areas_are_suggested(settings, vector_dir, tmp_path):
    settings.MATCHING_ENGINE = {}
    tagged = write_tagged_set(tmp_path / "tagged")
    out = StringIO()
    call_command("evaluate_matching", str(SLICE), str(tagged), stdout=out, vector_cache=str(vector_dir))
    lines = out.getvalue().splitlines()
    sets = [line.split()[0] for line in lines]
    assert sets[:3] == ["set=sbir-slice", "set=sbir-slice", "set=tagged"]
    tagged_line = next(line for line in lines if line.startswith("set=tagged needs=en"))
    assert "near_miss_at_1=0.000" in tagged_line
    # the slice has no areas: no line of suggestions; the tagged set and the demo data have them
    areas = [line for line in lines if " areas=" in line]
    assert {line.split()[0] for line in areas} == {"set=tagged", "set=demo"}
    accuracy = dict(field.split("=") for field in next(line for line in areas if "areas=en" in line).split())
    assert float(accuracy["top3"]) == 1.0


def test_it_refuses_to_calibrate_on_more_than_one_set(settings, tmp_path, vector_dir):
    tagged = write_tagged_set(tmp_path / "tagged")
    with pytest.raises(CommandError, match="one DIR"):
        call_command("evaluate_matching", str(SLICE), str(tagged), calibrate=True, vector_cache=str(vector_dir))
