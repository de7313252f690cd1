"""A school's exhibition hall in the browser: the school opens its hall on a phone, writes its
introduction, uploads a 360° panorama and publishes it; a visitor finds the hall in the directory
under its city and by searching a word of its introduction, looks around the panorama, and prints a
QR poster that leads back to the hall."""

import io

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from vocweek.orgs.enums import Role
from vocweek.orgs.tests.factories import make_member
from vocweek.reports.halls.models import Hall

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-42"  # the factories' password
INTRODUCTION = "学院建有智能制造实训基地，欢迎线上参观焊接机器人工作站。"


def panorama() -> bytes:
    """A 2:1 equirectangular test photo: sky, ground, and a red tower that wraps the seam."""
    image = Image.new("RGB", (2048, 1024), (150, 190, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 560, 2048, 1024), fill=(110, 140, 90))
    for x in range(0, 2048, 256):
        draw.rectangle((x + 60, 380, x + 180, 560), fill=(240, 226, 200))
    draw.rectangle((0, 300, 40, 560), fill=(184, 38, 42))
    draw.rectangle((2008, 300, 2048, 560), fill=(184, 38, 42))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@pytest.fixture
def school(transactional_db, tree, campaign, clock_at, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VOCWEEK_PAGE_CACHE = True
    settings.VOCWEEK_PAGE_CACHE_STAMP = ""
    clock_at("2021-05-24T15:00+08:00")
    return make_member(tree.college, Role.UNIT_MANAGER, username="liaison")


def test_school_publishes_its_hall_and_a_visitor_tours_its_panorama(
    page, desktop_page, live_server, school, tree, tmp_path
):
    # The school's liaison opens the hall on a phone, writes the introduction, adds a panorama.
    page.goto("/accounts/login/")
    page.get_by_label("登录名").fill("liaison")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="线上展厅").first.click()
    page.get_by_role("button", name="开通本校线上展厅").click()
    expect(page.get_by_role("heading", name="本校线上展厅")).to_be_visible()
    page.get_by_label("展厅标语").fill("技能成才 强国有我")
    page.get_by_label("学校简介").fill(INTRODUCTION)
    page.get_by_role("button", name="保存信息").click()
    expect(page.get_by_text("展厅信息已保存。")).to_be_visible()

    page.locator("#panorama-file").set_input_files(
        {"name": "实训楼.jpg", "mimeType": "image/jpeg", "buffer": panorama()}
    )
    page.locator("#panorama-caption").fill("智能制造实训基地")
    page.get_by_role("button", name="上传全景").click()
    expect(page.get_by_text("“实训楼.jpg”已添加，处理完成后显示。")).to_be_visible()
    page.get_by_role("button", name="发布展厅").click()
    expect(page.get_by_text("展厅已发布，所有人现在都可以参观。")).to_be_visible()
    hall = Hall.objects.get(unit=tree.college)
    hall_path = f"/halls/{hall.pk}/"

    # A visitor finds it in the directory and opens it: the panorama is drawn, not an error.
    visitor = desktop_page
    visitor.goto("/halls/")
    visitor.get_by_role("link", name=tree.college.name).first.click()
    assert visitor.url == live_server.url + hall_path
    expect(visitor.get_by_role("heading", name=tree.college.name, level=1)).to_be_visible()
    expect(visitor.get_by_text(INTRODUCTION)).to_be_visible()
    viewer = visitor.locator(".pnlm-container")
    expect(viewer.locator(".pnlm-render-container canvas")).to_be_visible()
    expect(viewer.locator(".pnlm-load-box")).to_be_hidden()
    expect(viewer.locator(".pnlm-error-msg")).to_be_hidden()
    expect(viewer.get_by_text("智能制造实训基地")).to_be_visible()
    # Looking around: a drag turns the view, so the drawn picture changes.
    before = viewer.screenshot()
    box = viewer.bounding_box()
    visitor.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    visitor.mouse.down()
    visitor.mouse.move(box["x"] + box["width"] / 4, box["y"] + box["height"] / 2, steps=8)
    visitor.mouse.up()
    visitor.wait_for_timeout(500)
    assert viewer.screenshot() != before

    # Found by a word of its introduction.
    visitor.goto("/search/?q=焊接机器人")
    expect(visitor.get_by_role("link", name=tree.college.name).first).to_be_visible()
    expect(visitor.locator("mark", has_text="焊接").first).to_be_visible()

    # The poster's QR code leads back to the hall.
    poster = visitor.request.get(f"/poster.png?path={hall_path}")
    assert poster.ok and poster.headers["content-type"] == "image/png"
    (tmp_path / "qr.png").write_bytes(poster.body())
    [code] = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    assert code.text == live_server.url + hall_path

    # Withdrawn, it is gone from the directory on the next request.
    page.get_by_role("button", name="从公开网站撤下").click()
    expect(page.get_by_text("展厅已从公开网站撤下", exact=False)).to_be_visible()
    visitor.goto("/halls/")
    expect(visitor.get_by_role("link", name=tree.college.name)).to_have_count(0)
    assert visitor.goto(hall_path).status == 404
