"""`vocweek import_units FILE.xlsx|FILE.csv`: import a roster of units and liaisons.

All or nothing unless --skip-invalid; --dry-run shows what would happen and keeps nothing. New
accounts get one-time activation links, printed here and e-mailed to those with an address;
no password is ever made up or shown.
"""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign
from vocweek.campaigns.queries import current_campaign
from vocweek.campaigns.roster.queries import campaign_by_slug
from vocweek.campaigns.roster.reading import RosterError, check_file
from vocweek.campaigns.roster.service import (
    ImportResult,
    RosterInvalid,
    activation_links,
    import_roster,
    send_activation_links,
)
from vocweek.core.commands import PlatformCommand

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def campaign_option(options: dict) -> Campaign | None:
    """The campaign named by --campaign, none with --no-campaign, else the current campaign."""
    if options["no_campaign"]:
        return None
    if options["campaign"]:
        campaign = campaign_by_slug(options["campaign"])
        if campaign is None:
            raise CommandError(
                _("There is no campaign “%(slug)s”.") % {"slug": options["campaign"]}
            )
        return campaign
    return current_campaign()


def add_campaign_arguments(parser: CommandParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--campaign", metavar="SLUG", help="the campaign (default: the current one)")
    group.add_argument(
        "--no-campaign", action="store_true", help="units only, even when there is a campaign"
    )


class Command(PlatformCommand):
    help = "Import units and liaisons from an Excel (.xlsx) or CSV roster, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the roster, .xlsx or .csv")
        add_campaign_arguments(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then keep nothing"
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, list the others"
        )
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"the site's address for activation links (default {DEFAULT_BASE_URL})",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        campaign = campaign_option(options)
        try:
            if not path.is_file():
                raise CommandError(_("There is no file “%(file)s”.") % {"file": path})
            check_file(file_name=path.name, size=path.stat().st_size)
            result = import_roster(
                file_name=path.name,
                data=path.read_bytes(),
                campaign=campaign,
                skip_invalid=options["skip_invalid"],
                dry_run=options["dry_run"],
            )
        except RosterInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(error.message)
            raise CommandError(invalid.message) from invalid
        except RosterError as error:
            raise CommandError(error.message) from error
        self._report(result)
        if result.new_accounts:
            self._activations(result, options["base_url"])

    def _report(self, result: ImportResult) -> None:
        if result.campaign is None:
            self.stdout.write(_("No campaign: units only."))
        else:
            self.stdout.write(_("Campaign: %(title)s") % {"title": result.campaign.title})
        for error in result.skipped:
            self.stderr.write(_("Skipped: %(error)s") % {"error": error.message})
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(warning))
        counts = result.counts()
        summary = (
            _(
                "Units: %(units_created)s created, %(units_updated)s updated, %(units_unchanged)s "
                "unchanged. Participations: %(participations_created)s created, "
                "%(participations_updated)s updated. Liaisons: %(liaisons_created)s created, "
                "%(liaisons_updated)s updated. Accounts: %(accounts_created)s created. "
                "Rows skipped: %(rows_skipped)s."
            )
            % counts
        )
        if result.dry_run:
            self.stdout.write(_("Dry run, nothing was kept. %(summary)s") % {"summary": summary})
        elif not result.changed:
            self.stdout.write(
                self.style.SUCCESS(_("Nothing changed. %(summary)s") % {"summary": summary})
            )
        else:
            self.stdout.write(self.style.SUCCESS(summary))

    def _activations(self, result: ImportResult, base_url: str) -> None:
        self.stdout.write("")
        self.stdout.write(
            _("One-time activation links (each works once, until a password is set):")
        )
        for link in activation_links(users=result.new_accounts, base_url=base_url):
            self.stdout.write(f"{link.user.username}\t{link.user.get_full_name()}\t{link.url}")
        sent = send_activation_links(users=result.new_accounts, base_url=base_url)
        self.stdout.write(_("%(count)s activation e-mails queued for sending.") % {"count": sent})
