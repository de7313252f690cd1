"""`vocweek demo`: load the 2021 Shanxi activity week and print the demo log-ins."""

import unicodedata

from django.utils.translation import gettext as _

from vocweek.campaigns.demo import load_demo
from vocweek.core.commands import PlatformCommand


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(PlatformCommand):
    help = "Load the 2021 Shanxi activity week as demo data (running it again adds nothing)."

    def handle(self, *args, **options) -> None:
        summary = load_demo()
        campaign = summary.campaign
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo loaded: %(title)s (%(theme)s)")
                % {"title": campaign.title, "theme": campaign.theme}
            )
        )
        self.stdout.write(
            _("Activity week %(first)s to %(last)s, per notice %(notice)s")
            % {
                "first": f"{campaign.starts_on:%Y-%m-%d}",
                "last": f"{campaign.ends_on:%Y-%m-%d}",
                "notice": campaign.notice_reference,
            }
        )
        self.stdout.write(
            _(
                "%(units)s units take part: %(cities)s cities, %(counties)s counties, "
                "%(schools)s schools, %(co_organisers)s co-organising departments; "
                "%(liaisons)s liaisons"
            )
            % {
                "units": summary.units,
                "cities": summary.cities,
                "counties": summary.counties,
                "schools": summary.schools,
                "co_organisers": summary.co_organisers,
                "liaisons": summary.liaisons,
            }
        )
        self.stdout.write("")
        self.stdout.write(
            _("Demo log-ins (all with the password %(password)s, for the demo only):")
            % {"password": summary.password}
        )
        rows = [(_("role"), _("log-in name"), _("password"), _("unit"))] + [
            (str(login.label), login.username, summary.password, login.unit)
            for login in summary.logins
        ]
        widths = [max(_width(row[column]) for row in rows) for column in range(4)]
        for row in rows:
            self.stdout.write(
                "  ".join(
                    _pad(cell, width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
