"""The environment decides the profile; production refuses unsafe defaults."""

import os
import subprocess
import sys

import pytest
from django.db import connection

CHECK = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEBUG, settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1])"
)


def run_settings(**environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VOCWEEK_", "SECRET_KEY", "DATABASE_URL"))
    }
    env |= {"DJANGO_SETTINGS_MODULE": "vocweek.settings", "VOCWEEK_TESTING": "0"} | environment
    return subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, check=False
    )


def test_production_refuses_the_generated_secret_key(tmp_path):
    result = run_settings(VOCWEEK_PRODUCTION="1", VOCWEEK_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug(tmp_path):
    result = run_settings(
        VOCWEEK_PRODUCTION="1",
        VOCWEEK_DEBUG="1",
        SECRET_KEY="x" * 50,
        VOCWEEK_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "VOCWEEK_DEBUG" in result.stderr


def test_production_starts_with_a_real_secret_and_debug_off(tmp_path):
    result = run_settings(
        VOCWEEK_PRODUCTION="1", SECRET_KEY="k" * 50, VOCWEEK_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "Argon2PasswordHasher"]


def test_embedded_profile_generates_and_keeps_its_secret_under_var(tmp_path):
    assert run_settings(VOCWEEK_VAR_DIR=str(tmp_path)).returncode == 0
    secret = (tmp_path / "secret_key").read_text()
    assert len(secret) >= 50
    assert run_settings(VOCWEEK_VAR_DIR=str(tmp_path)).returncode == 0
    assert (tmp_path / "secret_key").read_text() == secret


@pytest.mark.django_db
def test_sqlite_enforces_foreign_keys():
    if connection.vendor != "sqlite":
        pytest.skip("the embedded profile's SQLite pragmas")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
