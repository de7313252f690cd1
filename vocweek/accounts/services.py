"""Account life cycle: creation without a password, one-time activation links, activation."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from vocweek.accounts.models import User
from vocweek.core import audit


@dataclass(frozen=True)
class Activation:
    """A one-time activation link for an account that has no password yet."""

    user: User
    path: str

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.path


@transaction.atomic
def create_account(
    *, username: str, full_name: str, email: str = "", mobile: str = "", actor=None
) -> User:
    """Create an account that cannot log in until its owner sets a password through activation."""
    user = User(username=username, full_name=full_name, email=email, mobile=mobile)
    user.set_unusable_password()
    user.save()
    audit.record(
        actor=actor,
        action="account.create",
        target=user,
        after=audit.snapshot(user, ["username", "full_name", "email", "mobile"]),
    )
    return user


def activation_for(user: User) -> Activation:
    """The one-time link: it stops working once a password is set (the token hashes the password)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return Activation(
        user=user, path=reverse("accounts:activate", kwargs={"uidb64": uid, "token": token})
    )


def send_activation(*, activation: Activation, base_url: str) -> bool:
    """E-mail the activation link to its owner; False when the account has no e-mail address."""
    user = activation.user
    if not user.email:
        return False
    send_mail(
        subject=_("Activate your %(site)s account") % {"site": settings.VOCWEEK_SITE_NAME},
        message=_(
            "Hello %(name)s,\n\nAn account (%(username)s) has been created for you on %(site)s.\n"
            "Open this link to choose your password; it works once:\n\n%(url)s\n"
        )
        % {
            "name": user.get_full_name(),
            "username": user.username,
            "site": settings.VOCWEEK_SITE_NAME,
            "url": activation.url(base_url),
        },
        from_email=None,
        recipient_list=[user.email],
    )
    return True


def record_activation(*, user: User) -> None:
    """Audit that an account's owner set the first password through the activation link."""
    audit.record(actor=user, action="account.activate", target=user)
