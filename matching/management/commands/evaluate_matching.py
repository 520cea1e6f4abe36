"""Evaluate the configured matching engine on a labelled directory and print its metrics."""

from __future__ import annotations

import json
import pathlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from engine import DirectoryCache, config_from_overrides
from engine.areas import AreaSuggester
from engine.calibration import DEFAULT_PATH as CALIBRATION_PATH
from engine.calibration import to_json as calibration_json
from engine.encoders import CachedEncoder, make_encoder
from engine.evaluation import (
    TEXT_ONLY,
    ablate,
    area_accuracy,
    evaluate_directory,
    fit_calibration,
    needs_files,
    rank_directory,
    read_jsonl,
)
from engine.platform import load_areas
from engine.records import offer_from_mapping, request_from_mapping

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
        "Rank every offer for every need in each DIR (English needs, and Ukrainian ones when DIR has "
        "needs-uk.jsonl) and print P@5, R@10, nDCG@10, MRR, the calibration error and seconds per set and "
        "language (and how often a near-miss comes first, where DIR has near-misses.tsv)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directories",
            nargs="+",
            metavar="DIR",
            help="holds needs.jsonl, offers.jsonl and qrels.tsv (and needs-uk.jsonl, near-misses.tsv)",
        )
        parser.add_argument("--needs", help="with one DIR: a needs file to use instead of DIR's")
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
            help="with one DIR: fit the mapping from evidence to relevance on every judged need and write it "
            "where the engine ships it",
        )

    def handle(
        self,
        *args,
        directories: list[str],
        needs: str | None,
        vector_cache: str,
        ablation: bool,
        only,
        calibrate,
        **options,
    ) -> None:
        roots = [pathlib.Path(directory) for directory in directories]
        for root in roots:
            for name in ("offers.jsonl", "qrels.tsv"):
                if not (root / name).exists():
                    raise CommandError(f"{root / name} not found")
        if (needs or calibrate) and len(roots) > 1:
            raise CommandError("--needs and --calibrate take one DIR")
        try:
            config = config_from_overrides(getattr(settings, "MATCHING_ENGINE", None))
        except (TypeError, ValueError) as error:
            raise CommandError(f"settings.MATCHING_ENGINE: {error}") from error
        cache = DirectoryCache(vector_cache)
        areas = platform_areas()
        for root in roots:
            files = {pathlib.Path(needs).stem: needs} if needs else needs_files(root)
            prefix = f"set={root.resolve().name} "
            if ablation:
                for label, quality, seconds in ablate(root, config=config, areas=areas, cache=cache, only=only):
                    figures = " ".join(f"ndcg_{name}={value:.4f}" for name, value in quality.items())
                    self.stdout.write(
                        f"{prefix}without={label.replace(' ', '_')} {figures} ms_per_need={seconds * 1000:.1f}"
                    )
                    self.stdout.flush()
                continue
            if calibrate:
                ranked = rank_directory(root, files, config=config, areas=areas, cache=cache, text_only=TEXT_ONLY)
                mappings = fit_calibration(ranked)
                CALIBRATION_PATH.write_text(calibration_json(mappings))
                steps = ", ".join(f"{language}: {len(mapping.evidence)}" for language, mapping in mappings.items())
                self.stdout.write(f"wrote the steps ({steps}) to {CALIBRATION_PATH.name}")
                return
            for name, metrics in evaluate_directory(root, config=config, areas=areas, files=files, cache=cache).items():
                self.stdout.write(f"{prefix}needs={name} " + " ".join(metrics.lines()))
                self.stdout.flush()
            offers = [offer_from_mapping(offer) for offer in read_jsonl(root / "offers.jsonl")]
            needs_read = {
                name: [request_from_mapping(n) for n in read_jsonl(pathlib.Path(p))] for name, p in files.items()
            }
            self.area_lines(prefix, offers, needs_read, config, areas, cache)
        if not (ablation or needs) and apps.is_installed("demo"):
            data = pathlib.Path(apps.get_app_config("demo").path) / "data"
            offers = [
                offer_from_mapping({**o, "id": str(i)})
                for i, o in enumerate(json.loads((data / "offers.json").read_text()))
            ]
            requests = [
                request_from_mapping({**r, "id": str(i)})
                for i, r in enumerate(json.loads((data / "requests.json").read_text()))
            ]
            self.area_lines("set=demo ", offers, {"requests": requests}, config, areas, cache)

    def area_lines(self, prefix, offers, needs, config, areas, cache) -> None:
        """How well the engine suggests areas for records tagged by hand (none when none is)."""
        encoder = make_encoder(config.encoder)
        if encoder is None or not any(offer.areas for offer in offers):
            return
        encoder = CachedEncoder(encoder, cache)
        accuracy = area_accuracy(
            offers,
            needs,
            lambda vectors, tags: AreaSuggester(areas, encoder, vectors, tags),
            encoder.encode,
            config.encoder_max_chars,
        )
        for name, (first, three) in accuracy.items():
            self.stdout.write(f"{prefix}areas={name} top1={first:.3f} top3={three:.3f}")
