"""Evaluate the configured matching engine on a labelled directory and print its metrics."""

from __future__ import annotations

import pathlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from engine import DirectoryCache, config_from_overrides
from engine.evaluation import evaluate_directory
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
    help = "Rank every offer for every need in DIR and print P@5, R@10, nDCG@10, MRR and seconds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="holds needs.jsonl, offers.jsonl and qrels.tsv")
        parser.add_argument("--needs", help="needs file to use instead of DIR/needs.jsonl")
        parser.add_argument(
            "--vector-cache",
            default=settings.BASE_DIR / VECTOR_DIRECTORY,
            help="directory keeping the encoded vectors between runs (default: var/vector-cache)",
        )

    def handle(self, *args, directory: str, needs: str | None, vector_cache: str, **options) -> None:
        root = pathlib.Path(directory)
        for name in ("offers.jsonl", "qrels.tsv"):
            if not (root / name).exists():
                raise CommandError(f"{root / name} not found")
        try:
            config = config_from_overrides(getattr(settings, "MATCHING_ENGINE", None))
        except (TypeError, ValueError) as error:
            raise CommandError(f"settings.MATCHING_ENGINE: {error}") from error
        metrics = evaluate_directory(
            root, config=config, areas=platform_areas(), needs_file=needs, cache=DirectoryCache(vector_cache)
        )
        self.stdout.write("\n".join(metrics.lines()))
