"""Checking a topic website (专题网站) in the background: does it answer, and what is its title.

`check_website` never raises and never lets a filing fail: whatever goes wrong becomes an
"unreachable" result with a short reason for the log. Because the address comes from a form, the
check is built not to be turned against the platform's own network:

- only http and https, on the URL's port;
- the host is resolved once (getaddrinfo, bounded by the time limit) and refused unless every
  address is public: not private, loopback, link-local, multicast, reserved or unspecified, IPv4
  mapped into IPv6 included (`VOCWEEK_WEBSITE_CHECK_ALLOW_PRIVATE` lifts this, for tests only);
- the connection goes to the validated address itself, never through a second lookup; https
  wraps it with the URL's host name as SNI and with certificate and host-name verification on;
- at most three redirects, each checked the same way; one time limit for the whole check
  (`VOCWEEK_WEBSITE_CHECK_TIMEOUT`, 5 s), enforced by a watchdog that closes a slow socket; at
  most `VOCWEEK_WEBSITE_CHECK_MAX_BYTES` (256 KB) of the page read.

The title is read with the charset of the headers, else of the page's <meta>, else UTF-8, else
GB 18030 (a superset of the GBK and GB 2312 many Chinese sites still use).
"""

import codecs
import contextlib
import http.client
import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

from vocweek.plans.enums import WebsiteStatus

logger = logging.getLogger(__name__)

MAX_REDIRECTS = 3
MAX_TITLE_LENGTH = 200
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
READ_CHUNK = 16 * 1024
META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Declared Chinese charsets read as their superset: pages labelled GB 2312 often hold GBK text.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
FALLBACK_CHARSETS = ("utf-8", "gb18030")
# The NAT64 well-known prefix carries an IPv4 address in its last 32 bits.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Characters a request target may carry as they are; anything else is percent-encoded.
PATH_SAFE = "/%:@!$&'()*+,;=-._~"
QUERY_SAFE = PATH_SAFE + "?"


@dataclass(frozen=True)
class WebsiteCheck:
    """What one check of a URL found; `reason` says why it is unreachable (for the log)."""

    status: WebsiteStatus
    http_status: int | None = None
    title: str = ""
    reason: str = ""


class _Refused(Exception):
    """The check stops here; the message is the reason."""


class _Deadline:
    """The one time limit of a check: what is left of it, and a watchdog for blocking reads."""

    def __init__(self, seconds: float) -> None:
        self.ends_at = time.monotonic() + seconds
        self.expired = False

    def remaining(self) -> float:
        left = self.ends_at - time.monotonic()
        if left <= 0:
            self.expired = True
            raise _Refused("timed out")
        return left

    def guard(self, sock: socket.socket) -> threading.Timer:
        """Shut the socket down when time is up, so that a trickling server cannot hold the read.

        `socket.socket.shutdown` on purpose: it wakes a blocked read on a TLS socket too, where
        `SSLSocket.shutdown` would first drop the TLS state under the reading thread.
        """

        def expire() -> None:
            self.expired = True
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

        timer = threading.Timer(max(0.0, self.ends_at - time.monotonic()), expire)
        timer.daemon = True
        timer.start()
        return timer


def check_website(url: str) -> WebsiteCheck:
    """Fetch the page at `url` (public addresses only, bounded time and size) and read its title."""
    deadline = _Deadline(settings.VOCWEEK_WEBSITE_CHECK_TIMEOUT)
    try:
        check = _follow(url, deadline)
    except _Refused as refusal:
        check = WebsiteCheck(WebsiteStatus.UNREACHABLE, reason=str(refusal))
    except ssl.SSLCertVerificationError as error:
        check = WebsiteCheck(
            WebsiteStatus.UNREACHABLE, reason=f"invalid certificate: {error.verify_message}"
        )
    except ssl.SSLError as error:
        check = WebsiteCheck(WebsiteStatus.UNREACHABLE, reason=f"TLS failed: {error.reason}")
    except Exception as error:  # a check never raises: whatever else went wrong, it does not answer
        timed_out = deadline.expired or isinstance(error, TimeoutError)
        reason = "timed out" if timed_out else f"{error.__class__.__name__}: {error}"
        check = WebsiteCheck(WebsiteStatus.UNREACHABLE, reason=reason[:200])
    if check.status == WebsiteStatus.UNREACHABLE:
        logger.info("topic website %s does not answer: %s", url, check.reason)
    return check


def _follow(url: str, deadline: _Deadline) -> WebsiteCheck:
    for _redirect in range(MAX_REDIRECTS + 1):
        response = _fetch(url, deadline)
        if response.location is None:
            return response.check
        url = urljoin(url, response.location)
    # Still redirecting after the last redirect allowed: the server answers, with no page to read.
    return response.check


@dataclass(frozen=True)
class _Response:
    check: WebsiteCheck
    location: str | None = None  # where a redirect points, still to be checked


def _fetch(url: str, deadline: _Deadline) -> _Response:
    """One request to one validated address: the answer, or where it redirects."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise _Refused(f"scheme {scheme or '(none)'} is not http or https")
    if not parts.hostname:
        raise _Refused("no host")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
        port = parts.port or DEFAULT_PORTS[scheme]
    except (UnicodeError, ValueError) as error:
        raise _Refused(f"bad address: {error}") from None
    addresses = _public_addresses(host, port, deadline)
    target = quote(parts.path or "/", safe=PATH_SAFE)
    if parts.query:
        target += "?" + quote(parts.query, safe=QUERY_SAFE)
    connection = _PinnedConnection(
        host, port, addresses=addresses, deadline=deadline, tls=scheme == "https"
    )
    try:
        connection.request(
            "GET",
            target,
            headers={
                "User-Agent": user_agent(),
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                "Accept-Language": "zh-CN,zh;q=0.9",
                "Connection": "close",
            },
        )
        sock = connection.pinned  # http.client drops its own reference once the answer says close
        sock.settimeout(deadline.remaining())
        response = connection.getresponse()
        status = response.status
        location = response.getheader("Location")
        if status in REDIRECT_STATUSES and location:
            return _Response(WebsiteCheck(WebsiteStatus.REACHABLE, http_status=status), location)
        if not 200 <= status < 400:
            return _Response(
                WebsiteCheck(WebsiteStatus.UNREACHABLE, http_status=status, reason=f"HTTP {status}")
            )
        title = ""
        if 200 <= status < 300:
            body = _read_bounded(response, sock, deadline)
            title = page_title(body, response.headers.get_content_charset())
        return _Response(WebsiteCheck(WebsiteStatus.REACHABLE, http_status=status, title=title))
    finally:
        connection.close()
        if connection.watchdog is not None:
            connection.watchdog.cancel()
        if connection.pinned is not None:
            connection.pinned.close()


def user_agent() -> str:
    return f"VocWeek topic-website check (+{settings.VOCWEEK_SITE_URL})"


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address lies on the public internet (IPv4 inside IPv6 judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public_address(address.ipv4_mapped)
        if address in NAT64:
            return is_public_address(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _public_addresses(host: str, port: int, deadline: _Deadline) -> list[tuple]:
    """The host's addresses as (family, socket address), refused unless every one is public."""
    found = _resolve(host, port, deadline)
    if not found:
        raise _Refused(f"{host} has no address")
    if not settings.VOCWEEK_WEBSITE_CHECK_ALLOW_PRIVATE:
        for _family, sockaddr in found:
            address = ipaddress.ip_address(sockaddr[0].split("%")[0])
            if not is_public_address(address):
                raise _Refused(f"{host} resolves to a non-public address ({address})")
    return found


def _resolve(host: str, port: int, deadline: _Deadline) -> list[tuple]:
    """getaddrinfo within the time limit (it has no timeout of its own)."""
    outcome: list = []

    def look_up() -> None:
        try:
            outcome.append(
                socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
            )
        except (OSError, UnicodeError) as error:
            outcome.append(error)

    resolver = threading.Thread(target=look_up, daemon=True)
    resolver.start()
    resolver.join(deadline.remaining())
    if not outcome:
        deadline.expired = True
        raise _Refused(f"looking up {host} timed out")
    if isinstance(outcome[0], Exception):
        raise _Refused(f"looking up {host} failed: {outcome[0]}")
    addresses: list[tuple] = []
    for family, _type, _proto, _name, sockaddr in outcome[0]:
        if family in (socket.AF_INET, socket.AF_INET6) and (family, sockaddr) not in addresses:
            addresses.append((family, sockaddr))
    return addresses


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to addresses validated beforehand: no lookup of its own.

    The Host header, SNI and certificate check use the URL's host name; the socket goes to the
    validated address, tried in the resolver's order.
    """

    def __init__(
        self, host: str, port: int, *, addresses: list[tuple], deadline: _Deadline, tls: bool
    ) -> None:
        super().__init__(host, port, timeout=deadline.remaining())
        self.addresses = addresses
        self.deadline = deadline
        self.tls = tls
        self.watchdog: threading.Timer | None = None
        self.pinned: socket.socket | None = None

    def connect(self) -> None:
        error: OSError | None = None
        for family, sockaddr in self.addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.settimeout(self.deadline.remaining())
                sock.connect(sockaddr)
            except OSError as failure:
                sock.close()
                error = failure
                continue
            break
        else:
            raise error or OSError("no address to connect to")
        self.watchdog = self.deadline.guard(sock)
        if self.tls:
            context = ssl.create_default_context()  # verifies the chain and the host name
            sock.settimeout(self.deadline.remaining())
            sock = context.wrap_socket(sock, server_hostname=self.host)
        self.sock = self.pinned = sock


def _read_bounded(
    response: http.client.HTTPResponse, sock: socket.socket, deadline: _Deadline
) -> bytes:
    """At most VOCWEEK_WEBSITE_CHECK_MAX_BYTES of the body; the rest is never read."""
    limit = settings.VOCWEEK_WEBSITE_CHECK_MAX_BYTES
    body = bytearray()
    while len(body) < limit:
        sock.settimeout(deadline.remaining())
        chunk = response.read1(min(READ_CHUNK, limit - len(body)))
        if not chunk:
            break
        body += chunk
    if deadline.expired:  # the watchdog cut a trickling body short: that is no answer in time
        raise _Refused("timed out")
    return bytes(body)


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset, or None if there is no such codec."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_page(body: bytes, header_charset: str | None = None) -> str:
    """The page's text: the header's charset, else the <meta>'s, else UTF-8, else GB 18030.

    A body cut at the byte limit may end inside a character; the incremental decoder leaves
    that tail out instead of failing.
    """
    meta = META_CHARSET.search(body[:4096])
    candidates = [_codec(header_charset), _codec(meta.group(1).decode("ascii") if meta else None)]
    candidates += [_codec(name) for name in FALLBACK_CHARSETS]
    tried: set[str] = set()
    for codec in candidates:
        if codec is None or codec in tried:
            continue
        tried.add(codec)
        try:
            return codecs.getincrementaldecoder(codec)().decode(body, final=False)
        except UnicodeDecodeError:
            continue
    return body.decode("gb18030", errors="replace")


class _TitleParser(HTMLParser):
    """Collects the text of the first <title> element; entities come unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.inside = False
        self.done = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title" and not self.done:
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.inside:
            self.inside = False
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)


def page_title(body: bytes, header_charset: str | None = None) -> str:
    """The page's <title>, whitespace collapsed, at most 200 characters ("" when there is none)."""
    parser = _TitleParser()
    try:
        parser.feed(decode_page(body, header_charset))
        parser.close()
    except Exception:  # html.parser is lenient; whatever it still trips on costs only the title
        pass
    return " ".join("".join(parser.parts).split())[:MAX_TITLE_LENGTH]
