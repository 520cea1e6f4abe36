"""The health endpoint and production's refusal of an insecure configuration."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from django.utils.module_loading import import_string
from gunicorn.config import Config as GunicornConfig

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


def _image_logger_class():
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    command = json.loads(re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1))
    name = command[command.index("--logger-class") + 1] if "--logger-class" in command else "gunicorn.glogging.Logger"
    return import_string(name)


def test_the_access_log_of_the_image_does_not_write_the_tokens_of_e_mailed_links():
    # given
    logger = _image_logger_class()(GunicornConfig())
    reset = "/account/password-reset/Mw/dj5d4f-7799e8b72c023d3d07e470d8a27bf8d1/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": reset,
        "PATH_INFO": reset,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://site.example/invitations/Zm9vYmFyLXNlY3JldC10b2tlbg/",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)

    # when
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=1))

    # then
    line = " ".join(str(value) for value in atoms.values())
    assert "dj5d4f-7799e8b72c023d3d07e470d8a27bf8d1" not in line
    assert "Zm9vYmFyLXNlY3JldC10b2tlbg" not in line
    assert "/account/password-reset/Mw/" in atoms["r"]


def _mounted_volume_holding(service: dict, path: str) -> str | None:
    """The named volume mounted at `path` or above it in a compose service, if any."""
    for mount in service.get("volumes", []):
        source, _colon, target = mount.partition(":")
        target = target.split(":")[0]
        if Path(path).is_relative_to(target) and not source.startswith((".", "/")):
            return source
    return None


@pytest.mark.parametrize("name", ["web", "worker"])
def test_uploads_in_the_compose_deployment_are_written_to_a_named_volume(name):
    # given: the settings production computes from the service's environment
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    service = compose["services"][name]
    environment = {key: str(value) for key, value in service["environment"].items() if key.startswith("DJANGO_")}
    script = "from django.conf import settings; print(settings.STORAGES['private']['OPTIONS']['location'])"

    # when
    result = _manage("shell", "-c", script, env={**SECURE_ENV, **environment})

    # then
    assert result.returncode == 0, result.stderr
    uploads = result.stdout.strip().splitlines()[-1]
    volume = _mounted_volume_holding(service, uploads)
    assert volume in (compose.get("volumes") or {}), f"{uploads} is inside the {name} container, not on a volume"


def test_the_image_gives_the_upload_folder_to_the_app_user_so_a_fresh_volume_is_writable():
    # A named volume mounted on an empty path is created for root; on a folder of the image, it copies the
    # folder's owner, here the unprivileged user the containers run as.
    environment = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["environment"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    uploads, media = environment["DJANGO_PRIVATE_MEDIA_ROOT"], environment["DJANGO_MEDIA_ROOT"]
    assert re.search(rf"mkdir -p {re.escape(uploads)}\b", dockerfile)
    assert re.search(rf"chown -R app [^&\n]*{re.escape(media)}\b", dockerfile)
    assert "USER app" in dockerfile


@pytest.mark.parametrize("pool", ["true", "false"])
def test_the_database_urls_own_options_are_kept_beside_the_prepared_statements(pool):
    url = "postgres://someone@db.example:5432/office?sslmode=require&connect_timeout=7"
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(sorted(settings.DATABASES['default']['OPTIONS'].items()))",
        env={**SECURE_ENV, "DATABASE_URL": url, "DJANGO_DB_POOL": pool},
    )
    assert result.returncode == 0, result.stderr
    assert "('sslmode', 'require')" in result.stdout and "('connect_timeout', " in result.stdout
    assert "('server_side_binding', True)" in result.stdout
    assert ("('pool', " in result.stdout) == (pool == "true")
