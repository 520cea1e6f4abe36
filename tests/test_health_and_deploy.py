"""The health endpoint and production's refusal of an insecure configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SECURE_ENV = {
    "DJANGO_SETTINGS_MODULE": "innovation_office.settings.production",
    "DJANGO_SECRET_KEY": "k" * 10 + "a-long-random-production-secret-for-the-check-9f3e1c77b2",
    "DJANGO_ALLOWED_HOSTS": "match.innovation-office.example",
}


@pytest.mark.django_db
def test_healthz_reports_database_and_redis(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "ok" if settings.REDIS_URL else "not configured",
    }


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_redis(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error")


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=SECURE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_on_an_insecure_configuration(override, message):
    env = {key: value for key, value in {**SECURE_ENV, **override}.items() if value}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def _compose_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_the_mail_catcher_is_reachable_only_from_the_host_itself():
    # when
    mailpit_ports = _compose_services()["mailpit"]["ports"]

    # then: every mail the platform sends (invitation and reset links) is readable there
    assert mailpit_ports
    assert all(str(mapping).startswith("127.0.0.1:") for mapping in mailpit_ports)
