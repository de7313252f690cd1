"""Whole-response cache for the anonymous public pages, answered before the middleware stack.

Why not `cache_page`: it runs inside the view layer, so every hit still pays for the session,
locale, CSRF, authentication and messages middleware on the way in and out — on this machine that
caps a cached page at about 75 % of a hello-world view. `PublicPageCacheMiddleware` sits right
after `SecurityMiddleware` and WhiteNoise, so a hit costs one look-up of the public *generation*,
one look-up of the page and the building of a response from stored bytes: no ORM, no template, no
session. SecurityMiddleware still runs outside it, so a hit carries the same security headers as a
freshly rendered page; everything the inner middleware added (Content-Language, Vary,
X-Frame-Options, ETag) is stored with the body.

What is cached
  GET and HEAD (HEAD served from a GET's entry, never stored) by a visitor with no session cookie,
  for "/", "/sitemap.xml" and anything under "/column/" or "/halls/" (the exhibition halls), with
  no query string or only the parameters in `PUBLIC_QUERY_KEYS` (so "/?x=<random>" cannot flood
  the cache: it is served by the stack, not stored). Search (/search/) is not cached: its key
  space is whatever people type and its answers should follow the index. A response is stored
  only when it is a 200 from the stack that sets no cookie (a page with a CSRF token sets one and
  so is never stored), is not `private`/`no-store`/`no-cache`, and varies at most on Cookie and
  Accept-Language — the two things the key covers.
The key
  scheme, host, path and query (hashed), and the language the LocaleMiddleware would pick
  (language cookie, else Accept-Language, normalised to one of settings.LANGUAGES — arbitrary
  headers cannot multiply entries).
Conditional GET
  Every entry keeps its ETag (a hash of the body); If-None-Match answers 304 on a hit. Misses and
  pages that are not cached get theirs from ConditionalGetMiddleware.
Invalidation
  Each entry records the public generation it was rendered under; a hit needs the current one.
  Services that change what the public pages show call `bump_public_generation_on_commit()`
  (reports: feature / unfeature / reorder the column; campaigns: make current, enrol a unit;
  halls: publish / withdraw a hall and any change to a published one, including its media once
  processed).
  Report texts and media cannot change once featured (update_report only edits drafts and
  returned reports), so featuring is the only way a story reaches the public. Counters of reports
  filed and the phase of the week ("day 3 of 7") are bounded by the TTL instead
  (VOCWEEK_PAGE_CACHE_SECONDS, 60 s): a bump per submission would empty the cache hundreds of
  times a minute at the evening deadline, exactly when the public pages are busiest.
Parts of pages (`public_fragment`)
  A page the cache cannot answer (a visitor with a session, a query string outside the public
  keys, the first request after an entry expired) is rendered by the views, which keep what
  depends only on public content — rendered sections, a story's article, a hall's page, the
  current campaign — under the same generation and lifetime as whole pages, in the same cache,
  keyed also by the active language. So a change that bumps the generation shows on the next
  request either way, and what the generation does not cover lags by at most
  VOCWEEK_PAGE_CACHE_SECONDS, as cached pages do. Switched by VOCWEEK_FRAGMENT_CACHE (on unless
  DEBUG or under tests).
Where the generation lives
  In the cache when the cache is shared (Redis, the scale profile) — fetched in the same
  round-trip as the page. The embedded profile's cache is per process (locmem in each gunicorn
  worker, the task worker, the scheduler), so there the generation is a stamp file
  (VOCWEEK_PAGE_CACHE_STAMP, under var/): one stat() per hit, and a bump in any process reaches
  every worker. Pages themselves may stay per process: they only need the shared generation.
"""

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import cc_delim_re
from django.utils.http import parse_etags
from django.utils.translation import get_language, get_language_from_request

CACHED_PATHS = frozenset({"/", "/sitemap.xml"})
CACHED_PREFIXES = ("/column/", "/halls/")
# The column's pagination and filters, and the hall directory's; any other parameter makes the
# request pass uncached.
PUBLIC_QUERY_KEYS = frozenset({"page", "city", "unit", "category", "focus", "kind"})
GENERATION_KEY = "pagecache:generation"
KEY_PREFIX = "pagecache:page:"
FRAGMENT_PREFIX = "pagecache:fragment:"
# Headers a 304 repeats from the full response (RFC 9110 §15.4.5, as django.utils.cache does).
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary")
VARY_COVERED = frozenset({"cookie", "accept-language"})
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache", "max-age=0")


def is_public_path(path: str) -> bool:
    return path in CACHED_PATHS or path.startswith(CACHED_PREFIXES)


def page_key(request: HttpRequest, language: str) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{KEY_PREFIX}{language}:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"


def current_generation() -> object:
    """The public generation now: a stamp file's identity, or a number kept in the cache."""
    stamp = settings.VOCWEEK_PAGE_CACHE_STAMP
    if stamp:
        return _stamp_generation(stamp)
    generation = cache.get(GENERATION_KEY)
    return _initial_generation() if generation is None else generation


def bump_public_generation() -> None:
    """Make every cached public page stale (call it after a commit that changes public content)."""
    stamp = settings.VOCWEEK_PAGE_CACHE_STAMP
    if stamp:
        path = Path(stamp)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A fresh file replaced atomically: a new inode and mtime, seen by every process.
        scratch = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}")
        scratch.write_text(str(time.time_ns()))
        os.replace(scratch, path)
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (yet, or evicted): start from a value never used before
        if not cache.add(GENERATION_KEY, time.time_ns(), timeout=None):
            cache.incr(GENERATION_KEY)


def bump_public_generation_on_commit(using: str | None = None) -> None:
    """Bump when the current transaction commits; nothing if it rolls back.

    Not de-duplicated: a bump costs one small file replace or one INCR, so even a roster import
    enrolling 11,000 units adds well under a second to a job that takes far longer.
    """
    transaction.on_commit(bump_public_generation, using=using)


T = TypeVar("T")


def public_fragment(
    name: str, parts: tuple, compute: Callable[[], T], *, seconds: int | None = None
) -> T:
    """`compute()`, kept until the public generation changes and for at most `seconds` (default:
    the page cache's lifetime); `name`, `parts` and the active language make the key.

    Only for what depends on public content alone (never on the user or the request beyond
    `parts`). A None result is not kept, so a page that answers 404 cannot fill the cache.
    """
    if not settings.VOCWEEK_FRAGMENT_CACHE:
        return compute()
    digest = hashlib.md5(repr((get_language(), *parts)).encode(), usedforsecurity=False)
    key = f"{FRAGMENT_PREFIX}{name}:{digest.hexdigest()}"
    generation, entry = _lookup(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = compute()
    if value is not None:
        lifetime = settings.VOCWEEK_PAGE_CACHE_SECONDS if seconds is None else seconds
        cache.set(key, (generation, value), lifetime)
    return value


def _stamp_generation(stamp: str) -> str:
    try:
        status = os.stat(stamp)
    except FileNotFoundError:
        return "0"
    return f"{status.st_ino}.{status.st_mtime_ns}"


def _initial_generation() -> int:
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY)


def _lookup(key: str) -> tuple[object, tuple | None]:
    """The current generation and the stored entry for `key`, in one cache round-trip."""
    stamp = settings.VOCWEEK_PAGE_CACHE_STAMP
    if stamp:
        return _stamp_generation(stamp), cache.get(key)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = _initial_generation()
    return generation, found.get(key)


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(candidate.removeprefix("W/") == bare for candidate in parse_etags(header))


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(directive in control for directive in UNCACHEABLE_DIRECTIVES):
        return False
    vary = {field.lower() for field in cc_delim_re.split(response.get("Vary", "")) if field}
    return vary <= VARY_COVERED


class PublicPageCacheMiddleware:
    """Serve anonymous public pages from the cache before the rest of the middleware stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.VOCWEEK_PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or not is_public_path(request.path_info)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or (request.META.get("QUERY_STRING") and not request.GET.keys() <= PUBLIC_QUERY_KEYS)
        ):
            return self.get_response(request)

        key = page_key(request, get_language_from_request(request))
        generation, entry = _lookup(key)
        if entry is not None and entry[0] == generation:
            return self._answer(request, entry)

        response = self.get_response(request)
        if request.method == "GET" and _storable(response):
            response.headers.setdefault("ETag", self._etag(response.content))
            headers = tuple(
                (name, value)
                for name, value in response.headers.items()
                if name.lower() != "content-length"
            )
            entry = (generation, response["ETag"], response.content, headers)
            cache.set(key, entry, settings.VOCWEEK_PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _answer(request: HttpRequest, entry: tuple) -> HttpResponse:
        _generation, etag, body, headers = entry
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match and _etag_matches(if_none_match, etag):
            response = HttpResponseNotModified()
            for name, value in headers:
                if name in NOT_MODIFIED_HEADERS:
                    response.headers[name] = value
            return response
        response = HttpResponse(body, headers=dict(headers))
        response.headers["Content-Length"] = str(len(body))
        return response

    @staticmethod
    def _etag(body: bytes) -> str:
        return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
