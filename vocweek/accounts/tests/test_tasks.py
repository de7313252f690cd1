"""The activation e-mail as the task queue sends it."""

from django.core import mail
from django_tasks import TaskResultStatus

from vocweek.accounts.services import create_account
from vocweek.accounts.tasks import send_activation_email

SITE = "https://vocweek.example.org/"


def test_activation_email_task_sends_the_link_once(db):
    user = create_account(username="zhangsan", full_name="张三", email="zhangsan@example.org")

    result = send_activation_email.enqueue(user_id=user.pk, base_url=SITE)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zhangsan@example.org"]
    assert f"{SITE}accounts/activate/" in mail.outbox[0].body


def test_activation_email_task_sends_nothing_to_an_activated_or_deleted_account(db):
    user = create_account(username="lisi", full_name="李四", email="lisi@example.org")
    user.set_password("a long pass phrase of her own")
    user.save(update_fields=["password"])
    gone = create_account(username="wangwu", full_name="王五", email="wangwu@example.org")
    gone_pk = gone.pk
    gone.delete()

    send_activation_email.enqueue(user_id=user.pk, base_url=SITE)
    send_activation_email.enqueue(user_id=gone_pk, base_url=SITE)

    assert mail.outbox == []
