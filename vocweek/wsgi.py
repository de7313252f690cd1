"""WSGI entry point (gunicorn in both profiles)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vocweek.settings")

application = get_wsgi_application()
