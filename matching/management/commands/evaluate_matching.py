"""Evaluate the configured matching engine on a labelled directory and print its metrics."""

from __future__ import annotations

import pathlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from engine import DirectoryCache, config_from_overrides
from engine.calibration import DEFAULT_PATH as CALIBRATION_PATH
from engine.calibration import to_json as calibration_json
from engine.evaluation import ablate, evaluate_directory, fit_calibration, needs_files, rank_directory
from engine.platform import load_areas

TAXONOMY_FILE = pathlib.Path("data") / "capability_areas.json"
# The development set's texts are no catalogue's: their vectors stay in a directory, out of the platform's table.
VECTOR_DIRECTORY = pathlib.Path("var") / "vector-cache"


def platform_areas() -> list:
    """The platform's capability areas, from the taxonomy app's data file when it has one."""
    if not apps.is_installed("taxonomy"):
        return []
    path = pathlib.Path(apps.get_app_config("taxonomy").path) / TAXONOMY_FILE
    return load_areas(path) if path.exists() else []


class Command(BaseCommand):
    help = (
        "Rank every offer for every need in DIR (English needs, and Ukrainian ones when DIR has needs-uk.jsonl) "
        "and print P@5, R@10, nDCG@10, MRR, the calibration error and seconds per language."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="holds needs.jsonl, offers.jsonl and qrels.tsv (and needs-uk.jsonl)")
        parser.add_argument("--needs", help="one needs file to use instead of DIR's")
        parser.add_argument(
            "--vector-cache",
            default=settings.BASE_DIR / VECTOR_DIRECTORY,
            help="directory keeping the encoded vectors between runs (default: var/vector-cache)",
        )
        parser.add_argument(
            "--ablation",
            action="store_true",
            help="print nDCG@10 of the configuration and of each feature turned off in turn",
        )
        parser.add_argument("--only", action="append", help="with --ablation: just this feature (repeatable)")
        parser.add_argument(
            "--calibrate",
            action="store_true",
            help="fit the mapping from evidence to relevance on every judged need and write it "
            "where the engine ships it",
        )

    def handle(
        self, *args, directory: str, needs: str | None, vector_cache: str, ablation: bool, only, calibrate, **options
    ) -> None:
        root = pathlib.Path(directory)
        for name in ("offers.jsonl", "qrels.tsv"):
            if not (root / name).exists():
                raise CommandError(f"{root / name} not found")
        try:
            config = config_from_overrides(getattr(settings, "MATCHING_ENGINE", None))
        except (TypeError, ValueError) as error:
            raise CommandError(f"settings.MATCHING_ENGINE: {error}") from error
        cache = DirectoryCache(vector_cache)
        areas = platform_areas()
        files = {pathlib.Path(needs).stem: needs} if needs else needs_files(root)
        if ablation:
            for label, quality, seconds in ablate(root, config=config, areas=areas, cache=cache, only=only):
                figures = " ".join(f"ndcg_{name}={value:.4f}" for name, value in quality.items())
                self.stdout.write(f"without={label.replace(' ', '_')} {figures} ms_per_need={seconds * 1000:.1f}")
                self.stdout.flush()
            return
        if calibrate:
            mappings = fit_calibration(rank_directory(root, files, config=config, areas=areas, cache=cache))
            CALIBRATION_PATH.write_text(calibration_json(mappings))
            steps = ", ".join(f"{language}: {len(mapping.evidence)}" for language, mapping in mappings.items())
            self.stdout.write(f"wrote the steps ({steps}) to {CALIBRATION_PATH.name}")
            return
        for name, metrics in evaluate_directory(root, config=config, areas=areas, files=files, cache=cache).items():
            self.stdout.write(f"needs={name} " + " ".join(metrics.lines()))
