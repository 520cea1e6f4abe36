"""Reads every offer and request again into its search terms: after a change to how text is read (the
engine's glossary, the capability areas, engine/search.py), or for rows written in bulk."""

from django.core.management.base import BaseCommand
from django.db import transaction

from innovation_office.fragments import catalogue_changed
from needs.models import CapabilityRequest
from offers.models import Offer
from taxonomy.reading import search_vector

BATCH = 500


class Command(BaseCommand):
    help = "Store every offer's and request's search terms again."

    def handle(self, *args, **options):
        offers = Offer.objects.select_related("organisation").only(
            "title", "summary", "description", "ml_category", "organisation__legal_name"
        )
        requests = CapabilityRequest.objects.only("title", "title_en", "description", "summary_en")
        for rows, read in (
            (
                offers,
                lambda o: search_vector(o.title, o.summary, o.description, o.ml_category, o.organisation.legal_name),
            ),
            (requests, lambda r: search_vector(r.title, r.title_en, r.description, r.summary_en)),
        ):
            batch = []
            for row in rows.iterator(chunk_size=BATCH):
                row.search_vector = read(row)
                batch.append(row)
                if len(batch) == BATCH:
                    self._write(rows.model, batch)
                    batch = []
            self._write(rows.model, batch)
            if options["verbosity"]:
                self.stdout.write(f"{rows.model._meta.verbose_name_plural}: {rows.count()} read again")
        catalogue_changed()  # the catalogues' pages find by the new terms

    @staticmethod
    def _write(model, batch):
        with transaction.atomic():
            model.objects.bulk_update(batch, ["search_vector"])
