"""`vocweek demo`: load the 2021 Shanxi activity week and print the demo log-ins.

The output is in Chinese like the data set it describes; it is a demo, never run in production.
"""

import unicodedata

from django.core.management.base import BaseCommand

from vocweek.campaigns.demo import load_demo


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "Load the 2021 Shanxi activity week as demo data (running it again adds nothing)."

    def handle(self, *args, **options) -> None:
        summary = load_demo()
        campaign = summary.campaign
        self.stdout.write(
            self.style.SUCCESS(f"已载入演示数据：{campaign.title}（{campaign.theme}）")
        )
        self.stdout.write(
            f"活动周 {campaign.starts_on:%Y-%m-%d} 至 {campaign.ends_on:%Y-%m-%d}，"
            f"依据 {campaign.notice_reference}"
        )
        self.stdout.write(
            f"参与单位 {summary.units} 个：{summary.cities} 个市、{summary.counties} 个县（市、区）、"
            f"{summary.schools} 所职业院校、{summary.co_organisers} 个协办部门；"
            f"联络员 {summary.liaisons} 人"
        )
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {summary.password}，仅供演示）：")
        rows = [("角色", "用户名", "密码", "单位")] + [
            (login.label, login.username, summary.password, login.unit) for login in summary.logins
        ]
        widths = [max(_width(row[column]) for row in rows) for column in range(4)]
        for row in rows:
            self.stdout.write(
                "  ".join(
                    _pad(cell, width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
