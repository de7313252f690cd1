"""Compiling a day's bulletin: number, figures, Word document, audit."""

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign
from vocweek.core import audit, clock
from vocweek.reports.bulletins.content import gather_content
from vocweek.reports.bulletins.document import render_docx
from vocweek.reports.models import Bulletin


class BulletinError(Exception):
    """A bulletin that cannot be compiled; the message is for the user."""


def _bulletin_for_day(campaign: Campaign, day: date) -> Bulletin:
    """The day's bulletin, created with the next number when the day has none yet.

    Two compilers racing for a new number or for the same day meet a unique constraint; the
    loser reads again and takes the next number, or the other's bulletin.
    """
    for _attempt in range(5):
        existing = Bulletin.objects.select_for_update().filter(campaign=campaign, day=day).first()
        if existing is not None:
            return existing
        top = Bulletin.objects.filter(campaign=campaign).aggregate(top=Max("number"))["top"] or 0
        try:
            with transaction.atomic():
                return Bulletin.objects.create(
                    campaign=campaign, day=day, number=top + 1, compiled_at=clock.now()
                )
        except IntegrityError:
            continue
    raise BulletinError(_("Somebody else is compiling bulletins right now; try again."))


@transaction.atomic
def compile_bulletin(*, campaign: Campaign, day: date, actor=None) -> Bulletin:
    """Compile (or recompile) the bulletin of a day of the week: figures, lists and .docx.

    A day compiled for the first time gets the next number (第N期); recompiling keeps the number
    and replaces the document, whose old file is deleted once the new one is committed.
    """
    if campaign.day_number(day) is None:
        raise BulletinError(_("A bulletin is compiled for a day of the activity week."))
    if day > campaign.report_day(clock.now()):
        raise BulletinError(_("A bulletin cannot be compiled for a day that has not come yet."))
    bulletin = _bulletin_for_day(campaign, day)
    is_new = not bulletin.docx
    previous_file = bulletin.docx.name
    # A bulletin is written in the platform's language, whoever asks for it and in which language.
    with translation.override(settings.LANGUAGE_CODE):
        content = gather_content(campaign, day, bulletin.number)
        document = render_docx(content)
    bulletin.docx.save(f"bulletin-{bulletin.number}.docx", ContentFile(document), save=False)
    bulletin.content = content.to_json()
    bulletin.compiled_at = clock.now()
    bulletin.compiled_by = actor if getattr(actor, "is_authenticated", False) else None
    bulletin.save(update_fields=["docx", "content", "compiled_at", "compiled_by"])
    if previous_file:
        storage = bulletin.docx.storage
        transaction.on_commit(lambda: storage.delete(previous_file))
    audit.record(
        actor=actor,
        action="bulletin.compile" if is_new else "bulletin.recompile",
        target=bulletin,
        after={
            "number": bulletin.number,
            "day": day.isoformat(),
            "adopted": len(content.adopted),
            "featured": len(content.featured),
            "missing": len(content.missing_units),
        },
    )
    return bulletin
