"""Shared fixtures: the seven roles of the permission model, and logging in as any of them."""

import base64
from functools import partial

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from profiles.models import OrganisationKind, VettingState
from profiles.uploads import private_storage
from tests.factories import OrganisationFactory, member_of
from tests.page_queries import assert_pinned

TOTP_SECRET = "JBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Throttle counters and failed log-ins per address live in the cache (a Redis database of the test run's
    own, or memory): every test starts at zero, and with none of the page fragments another test kept."""
    cache.clear()
    caches["fragments"].clear()
    yield
    cache.clear()
    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A page in Ukrainian leaves Ukrainian active in the thread (the locale middleware sets it for the request):
    every test starts in the default language, as a new request does."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _search_engine_of_this_test(settings):
    """The catalogue's search keeps an engine of the offers per process: each test builds its own, from its
    own database, in the request (a thread of its own would not see the test's transaction)."""
    from matching.bridge import search

    settings.SEARCH_ENGINE_IN_BACKGROUND = False
    search.forget()
    yield
    search.forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def private_uploads(tmp_path, monkeypatch):
    """Points the private storage (datasheets, logos) at a temporary folder for one test."""
    storage = private_storage()
    monkeypatch.setattr(storage, "_location", str(tmp_path))
    for cached in ("base_location", "location"):
        monkeypatch.delitem(storage.__dict__, cached, raising=False)
    yield tmp_path
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


@pytest.fixture
def office(db):
    return OrganisationFactory(kind=OrganisationKind.OFFICE, legal_name="EU Defence Innovation Office", country="UA")


@pytest.fixture
def staff(office):
    return member_of(office, email="staff@example.org", full_name="Olga Staff", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_b(office):
    """A second member of the office, for the four-eyes rule."""
    return member_of(office, email="staff.b@example.org", full_name="Bohdan Second", is_staff=True)


@pytest.fixture
def startup_a(db):
    return OrganisationFactory(legal_name="Alpha Drones GmbH")


@pytest.fixture
def startup_b(db):
    return OrganisationFactory(legal_name="Bravo Sensors SAS", country="FR")


@pytest.fixture
def pending_startup(db):
    return OrganisationFactory(legal_name="Charlie Labs", vetting_state=VettingState.PENDING, vetted_at=None)


@pytest.fixture
def unit_a(db):
    return OrganisationFactory(kind=OrganisationKind.UA_UNIT, legal_name="Військова частина А0001", country="UA")


@pytest.fixture
def unit_b(db):
    return OrganisationFactory(kind=OrganisationKind.UA_AGENCY, legal_name="Державне агентство Б", country="UA")


@pytest.fixture
def startup_a_admin(startup_a):
    return member_of(startup_a, email="alpha@example.org", full_name="Anna Alpha")


@pytest.fixture
def startup_b_admin(startup_b):
    return member_of(startup_b, email="bravo@example.org", full_name="Bruno Bravo")


@pytest.fixture
def pending_admin(pending_startup):
    return member_of(pending_startup, email="pending@example.org", full_name="Petra Pending")


@pytest.fixture
def officer_a(unit_a):
    return member_of(unit_a, email="officer.a@example.org", full_name="Андрій Офіцер", preferred_language="uk")


@pytest.fixture
def officer_b(unit_b):
    return member_of(unit_b, email="officer.b@example.org", full_name="Борис Офіцер", preferred_language="uk")


def database_url_of_tests() -> str:
    """The test database's address, for the processes a test starts (workers, a second engine); they see
    what a transactional test commits."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def enrol_authenticator(user) -> TOTPDevice:
    return TOTPDevice.objects.create(
        user=user, name="Test authenticator", key=base64.b32decode(TOTP_SECRET).hex(), confirmed=True
    )


def login(client, user, *, second_factor: bool = True):
    """Logs `user` in; with `second_factor`, as if they had also entered a valid TOTP code."""
    client.force_login(user, backend="profiles.backends.AccountBackend")
    if second_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrol_authenticator(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def roles(staff, startup_a_admin, startup_b_admin, pending_admin, officer_a, officer_b):
    """The seven roles of the access table, by name (anonymous is None)."""
    return {
        "anonymous": None,
        "pending_startup": pending_admin,
        "startup_a": startup_a_admin,
        "startup_b": startup_b_admin,
        "officer_a": officer_a,
        "officer_b": officer_b,
        "staff": staff,
    }


@pytest.fixture(autouse=True)
def _taxonomy_after_flush(request):
    """Transactional tests (live server, real workers) empty the tables afterwards, the migration-seeded
    capability areas included: put the areas back before each such test."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from taxonomy.models import CapabilityArea
    from taxonomy.seed import load_area_records, upsert_areas

    if not CapabilityArea.objects.exists():
        upsert_areas(CapabilityArea, load_area_records())


@pytest.fixture
def pinned(django_assert_max_num_queries):
    """assert_pinned (tests/page_queries.py), counted by pytest-django."""
    return partial(assert_pinned, django_assert_max_num_queries)
