"""ASGI entry point; the profiles serve WSGI (see docs/architecture.md)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vocweek.settings")

application = get_asgi_application()
