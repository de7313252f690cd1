"""Background work for accounts: thin tasks that take ids, reload, and call one service."""

from django_tasks import task

from vocweek.accounts.models import User
from vocweek.accounts.services import activation_for, send_activation


@task()
def send_activation_email(user_id: int, base_url: str) -> None:
    """E-mail an account its one-time activation link; nothing if it is gone or already active."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.has_usable_password():
        return
    send_activation(activation=activation_for(user), base_url=base_url)
