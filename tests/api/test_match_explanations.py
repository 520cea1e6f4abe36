"""A match's explanation and checklist over the API: the data, and its text in the reader's language."""

import pytest

from tests.matching.test_explanations import EXPLANATION

pytestmark = pytest.mark.django_db


def test_the_api_serves_the_data_and_its_text_in_the_readers_language(api, world):
    match = world.proposed_match
    match.explanation = EXPLANATION
    match.save(update_fields=["explanation"])
    url = f"/api/v1/matches/{match.pk}/"

    ukrainian = api["staff"].get(url, HTTP_ACCEPT_LANGUAGE="uk").json()
    english = api["staff"].get(url, HTTP_ACCEPT_LANGUAGE="en").json()

    assert english["explanation"]["terms"] == EXPLANATION["terms"]
    assert english["explanation"]["areas"] == [{"area": "demining", "relation": "same"}]
    assert english["explanation"]["text"][0] == "Shared terms: розмінування ≈ demining, flail"
    assert ukrainian["explanation"]["text"][0] == "Спільні терміни: розмінування ≈ demining, flail"
    assert english["checks"][0]["text"] == "TRL 5, below the minimum TRL 8"
    assert "РГТ 5" in ukrainian["checks"][0]["text"]
