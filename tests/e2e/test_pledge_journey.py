"""Signing the pledge on a phone: the certificate with the signer's number and a QR code that
reads as the pledge's address; the same student number again is answered politely with the same
certificate; the counter on the pledge page moved by exactly one, also for an open page that was
already showing it (it polls)."""

import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from vocweek.campaigns.services import enrol_unit
from vocweek.pledges import services
from vocweek.pledges.enums import IdentifierKind
from vocweek.pledges.models import Pledge, Signature
from vocweek.pledges.tests.factories import make_pledge

pytestmark = pytest.mark.e2e


@pytest.fixture
def pledge(campaign, tree, clock_at):
    """Day 3 of the week: two schools take part; 41 students have signed before."""
    clock_at("2021-05-24T08:30+08:00")
    for school in (tree.taiyuan_school, tree.datong_school):
        enrol_unit(
            campaign=campaign,
            unit=school,
            owes_plan=False,
            owes_daily_reports=True,
            owes_statistics=True,
        )
    pledge = make_pledge(campaign)
    for number in range(41):
        services.sign(
            pledge_id=pledge.pk,
            unit=tree.datong_school,
            name="王同学",
            kind=IdentifierKind.STUDENT_NUMBER,
            identifier=f"D{number:04d}",
        )
    return pledge


def sign(page, school_name: str, student_number: str) -> None:
    page.get_by_label("姓名").fill("李小明")
    page.get_by_label("学校", exact=True).select_option(label=school_name)
    page.get_by_label("学号", exact=True).check()
    page.get_by_label("学号或手机号").fill(student_number)
    page.get_by_role("button", name="我承诺并签署").click()


def test_a_student_signs_on_a_phone_gets_the_certificate_and_cannot_sign_twice(
    page, browser, live_server, pledge, tree, tmp_path
):
    watcher = browser.new_page(base_url=live_server.url, locale="zh-CN")
    watcher.goto(f"/pledges/{pledge.pk}/")
    expect(watcher.locator("[data-total]")).to_have_text("41")

    page.goto(f"/pledges/{pledge.pk}/")
    expect(page.locator("[data-total]")).to_have_text("41")
    sign(page, tree.taiyuan_school.name, "2021 0315")

    expect(page).to_have_url(re.compile(r"/pledges/c/[^/]+/$"))
    expect(page.get_by_text("第 42 位签署者")).to_be_visible()
    expect(page.get_by_text("李小明", exact=True)).to_be_visible()
    certificate = page.url
    page.get_by_role("img", name="公约地址二维码").screenshot(path=tmp_path / "qr.png")
    [decoded] = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    assert decoded.text.endswith(f"/pledges/{pledge.pk}/")

    # The same student number (typed differently) is answered with the first certificate.
    page.goto(f"/pledges/{pledge.pk}/")
    sign(page, tree.taiyuan_school.name, "20210315")
    expect(page).to_have_url(re.compile(re.escape(certificate.split("?")[0])))
    expect(page.get_by_text("您已签署过本公约")).to_be_visible()
    expect(page.get_by_text("第 42 位签署者")).to_be_visible()

    # Exactly one more signer, on the page and in the database; the open page caught up.
    page.goto(f"/pledges/{pledge.pk}/")
    expect(page.locator("[data-total]")).to_have_text("42")
    expect(watcher.locator("[data-total]")).to_have_text("42", timeout=15_000)
    assert Pledge.objects.get(pk=pledge.pk).signers == 42 == Signature.objects.count()
    watcher.close()
