"""Whole-page cache of the "what worked" pages (home, platform, answer), keyed on what they show.

A page's key holds everything its content depends on: scheme, host and path (its canonical
links), the `?lang=` parameter and the active language, the code that renders it, the
catalog generation, the platforms' current snapshots (run id, and whether it is more than a
day old: the answer page says so) and a content version that every confirmation moves, as
every moderation decision will (`content_touch`). A change moves a part of the key and the
next request misses: nothing is ever deleted by hand. The key is also the page's ETag.

Two levels. Each process keeps rendered pages in memory (bounded, least recently used
first out), so a hit costs no I/O at all; the shared cache (Redis when CACHE_URL is set)
holds them too, so one worker's render serves the other workers and machines. Each process
reads the versions (one query for the snapshot pointers, one MGET) at most once per
PAGE_CACHE_CHECK_SECONDS; content_touch in a process clears its own copy at once.

Only what is the same for everyone is stored: GET or HEAD, no query but `lang`, no session
cookie, a 200 whose render set no cookie, used no CSRF token and did not touch the session.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import threading
import time
import uuid
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags
from django.utils.translation import get_language

from aggregation import wording
from config.languages import PARAMETER
from platforms.models import Platform
from platforms.selectors import CATALOG_GENERATION_KEY

CONTENT_KEY = "pages:content:{}"  # a platform id, or "all"
PAGE_KEY = "pages:page:{}"
# Shared copies outlive any version they belong to by far; the TTL only bounds Redis memory.
SHARED_SECONDS = 24 * 3600
# Per process: about 300 answer pages of 50 kB.
LOCAL_BYTES = 16 * 1024 * 1024
# Told to browsers and proxies: keep the page but ask each time (the ETag makes it a 304).
# A max-age would show a visitor their own confirmation late, and a shared proxy cannot tell
# a French cookie from an English one (the language varies on Accept-Language and cookie).
CACHE_CONTROL = "no-cache"

# Per process, for the benchmark: local and shared hits, renders, 304s, pass-throughs.
stats: Counter[str] = Counter()


@dataclass(frozen=True)
class Page:
    content_type: str
    body: bytes


@dataclass(frozen=True)
class Versions:
    common: str  # code, catalog generation, every platform's content version
    platforms: dict[str, str]  # slug -> what the platform's pages rest on
    home: str  # every platform's part: the home page shows them all


def _content_key(platform_id: int | None) -> str:
    return CONTENT_KEY.format("all" if platform_id is None else platform_id)


def content_touch(platform_id: int | None) -> None:
    """A new content version for the platform's pages (None: every platform's).

    Moved now, so the change shows even in a transaction that is still open (tests), and
    again after commit: a page rendered in between, from rows not yet committed, would
    otherwise stay under the new version.
    """
    key = _content_key(platform_id)

    def move() -> None:
        cache.set(key, uuid.uuid4().hex, None)
        memo_clear()

    move()
    transaction.on_commit(move)


class _Shared:
    """Django's default cache. When it is Redis, read and written through one redis-py client
    kept for the process's life (Django's backend makes a client per call), with Django's
    own keys and serializer, so `cache.get`, `cache.clear` and catalog_touch agree with it."""

    def __init__(self) -> None:
        self.client = None
        backend = settings.CACHES["default"]
        if backend["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
            import redis
            from django.core.cache.backends.redis import RedisSerializer

            location = backend["LOCATION"]
            primary = location[0] if isinstance(location, list | tuple) else location
            # Django writes to the first server of a list; so does this.
            self.client = redis.Redis.from_url(primary.split(",")[0].split(";")[0])
            self.serializer = RedisSerializer()

    def get_many(self, keys: list[str]) -> list:
        if self.client is None:
            found = cache.get_many(keys)
            return [found.get(key) for key in keys]
        raw = self.client.mget([cache.make_key(key) for key in keys])
        return [None if value is None else self.serializer.loads(value) for value in raw]

    def set(self, key: str, value, seconds: int) -> None:
        if self.client is None:
            cache.set(key, value, seconds)
        else:
            self.client.set(cache.make_key(key), self.serializer.dumps(value), ex=seconds)


@functools.cache
def _shared() -> _Shared:
    return _Shared()


class _Local:
    """This process's rendered pages, least recently used evicted first past `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pages: OrderedDict[str, Page] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> Page | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: Page) -> None:
        with self.lock:
            if key in self.pages:
                return
            self.pages[key] = page
            self.size += len(page.body)
            while self.size > self.limit and self.pages:
                _, evicted = self.pages.popitem(last=False)
                self.size -= len(evicted.body)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.size = 0


_local = _Local(LOCAL_BYTES)
_memo: tuple[float, Versions] | None = None

# What the pages are made from, besides data: a deploy changes it, and a page rendered by the
# old code must not be served by the new one (the shared cache outlives the processes).
_SOURCE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"}


def _code_roots() -> list[Path]:
    """The project's apps, config, templates, translations and static files."""
    base = Path(settings.BASE_DIR)
    roots = {base / "config"}
    for app in apps.get_app_configs():
        # Installed packages (Django's own apps) are not the project's: the venv may sit in it.
        if Path(app.path).is_relative_to(base) and not Path(app.path).is_relative_to(sys.prefix):
            roots.add(Path(app.path))
    template_dirs = [folder for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    for folder in [*template_dirs, *settings.LOCALE_PATHS, *settings.STATICFILES_DIRS]:
        roots.add(Path(folder))
    return sorted(root for root in roots if root.is_dir())


@functools.cache
def _code_version() -> str:
    """A digest of the code, templates, translations and static files, read once a process."""
    digest = hashlib.blake2b(digest_size=8)
    for root in _code_roots():
        for folder, folders, files in os.walk(root):
            folders[:] = sorted(name for name in folders if name != "__pycache__")
            for name in sorted(files):
                path = Path(folder, name)
                if path.suffix in _SOURCE_SUFFIXES:
                    # Relative: the same code deployed elsewhere has the same version.
                    digest.update(str(path.relative_to(root.parent)).encode())
                    digest.update(path.read_bytes())
    return digest.hexdigest()


def memo_clear() -> None:
    """Forget this process's versions: the next request reads them."""
    global _memo
    _memo = None


def reset() -> None:
    """Forget this process's versions, pages and shared-cache client (tests)."""
    memo_clear()
    _local.clear()
    _shared.cache_clear()
    stats.clear()


def _pointers() -> list[tuple]:
    """Every platform: id, slug, current run id and when that run finished (one query)."""
    return list(
        Platform.objects.order_by("pk").values_list(
            "pk", "slug", "currentsnapshot__run_id", "currentsnapshot__run__finished_at"
        )
    )


def _versions_read(rows: list[tuple] | None = None) -> Versions:
    rows = _pointers() if rows is None else rows
    keys = [CATALOG_GENERATION_KEY, _content_key(None)] + [_content_key(row[0]) for row in rows]
    values = _shared().get_many(keys)
    missing = [key for key, value in zip(keys[1:], values[1:], strict=True) if value is None]
    if missing:
        # A version never set, or lost (Redis flushed or evicting): a fresh one, never a
        # value seen before, or pages rendered back then would be served again.
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        values = _shared().get_many(keys)
    catalog, everything, *contents = values
    now = timezone.now()
    platforms = {}
    for (_, slug, run_id, finished), content in zip(rows, contents, strict=True):
        stale = finished is not None and wording.is_stale(finished.isoformat(), now)
        platforms[slug] = f"{run_id}:{stale}:{content}"
    home = hashlib.blake2b("|".join(platforms.values()).encode(), digest_size=8).hexdigest()
    return Versions(f"{_code_version()}:{catalog or '0'}:{everything}", platforms, home)


def versions() -> Versions:
    """The versions the pages rest on, read at most once per PAGE_CACHE_CHECK_SECONDS.

    A process may serve a page up to that long after a change elsewhere (another worker's
    confirmation, a new snapshot, a catalog edit); the process that made the change sees
    it at once.
    """
    global _memo
    memo, now = _memo, time.monotonic()
    if memo is not None and now < memo[0]:
        return memo[1]
    found = _versions_read()
    seconds = settings.PAGE_CACHE_CHECK_SECONDS
    _memo = (now + seconds, found) if seconds > 0 else None
    return found


def _shareable(request: HttpRequest) -> bool:
    """Is the request one whose page is the same for everyone?"""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    query = request.GET
    if not query:
        return True
    if len(query) > 1 or len(query.getlist(PARAMETER)) != 1:
        return False
    return query[PARAMETER] in dict(settings.LANGUAGES)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Did the render produce nothing particular to this visitor?"""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds this visitor's CSRF token
    session = getattr(request, "session", None)
    return not (session is not None and session.accessed)


def page_key(request: HttpRequest, slug: str | None) -> str:
    """The digest of everything the page shows: its cache key and its ETag."""
    found = versions()
    data = found.home if slug is None else found.platforms.get(slug, "-")
    parts = (
        request.scheme,
        request.get_host(),
        request.path,
        request.GET.get(PARAMETER, ""),
        get_language() or "",
        found.common,
        data,
    )
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def _page_get(key: str) -> Page | None:
    page = _local.get(key)
    if page is not None:
        stats["local"] += 1
        return page
    [stored] = _shared().get_many([PAGE_KEY.format(key)])
    if stored is None:
        return None
    stats["shared"] += 1
    page = Page(*stored)
    _local.put(key, page)
    return page


def _page_put(key: str, page: Page) -> None:
    _local.put(key, page)
    _shared().set(PAGE_KEY.format(key), (page.content_type, page.body), SHARED_SECONDS)


def _headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


def cached_page(view):
    """Serve the view's page from the cache when it is the same for everyone.

    The view's `slug` argument names the platform whose snapshot the page shows; a view
    without one (home) rests on every platform's.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _shareable(request):
            stats["passed"] += 1
            return view(request, *args, **kwargs)
        key = page_key(request, kwargs.get("slug"))
        etag = f'"{key}"'
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            stats["not_modified"] += 1
            return _headers(HttpResponseNotModified(), etag)
        page = _page_get(key)
        if page is None:
            response = view(request, *args, **kwargs)
            if not _storable(request, response):
                stats["unstored"] += 1
                return response
            stats["rendered"] += 1
            page = Page(response["Content-Type"], response.content)
            _page_put(key, page)
        return _headers(HttpResponse(page.body, content_type=page.content_type), etag)

    return wrapper
