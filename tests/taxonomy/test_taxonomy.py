"""The capability-area tree seeded by the data migration."""

import pytest
from django.core.cache import cache
from django.utils import translation

from taxonomy.models import CapabilityArea
from taxonomy.selectors import TREE_VERSION_KEY, TREE_VERSION_SECONDS, area_tree, area_with_descendants_ids
from tests.conftest import login

pytestmark = pytest.mark.django_db

REQUIRED_TOPICS = [
    "Unmanned",
    "Counter-UAS",
    "Electronic warfare",
    "ISR",
    "Communications",
    "GNSS",
    "Demining",
    "Artillery",
    "Armour",
    "Medical",
    "Logistics",
    "Energy",
    "Cyber",
    "Space",
    "Training",
    "Fortification",
]


def test_the_migration_seeds_a_bilingual_tree_of_at_least_forty_areas():
    areas = list(CapabilityArea.objects.all())
    assert len(areas) >= 40
    assert all(area.name_en and area.name_uk and area.name_en != area.name_uk for area in areas)
    assert sum(1 for area in areas if area.synonyms_en and area.synonyms_uk) >= 40
    assert any(area.parent_id for area in areas) and any(area.parent_id is None for area in areas)


@pytest.mark.parametrize("topic", REQUIRED_TOPICS)
def test_each_required_topic_is_covered(topic):
    assert CapabilityArea.objects.filter(name_en__icontains=topic).exists()


def test_names_follow_the_active_language():
    area = CapabilityArea.objects.filter(parent__isnull=True).first()
    with translation.override("uk"):
        assert area.name == area.name_uk
    with translation.override("en"):
        assert area.name == area.name_en


def test_the_tree_gives_depths_and_descendants():
    nodes = area_tree()
    child = next(node for node in nodes if node.depth == 1)
    parent = child.area.parent
    assert child.area.pk in area_with_descendants_ids(parent.pk)
    assert parent.pk not in area_with_descendants_ids(child.area.pk)


def test_the_tree_is_read_once_and_again_as_soon_as_an_area_changes(django_assert_num_queries):
    # given: a page has read the tree
    first = area_tree()[0].area

    # when: the office renames an area
    first.name_en = "Counter-drone systems (renamed)"
    first.save(update_fields=["name_en"])

    # then: the next page reads the new name, and the pages after it read no query for the tree
    assert area_tree()[0].area.name_en == "Counter-drone systems (renamed)"
    with django_assert_num_queries(0):
        assert area_with_descendants_ids(first.pk) >= {first.pk}


def test_a_change_saved_by_another_process_shows_on_the_next_page(django_assert_num_queries):
    # given: this process keeps the tree it read
    first = area_tree()[0].area
    # when: another process renames the area (its save replaces the tree's version in the shared cache)
    CapabilityArea.objects.filter(pk=first.pk).update(name_en="Renamed elsewhere")
    cache.set(TREE_VERSION_KEY, "a version another process wrote", None)
    # then
    with django_assert_num_queries(1):
        assert area_tree()[0].area.name_en == "Renamed elsewhere"


def test_a_saved_area_replaces_the_version_again_on_commit(django_capture_on_commit_callbacks):
    area_tree()
    area = CapabilityArea.objects.order_by("position").first()
    with django_capture_on_commit_callbacks(execute=True):
        area.save(update_fields=["name_en"])
        at_save = cache.get(TREE_VERSION_KEY)
    # a page read by another process between the save and the commit, from the rows as they were, is not kept
    assert cache.get(TREE_VERSION_KEY) not in (None, at_save)


def test_a_version_ends_after_its_lifetime_so_a_change_that_sends_no_signal_shows_then(monkeypatch):
    lifetimes = []
    for name in ("add", "set"):
        write = getattr(cache, name)
        monkeypatch.setattr(
            cache,
            name,
            lambda key, value, timeout, write=write: (lifetimes.append((key, timeout)), write(key, value, timeout))[1],
        )
    first = area_tree()[0].area
    first.save(update_fields=["name_en"])
    versions = [lifetime for key, lifetime in lifetimes if key == TREE_VERSION_KEY]
    assert versions and all(lifetime == TREE_VERSION_SECONDS for lifetime in versions)
    # when the version has ended (the cache dropped it), a bulk update made meanwhile shows
    CapabilityArea.objects.filter(pk=first.pk).update(name_en="Renamed by a bulk update")
    cache.delete(TREE_VERSION_KEY)
    assert area_tree()[0].area.name_en == "Renamed by a bulk update"


def test_an_area_placed_before_its_broader_area_is_shown_under_it_and_every_page_still_opens(client, officer_a):
    # Positions are set by hand (the admin, a seed): nothing keeps a narrower area after its broader one.
    broader = CapabilityArea.objects.create(
        slug="test-broader", name_en="Broader test area", name_uk="Ширша", position=900
    )
    narrower = CapabilityArea.objects.create(
        slug="test-narrower", name_en="Narrower test area", name_uk="Вужча", parent=broader, position=0
    )
    nodes = [(node.area.pk, node.depth) for node in area_tree()]
    assert nodes.index((narrower.pk, 1)) == nodes.index((broader.pk, 0)) + 1
    login(client, officer_a)
    with translation.override("en"):
        response = client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Broader test area") < page.index("Narrower test area")
