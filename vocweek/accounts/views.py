"""Log-in, log-out, password change and reset, and account activation: Django's views with our
templates, URL names under the `accounts` namespace, and messages in the user's language."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from vocweek.accounts import services
from vocweek.accounts.forms import LoginForm


class PlatformNameMixin:
    """Django's log-in and log-out views put the host in `site_name`; our pages name the platform."""

    @property
    def extra_context(self) -> dict[str, str]:
        return {"site_name": settings.VOCWEEK_SITE_NAME}


class LoginView(PlatformNameMixin, auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(PlatformNameMixin, auth_views.LogoutView):
    """Log out (POST only) and say so on the page that follows."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, str]:
        return {"site_name": settings.VOCWEEK_SITE_NAME}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class ActivateView(auth_views.PasswordResetConfirmView):
    """The one-time link of a new account: its owner sets the first password, then logs in.

    The token hashes the password, so the link stops working once a password is set.
    """

    template_name = "accounts/activate.html"
    title = _("Activate account")
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_activation(user=form.user)
        messages.success(
            self.request, _("Your account is active. Log in with your log-in name and password.")
        )
        return response
