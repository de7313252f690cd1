"""The address a request came from, as the log-in throttle and the public rate limits count it.

Behind `VOCWEEK_PROXY_COUNT` reverse proxies, each proxy appends the address it saw to
X-Forwarded-For, so the client is the entry that many places from the right (what a visitor puts
further left is not trusted). Without proxies, or when the header is shorter than expected, the
socket's address (REMOTE_ADDR) is used.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    proxies = settings.VOCWEEK_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
