"""View mixins shared by staff pages, and the language links every page carries."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language


class StaffPermissionMixin(LoginRequiredMixin):
    """Log-in required; a missing permission answers 404 so that staff pages reveal nothing.

    `permission_required` is one name from the rules registry; `get_permission_object()` returns
    the object it is checked against (None for a global permission).
    """

    permission_required: str = ""

    def get_permission_object(self) -> object | None:
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.permission_object = self.get_permission_object()
        if not request.user.has_perm(self.permission_required, self.permission_object):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def see_other(url: str) -> HttpResponseRedirect:
    """303 See Other after a POST: the browser follows with a GET, so reloading the page it
    lands on posts nothing again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def deny() -> None:
    """Raise the staff-side denial (404, never a hint that the object exists)."""
    raise Http404


__all__ = ["PermissionDenied", "StaffPermissionMixin", "deny", "see_other"]


def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Set the language cookie and go back: the language links of every page (GET, no form).

    Django's `set_language` takes a POST with a CSRF token, and a token on every page would make
    every anonymous page set a cookie and so be uncacheable (core/pagecache.py). Choosing a
    language is harmless for a third party to trigger — the worst a forged link can do is switch
    the display language — so this view changes nothing but that cookie.
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in dict(settings.LANGUAGES) and check_for_language(code):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def hello(request: HttpRequest) -> HttpResponse:
    """The benchmark's reference page (mounted only with VOCWEEK_BENCH_HELLO=1)."""
    return HttpResponse("Hello, world", content_type="text/plain")
