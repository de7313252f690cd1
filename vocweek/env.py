"""Environment access for settings: every knob is an environment variable with an embedded default."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VOCWEEK_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()


def generated_secret_key() -> str:
    """Return the secret kept in var/secret_key, creating it on first use (embedded profile only)."""
    from django.core.management.utils import get_random_secret_key

    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()
