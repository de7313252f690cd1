"""Environment access for settings: every knob is an environment variable with an embedded default."""

import sys
from pathlib import Path

import environ

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent
# Under pytest the settings switch to fast hashing, immediate tasks and a separate var/ folder;
# pytest-django loads settings before any conftest runs, so this cannot wait for a fixture.
TESTING = env.bool("VOCWEEK_TESTING", default="pytest" in sys.modules)
VAR_DIR = Path(
    env.str("VOCWEEK_VAR_DIR", default=str(BASE_DIR / "var" / ("test" if TESTING else "")))
)


def generated_secret_key() -> str:
    """Return the secret kept in var/secret_key, creating it on first use (embedded profile only)."""
    from django.core.management.utils import get_random_secret_key

    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()
