"""Who a public request came from, as far as the platform can tell: its address (as the log-in
throttle and the public rate limits count it), the network of that address, and the browser's
device cookie (for limits per device: votes, likes).

Behind `VOCWEEK_PROXY_COUNT` reverse proxies, each proxy appends the address it saw to
X-Forwarded-For, so the client is the entry that many places from the right (what a visitor puts
further left is not trusted). Without proxies, or when the header is shorter than expected, the
socket's address (REMOTE_ADDR) is used.
"""

import ipaddress
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEVICE_COOKIE = "vocweek_device"
DEVICE_COOKIE_AGE = 400 * 24 * 60 * 60  # the longest browsers keep a cookie


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


def network_of(address: str) -> str:
    """The network an address belongs to: its /24 (IPv4) or /48 (IPv6), as a school's or a
    household's connection is shared; "unknown" when the address cannot be read."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def device_of(request: HttpRequest) -> tuple[str, bool]:
    """The browser's device cookie, and whether it is new (then `remember_device` sets it)."""
    device = request.COOKIES.get(DEVICE_COOKIE, "")
    if 16 <= len(device) <= 64 and device.replace("-", "").replace("_", "").isalnum():
        return device, False
    return secrets.token_urlsafe(24), True


def remember_device(request: HttpRequest, response: HttpResponse, device: str) -> None:
    """Keep a new device cookie in the browser for as long as browsers allow."""
    response.set_cookie(
        DEVICE_COOKIE,
        device,
        max_age=DEVICE_COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
