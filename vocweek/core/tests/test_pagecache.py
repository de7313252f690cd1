"""The public page cache: anonymous pages answered before the middleware stack, never to staff,
per language, fresh after a bump, with ETags; the language links; hashed, compressed statics."""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse

from vocweek.core import pagecache

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The cache on (tests run with it off), in-cache generation, emptied before and after."""
    settings.VOCWEEK_PAGE_CACHE = True
    settings.VOCWEEK_PAGE_CACHE_STAMP = ""
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_request_is_served_without_database_or_cookie(
    client, campaign, django_assert_num_queries
):
    first = client.get("/", **ENGLISH)
    with django_assert_num_queries(0):
        second = client.get("/", **ENGLISH)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert campaign.title in second.content.decode()
    assert not second.cookies and "Set-Cookie" not in second.headers
    assert second["ETag"] == first["ETag"]
    assert second["Content-Language"] == "en"
    # Security headers are added outside the cache, stored ones come back with the body.
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["X-Frame-Options"] == "DENY"


def test_if_none_match_answers_304_from_the_cache_and_from_the_stack(
    client, campaign, django_assert_num_queries
):
    etag = client.get("/", **ENGLISH)["ETag"]
    with django_assert_num_queries(0):
        cached = client.get("/", HTTP_IF_NONE_MATCH=etag, **ENGLISH)
    assert cached.status_code == 304 and cached["ETag"] == etag and not cached.content
    assert client.get("/", HTTP_IF_NONE_MATCH='"other"', **ENGLISH).status_code == 200

    cache.clear()  # a miss: ConditionalGetMiddleware gives the same answer
    assert client.get("/", HTTP_IF_NONE_MATCH=etag, **ENGLISH).status_code == 304


def test_a_logged_in_user_is_never_served_the_cached_page(client, campaign, tree):
    User = get_user_model()
    client.get("/", **ENGLISH)
    client.force_login(User.objects.create_user(username="staff", password="x" * 12))

    page = client.get("/", **ENGLISH).content.decode()

    assert f'<a href="{reverse("console:home")}">Console</a>' in page
    assert "Staff log-in" not in page


def test_a_bump_makes_the_next_request_fresh(client, campaign, django_assert_num_queries):
    client.get("/", **ENGLISH)
    campaign.title = "A new title"
    campaign.save(update_fields=["title"])
    assert "A new title" not in client.get("/", **ENGLISH).content.decode()

    pagecache.bump_public_generation()

    assert "A new title" in client.get("/", **ENGLISH).content.decode()
    with django_assert_num_queries(0):
        client.get("/", **ENGLISH)


def test_a_stamp_file_carries_the_generation_across_processes(client, campaign, settings, tmp_path):
    settings.VOCWEEK_PAGE_CACHE_STAMP = str(tmp_path / "generation")
    client.get("/", **ENGLISH)
    campaign.title = "Renamed"
    campaign.save(update_fields=["title"])
    assert "Renamed" not in client.get("/", **ENGLISH).content.decode()

    pagecache.bump_public_generation()

    assert (tmp_path / "generation").exists()
    assert "Renamed" in client.get("/", **ENGLISH).content.decode()


def test_a_bump_waits_for_the_commit_and_is_dropped_on_rollback(
    db, django_capture_on_commit_callbacks
):
    before = pagecache.current_generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            pagecache.bump_public_generation_on_commit()
            assert pagecache.current_generation() == before
        try:
            with transaction.atomic():
                pagecache.bump_public_generation_on_commit()
                raise RuntimeError
        except RuntimeError:
            pass
    assert len(callbacks) == 1
    assert pagecache.current_generation() == before + 1


def test_chinese_and_english_are_cached_separately(client, campaign):
    english = client.get("/", **ENGLISH)
    chinese = client.get("/", **CHINESE)
    assert english["Content-Language"] == "en" and chinese["Content-Language"] == "zh-hans"
    assert client.get("/", **ENGLISH).content == english.content
    assert client.get("/", **CHINESE).content == chinese.content
    assert english.content != chinese.content
    # Odd headers fold into the known languages instead of making new entries.
    client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB;q=0.8, fr")
    client.get("/", HTTP_ACCEPT_LANGUAGE="xx-unknown")
    assert len([key for key in cache._cache if pagecache.KEY_PREFIX in key]) == 2


def test_post_and_unknown_query_parameters_are_never_cached(
    client, campaign, django_assert_max_num_queries
):
    client.post("/", **ENGLISH)
    assert not [key for key in cache._cache if pagecache.KEY_PREFIX in key]
    client.get("/", **ENGLISH)
    # A POST is never answered from the cache: it reaches the view and its queries.
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(0):
        client.post("/", **ENGLISH)
    client.get("/?utm_source=chat", **ENGLISH)
    client.get("/?page=2", **ENGLISH)
    stored = [key for key in cache._cache if pagecache.KEY_PREFIX in key]
    assert len(stored) == 2  # "/" and "/?page=2"


def test_only_plain_public_200s_are_stored():
    def response(**headers) -> HttpResponse:
        return HttpResponse("x", headers=headers)

    assert pagecache._storable(response(Vary="Accept-Language, Cookie"))
    assert not pagecache._storable(response(**{"Cache-Control": "private"}))
    assert not pagecache._storable(response(Vary="User-Agent"))
    with_cookie = response()
    with_cookie.set_cookie("csrftoken", "t")
    assert not pagecache._storable(with_cookie)
    assert not pagecache._storable(HttpResponse("gone", status=404))


def test_language_links_set_the_cookie_and_go_back(client, campaign):
    page = client.get("/", **CHINESE).content.decode()
    link = reverse("switch_language", args=["en"])
    assert f'href="{link}?next=/"' in page and "csrfmiddlewaretoken" not in page

    response = client.get(link, {"next": "/column/"})

    assert response.status_code == 302 and response["Location"] == "/column/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get("/", **CHINESE)  # the cookie wins over the browser's header
    assert english["Content-Language"] == "en"


def test_language_links_refuse_other_sites_and_unknown_languages(client, db):
    away = client.get(reverse("switch_language", args=["en"]), {"next": "https://evil.example/"})
    assert away["Location"] == "/"
    unknown = client.get(reverse("switch_language", args=["xx"]), {"next": "/"})
    assert django_settings.LANGUAGE_COOKIE_NAME not in unknown.cookies


def test_staff_can_switch_language_too(client, tree):
    User = get_user_model()
    client.force_login(User.objects.create_user(username="staff", password="x" * 12))
    response = client.get(reverse("switch_language", args=["en"]), {"next": "/console/"})
    assert response["Location"] == "/console/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_collectstatic_makes_hashed_compressed_files_served_immutable(tmp_path):
    """The production storage, in a process of its own (tests use the plain storage)."""
    environment = os.environ | {"VOCWEEK_TESTING": "0", "VOCWEEK_VAR_DIR": str(tmp_path)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "-m", "vocweek.manage", "collectstatic", "--noinput", "-v0"],
        check=True,
        env=environment,
    )
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vocweek/site.css"]
    assert hashed != "vocweek/site.css" and hashed.startswith("vocweek/site.")
    assert (tmp_path / "static" / f"{hashed}.gz").exists()
    assert (tmp_path / "static" / f"{hashed}.br").exists()

    probe = textwrap.dedent(
        f"""
        import json, django
        django.setup()
        from django.test import Client
        response = Client().get("/static/{hashed}", HTTP_ACCEPT_ENCODING="br")
        print(json.dumps([response.status_code, response["Cache-Control"],
                          response.get("Content-Encoding")]))
        """
    )
    environment["DJANGO_SETTINGS_MODULE"] = "vocweek.settings"
    output = subprocess.run(
        [sys.executable, "-c", probe], check=True, env=environment, capture_output=True, text=True
    ).stdout
    status, control, encoding = json.loads(output.strip().splitlines()[-1])
    assert status == 200 and encoding == "br"
    assert "immutable" in control and "max-age=315360000" in control
