"""Production settings: secrets from the environment, and Django's deploy check passes."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k7#qX2!pL9@vR4$wT8%yU1^zA6&bC3*dE5(fG0)hJ-+mN_=oPs4Lr8Vn2Wq",
    "ALLOWED_HOSTS": "aftale.example.dk",
    "DATABASE_URL": "postgres://portal@db.example.dk:5432/portal",
    "CELERY_BROKER_URL": "redis://redis.example.dk:6379/0",
    "CACHE_URL": "redis://redis.example.dk:6379/2",
}


def manage(*args, env):
    # The test run's own settings stay out: a deployment has none of them.
    excluded = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    base = {key: value for key, value in os.environ.items() if key not in excluded}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", env={**PRODUCTION_ENV, "ALLOWED_HOSTS": ""})

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_a_bad_value_stops_the_start_up():
    result = manage("check", env={**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "a year"})

    assert result.returncode != 0
    assert "invalid literal" in result.stderr


@pytest.mark.parametrize("command", ["seed_demo", "bench"])
def test_production_has_no_development_commands(command):
    result = manage(command, env=PRODUCTION_ENV)

    assert result.returncode != 0
    assert f"Unknown command: '{command}'" in result.stderr
