"""Template context shared by both shells."""

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"site_name": settings.VOCWEEK_SITE_NAME}
