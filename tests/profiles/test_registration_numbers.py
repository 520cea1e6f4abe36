"""Registration numbers folded to one key: look-alikes meet, genuinely different numbers stay apart."""

import pytest

from profiles.registration_numbers import normalise


@pytest.mark.parametrize(
    ("country", "typed", "registered"),
    [
        ("DE", "hrb 123456", "HRB 123456"),
        ("DE", "HRB123456", "HRB 123456"),
        ("DE", "HRB\u00a0123\u2009456", "HRB 123456"),  # no-break and thin spaces
        ("DE", "HRB\u200b123456", "HRB 123456"),  # zero-width space
        ("DE", "\ufeffHRB 123456\u2060", "HRB 123456"),  # byte-order mark, word joiner
        ("DE", "HRB-123.456", "HRB 123456"),
        ("DE", "HRB\u2013123/456", "HRB 123456"),  # en dash, slash
        ("DE", "ＨＲＢ　１２３４５６", "HRB 123456"),  # full-width letters, digits and space
        ("DE", "НRВ 123456", "HRB 123456"),  # Cyrillic Н and В
        ("DE", "HRΒ 123456", "HRB 123456"),  # Greek Beta
        ("FI", "3141592-6", "31415926"),
        ("UA", "АЕОРСНКМТХ-1", "AEOPCHKMTX1"),  # every Cyrillic capital look-alike
        ("UA", "аеорснкмтх-1", "AEOPCHKMTX1"),  # and the small ones
        ("UA", "ІЈЅ 7", "IJS7"),
        ("GR", "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"),
        ("AT", "FN 123456 a", "123456a"),
        ("AT", "FN123456A", "123456A"),
        ("NL", "KvK 12345678", "12345678"),
        ("PL", "KRS 0000123456", "0000123456"),
        ("UA", "ЄДРПОУ 12345678", "12345678"),
        ("UA", "EDRPOU 12345678", "12345678"),
        ("FR", "RCS Paris 123 456 789", "123 456 789"),
        ("FR", "123 456 789 00012", "123456789"),  # a SIRET names its company's SIREN
        ("BE", "123.456.789", "0123.456.789"),
    ],
)
def test_look_alikes_fold_to_the_same_key(country, typed, registered):
    assert normalise(country, typed) == normalise(country, registered)


@pytest.mark.parametrize(
    ("country", "one", "other"),
    [
        ("DE", "HRB 123456", "HRB 123457"),
        ("DE", "HRA 123456", "HRB 123456"),  # another section of the register
        ("DE", "DE123456789", "123456789"),  # a VAT-style country prefix is kept as typed
        ("BE", "BE0123456789", "0123456789"),
        ("DE", "HRB 1234560", "HRB 123456"),
        ("DE", "HRB O123", "HRB 0123"),  # a letter O is not a zero
        ("DE", "HRB I23", "HRB 123"),  # nor an I a one
        ("AT", "FN 123456 a", "FN 123456 b"),
        ("PL", "KRS 0000123456", "KRS 000123456"),  # leading zeros are part of the number
        ("FR", "123456789", "123456788"),
        ("UA", "ФОП 12345678", "12345678"),  # a label not known to the rules stays
        ("UA", "Д 1", "D 1"),  # Cyrillic Д looks like no Latin letter
    ],
)
def test_genuinely_different_numbers_stay_different(country, one, other):
    assert normalise(country, one) != normalise(country, other)


def test_the_rules_of_one_country_do_not_apply_to_another():
    assert normalise("AT", "FN 123") == "123"
    assert normalise("DE", "FN 123") == "FN123"
    assert normalise("FR", "12345678900012") == "123456789"
    assert normalise("DE", "12345678900012") == "12345678900012"


@pytest.mark.parametrize("blank", ["", "   ", "\u200b\u200b", "-./", "\u00ad"])
def test_a_number_of_only_separators_and_invisible_characters_is_empty(blank):
    assert normalise("DE", blank) == ""
