"""Writing activity plans: filing and replacing them, reopening after the deadline, and recording
what the check of a topic website found.

The deadline is the campaign's `plan_deadline`: before it a unit files and replaces its plan
freely; after it a unit that has not filed can still file (marked late), but a filed plan is
locked unless the organiser reopened it. The document is checked by content before anything is
stored, and a replaced document's file is deleted once the replacement is committed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign, Participation
from vocweek.campaigns.services import set_liaison
from vocweek.core import audit, clock
from vocweek.core.documents import check_document
from vocweek.core.pagecache import bump_public_generation_on_commit
from vocweek.core.uploads import display_name
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.plans import tasks, website
from vocweek.plans.enums import WebsiteStatus
from vocweek.plans.models import ActivityPlan, document_path

AUDITED = ["summary", "topic_website", "document_name", "is_late", "reopened_until"]


class PlanError(Exception):
    """A plan action that cannot be done; the message is for the user."""


class PlanConflict(PlanError):
    """The plan changed since the form was opened (a colleague filed meanwhile)."""


@dataclass(frozen=True)
class PlanContent:
    """What a unit writes: the summary and the topic website's address."""

    summary: str
    topic_website: str


@dataclass(frozen=True)
class LiaisonContent:
    """The liaison (联络员) filed with the plan."""

    name: str
    mobile: str = ""
    email: str = ""
    position: str = ""


def obligation(campaign: Campaign, unit: Unit) -> Participation:
    """The unit's participation in the campaign if it owes a plan; PlanError otherwise."""
    participation = Participation.objects.filter(
        campaign=campaign, unit=unit, owes_plan=True
    ).first()
    if participation is None:
        raise PlanError(
            _("%(unit)s does not file an activity plan for %(campaign)s.")
            % {"unit": unit.name, "campaign": campaign.title}
        )
    return participation


def is_open_for_changes(plan: ActivityPlan, moment: datetime) -> bool:
    """A filed plan may be replaced before the deadline, or while the organiser reopened it."""
    if moment < plan.campaign.plan_deadline:
        return True
    return plan.reopened_until is not None and moment < plan.reopened_until


def file_plan(
    *,
    campaign: Campaign,
    unit: Unit,
    content: PlanContent,
    document: UploadedFile | None,
    liaison: LiaisonContent | None,
    actor,
    version: int | None = None,
) -> ActivityPlan:
    """File the unit's plan, or replace it (a new document is optional when replacing).

    `version` is the plan's version the form was opened on (None for a first filing): a plan
    changed meanwhile raises PlanConflict rather than being overwritten. Raises UploadRejected
    (naming the file) or PlanError before anything is stored.
    """
    participation = obligation(campaign, unit)
    now = clock.now()
    if now < campaign.opens_at:
        raise PlanError(
            _("Plans can be filed from %(moment)s (%(zone)s).")
            % {
                "moment": date_format(
                    campaign.opens_at.astimezone(campaign.zone), "DATETIME_FORMAT"
                ),
                "zone": campaign.zone_label,
            }
        )
    document_type = check_document(document) if document is not None else None
    stored = ""
    if document is not None:
        # Stored before the transaction so that no database lock waits on file input and output.
        stored = default_storage.save(document_path(campaign.pk, document_type.suffix), document)
    try:
        return _save_plan(
            participation=participation,
            content=content,
            document=(stored, display_name(document.name), document_type.suffix, document.size)
            if document is not None
            else None,
            liaison=liaison,
            actor=actor,
            version=version,
            now=now,
        )
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise


@transaction.atomic
def _save_plan(
    *,
    participation: Participation,
    content: PlanContent,
    document: tuple[str, str, str, int] | None,
    liaison: LiaisonContent | None,
    actor,
    version: int | None,
    now: datetime,
) -> ActivityPlan:
    campaign, unit = participation.campaign, participation.unit
    plan = (
        ActivityPlan.objects.select_for_update()
        .select_related("campaign")
        .filter(campaign=campaign, unit=unit)
        .first()
    )
    if plan is None:
        if version is not None:
            raise PlanConflict(_("The plan was removed meanwhile; file it again."))
        if document is None:
            raise PlanError(_("Attach the plan document (PDF, DOCX, DOC or WPS)."))
        plan = ActivityPlan(campaign=campaign, unit=unit, filed_at=now, version=0)
        plan.is_late = now >= campaign.plan_deadline
        before: dict = {}
    else:
        if version is not None and version != plan.version:
            raise PlanConflict(
                _("The plan was filed again meanwhile by %(name)s; reload it and check it.")
                % {"name": plan.filed_by.get_full_name() if plan.filed_by else _("a colleague")}
            )
        if version is None:
            raise PlanConflict(_("The plan is already filed; reload it to replace it."))
        if not is_open_for_changes(plan, now):
            raise PlanError(
                _(
                    "The plan deadline has passed: the filed plan can no longer be replaced. "
                    "Ask the organiser to reopen it."
                )
            )
        before = audit.snapshot(plan, AUDITED)
    old_document = plan.document.name if document is not None and plan.pk else ""
    website_changed = plan.topic_website != content.topic_website.strip()
    plan.summary = content.summary.strip()
    plan.topic_website = content.topic_website.strip()
    if document is not None:
        plan.document.name, plan.document_name, plan.document_suffix, plan.document_size = document
    if website_changed:
        plan.website_status = WebsiteStatus.UNCHECKED
        plan.website_checked_url = ""
        plan.website_title = ""
        plan.website_http_status = None
        plan.website_checked_at = None
    plan.replaced_at = now
    plan.filed_by = actor if getattr(actor, "is_authenticated", False) else None
    plan.version += 1
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # a colleague filed the first plan at the same moment
        raise PlanConflict(
            _("The plan was filed meanwhile by a colleague; reload it and check it.")
        ) from None
    if liaison is not None and liaison.name.strip():
        set_liaison(
            participation=participation,
            name=liaison.name.strip(),
            mobile=liaison.mobile.strip(),
            email=liaison.email.strip(),
            position=liaison.position.strip(),
            actor=actor,
        )
    audit.record(
        actor=actor,
        action="plan.file" if not before else "plan.replace",
        target=plan,
        before=before,
        after=audit.snapshot(plan, AUDITED),
    )
    if website_changed:
        plan_id = plan.pk
        transaction.on_commit(lambda: tasks.check_topic_website.enqueue(plan_id))
        if unit.kind == UnitKind.CITY:  # the home page links to every city's topic website
            bump_public_generation_on_commit()
    if old_document:
        transaction.on_commit(lambda: default_storage.delete(old_document))
    return plan


@transaction.atomic
def reopen_plan(*, plan: ActivityPlan, until: datetime | None, actor) -> ActivityPlan:
    """Let the unit replace its plan after the deadline until `until`; None closes it again."""
    plan = ActivityPlan.objects.select_for_update().select_related("campaign").get(pk=plan.pk)
    if until is not None and until <= clock.now():
        raise PlanError(_("Reopen the plan until a moment in the future."))
    before = audit.snapshot(plan, ["reopened_until"])
    plan.reopened_until = until
    plan.save(update_fields=["reopened_until", "updated_at"])
    audit.record(
        actor=actor,
        action="plan.reopen" if until else "plan.close",
        target=plan,
        before=before,
        after=audit.snapshot(plan, ["reopened_until"]),
    )
    return plan


def record_website_check(*, plan_id: int, url: str, check: website.WebsiteCheck) -> bool:
    """Store what the check of `url` found, unless the plan's address changed meanwhile."""
    updated = ActivityPlan.objects.filter(pk=plan_id, topic_website=url).update(
        website_status=check.status,
        website_checked_url=url,
        website_http_status=check.http_status,
        website_title=check.title[:200],
        website_checked_at=clock.now(),
    )
    return bool(updated)


def check_and_record_website(plan_id: int) -> None:
    """Check the plan's topic website now (the task's body); nothing if the plan is gone or its
    current address was checked already (a repeated task, or a result the demo recorded)."""
    row = (
        ActivityPlan.objects.filter(pk=plan_id)
        .values_list("topic_website", "website_checked_url")
        .first()
    )
    if row is None or not row[0] or row[0] == row[1]:
        return
    url = row[0]
    record_website_check(plan_id=plan_id, url=url, check=website.check_website(url))
