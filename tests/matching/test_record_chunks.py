"""A cold engine reads every matchable offer and open request by its pk: the pks go to the database a chunk at
a time (a statement whose values are sent apart from it takes at most 65,535), and every record comes back."""

from matching.bridge import records
from tests.factories import OfferFactory
from tests.needs.factories import CapabilityRequestFactory


def test_every_record_is_read_whatever_the_chunk(monkeypatch, db, startup_a, unit_a):
    offers = [str(OfferFactory(organisation=startup_a).pk) for _ in range(5)]
    requests = [str(CapabilityRequestFactory(organisation=unit_a).pk) for _ in range(3)]
    whole = (records.matchable_offer_records(offers), records.open_request_records(requests))
    monkeypatch.setattr(records, "PKS_A_READ", 2)

    chunked = (records.matchable_offer_records(offers), records.open_request_records(requests))

    assert sorted(record.id for record in chunked[0]) == sorted(record.id for record in whole[0]) == sorted(offers)
    assert sorted(record.id for record in chunked[1]) == sorted(requests)


def test_a_catalogue_larger_than_a_statements_parameters_is_read(db, startup_a):
    kept = OfferFactory(organisation=startup_a)
    pks = [str(pk) for pk in range(kept.pk + 1, kept.pk + 70_001)] + [str(kept.pk)]

    assert [record.id for record in records.matchable_offer_records(pks)] == [str(kept.pk)]
    assert records.open_request_records(pks) == []
