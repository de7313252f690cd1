import re

import pytest
from axes.utils import reset
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from vocweek.accounts.models import User
from vocweek.accounts.services import activation_for, create_account
from vocweek.core.models import AuditEntry

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
PASSWORD = "correct-horse-42"


@pytest.fixture(autouse=True)
def no_failed_log_ins(db):
    reset()
    yield
    reset()


@pytest.fixture
def member(db):
    return User.objects.create_user(
        username="liaison1", password=PASSWORD, email="liaison1@example.org", full_name="刘老师"
    )


def log_in(client, username, password):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **ENGLISH
    )


def test_log_in_with_the_right_password_opens_my_tasks(client, member):
    response = log_in(client, "liaison1", PASSWORD)

    assert response.url == reverse("console:home")
    assert client.get(response.url, **ENGLISH).context["user"] == member


def test_log_in_page_names_the_platform_and_offers_password_reset(client, db, settings):
    settings.VOCWEEK_SITE_NAME = "职教活动周工作平台"

    page = client.get(reverse("accounts:login"), **ENGLISH).content.decode()

    assert "<title>Log in · 职教活动周工作平台</title>" in page
    assert '<span class="brand-name">职教活动周工作平台</span>' in page
    assert f'href="{reverse("accounts:password_reset")}"' in page


def test_log_in_with_a_wrong_password_says_so_without_naming_the_field(client, member):
    page = log_in(client, "liaison1", "wrong").content.decode()

    assert "The log-in name or the password is not correct." in page
    assert SESSION_KEY not in client.session


def test_log_in_is_refused_after_five_wrong_passwords_even_with_the_right_one(client, member):
    for _attempt in range(5):
        log_in(client, "liaison1", "wrong")

    response = log_in(client, "liaison1", PASSWORD)

    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "try again in 15 minutes" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_log_out_ends_the_session_and_returns_to_the_portal(client, member):
    client.force_login(member)

    response = client.post(reverse("accounts:logout"), follow=True, **ENGLISH)

    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "You have logged out." in response.content.decode()
    assert client.get(reverse("console:home")).status_code == 302


def test_activation_link_sets_the_first_password_once(client, db):
    user = create_account(username="newliaison", full_name="王老师", email="wang@example.org")
    path = activation_for(user).path

    form_page = client.get(path, follow=True, **ENGLISH)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Jinzhong-2021!", "new_password2": "Jinzhong-2021!"},
        follow=True,
        **ENGLISH,
    )
    again = client.get(path, follow=True, **ENGLISH).content.decode()

    assert "Your log-in name is <strong>newliaison</strong>" in form_page.content.decode()
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Your account is active." in response.content.decode()
    assert User.objects.get(pk=user.pk).check_password("Jinzhong-2021!")
    assert "This link does not work any more" in again
    assert "new_password1" not in again
    assert list(
        AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    ) == ["account.activate", "account.create"]


def test_password_reset_mails_a_link_that_lets_the_owner_choose_a_new_password(client, member):
    client.post(reverse("accounts:password_reset"), {"email": member.email}, **ENGLISH)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True, **ENGLISH)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Datong-Reset-9", "new_password2": "Datong-Reset-9"},
        **ENGLISH,
    )
    assert User.objects.get(pk=member.pk).check_password("Datong-Reset-9")


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(client, db):
    page = client.post(
        reverse("accounts:password_reset"),
        {"email": "nobody@example.org"},
        follow=True,
        **ENGLISH,
    ).content.decode()

    assert mail.outbox == []
    assert "Check your e-mail" in page


def test_password_change_keeps_the_user_logged_in_with_the_new_password(client, member):
    client.force_login(member)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Shuozhou-77!",
            "new_password2": "Shuozhou-77!",
        },
        follow=True,
        **ENGLISH,
    )

    assert "Your password has been changed." in response.content.decode()
    assert User.objects.get(pk=member.pk).check_password("Shuozhou-77!")
