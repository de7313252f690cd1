"""The first journey: a visitor opens the portal and sees this year's week, in Chinese."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_visitor_sees_the_theme_of_the_current_week_in_chinese(page, campaign):
    page.goto("/")

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_text("技能：让生活更美好")).to_be_visible()


def test_visitor_on_a_desktop_sees_the_theme_too(desktop_page, campaign):
    desktop_page.goto("/")

    expect(desktop_page.get_by_text("技能：让生活更美好")).to_be_visible()
