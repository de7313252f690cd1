"""View mixins shared by staff pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404


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


def deny() -> None:
    """Raise the staff-side denial (404, never a hint that the object exists)."""
    raise Http404


__all__ = ["PermissionDenied", "StaffPermissionMixin", "deny"]
