"""`vocweek export_units FILE.xlsx`: write the roster in the columns `import_units` reads."""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from vocweek.campaigns.management.commands.import_units import (
    add_campaign_arguments,
    campaign_option,
)
from vocweek.campaigns.roster.exports import roster_workbook
from vocweek.campaigns.roster.queries import roster_lines
from vocweek.core.commands import PlatformCommand
from vocweek.orgs.queries import province_root


class Command(PlatformCommand):
    help = "Export units and liaisons to an Excel workbook that import_units reads again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the workbook to write (.xlsx)")
        add_campaign_arguments(parser)

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if path.suffix.lower() != ".xlsx":
            raise CommandError(_("The export is an Excel workbook: name the file *.xlsx."))
        root = province_root()
        if root is None:
            raise CommandError(
                _("There is no provincial education department at the top of the unit tree.")
            )
        lines = roster_lines(root=root, campaign=campaign_option(options))
        path.write_bytes(roster_workbook(lines))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)s rows written to %(file)s.") % {"count": len(lines), "file": path}
            )
        )
