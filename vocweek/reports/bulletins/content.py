"""What a bulletin says: the day's standings by city, adopted and featured reports, and the
units still missing — gathered in a few queries and kept as JSON on the bulletin."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from vocweek.campaigns.models import Campaign
from vocweek.orgs.models import Unit
from vocweek.reports.enums import AdoptionLevel, State
from vocweek.reports.models import Bulletin, Report
from vocweek.reports.queries import LATE, MISSING, REPORTED, completeness_matrix

EXCERPT_CHARACTERS = 120


def list_separator() -> str:
    return pgettext("between the items of a list in a sentence", ", ")


@dataclass(frozen=True)
class Standing:
    """How a group of obligated units stands for one day: on time, late (补报) or missing."""

    name: str
    obligated: int = 0
    reported: int = 0
    late: int = 0
    missing: int = 0

    @property
    def completeness(self) -> int:
        """Percentage of units that met the quota, on time or late."""
        if not self.obligated:
            return 0
        return round(100 * (self.reported + self.late) / self.obligated)

    def plus(self, standing: str) -> "Standing":
        """This group with one more unit whose day is `REPORTED`, `LATE` or `MISSING`."""
        return Standing(
            name=self.name,
            obligated=self.obligated + 1,
            reported=self.reported + (standing == REPORTED),
            late=self.late + (standing == LATE),
            missing=self.missing + (standing == MISSING),
        )


@dataclass(frozen=True)
class BulletinItem:
    """A report as the bulletin lists it: title, source unit, where it was adopted."""

    report_id: int
    title: str
    unit: str
    levels: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    excerpt: str = ""

    @property
    def level_labels(self) -> list[str]:
        return [str(AdoptionLevel(level).label) for level in self.levels]

    @property
    def adopted_by(self) -> str:
        """The levels and named outlets, e.g. "省级平台、省级媒体（山西日报）"."""
        text = list_separator().join(self.level_labels)
        outlets = [outlet for outlet in self.outlets if outlet]
        if outlets:
            text += _(" (%(outlets)s)") % {"outlets": list_separator().join(outlets)}
        return text


@dataclass(frozen=True)
class BulletinContent:
    """Everything a bulletin says, in the form stored in `Bulletin.content`."""

    campaign_title: str
    organiser: str
    number: int
    day: str
    day_number: int
    filed: int
    total: Standing
    cities: list[Standing] = field(default_factory=list)
    adopted: list[BulletinItem] = field(default_factory=list)
    featured: list[BulletinItem] = field(default_factory=list)
    missing_units: list[str] = field(default_factory=list)

    @property
    def date(self) -> date:
        return date.fromisoformat(self.day)

    @property
    def title(self) -> str:
        """山西省2021年职业教育活动周工作简报"""
        return _("%(campaign)s bulletin") % {"campaign": self.campaign_title}

    @property
    def issue(self) -> str:
        """第N期"""
        return _("Issue %(number)s") % {"number": self.number}

    @property
    def overview(self) -> str:
        """今日概况 in one paragraph: the day, the completeness figures, the day's reports."""
        total = self.total
        return _(
            "Day %(number)s of the week (%(date)s): of %(obligated)s units that owe daily "
            "reports, %(reported)s reported on time, %(late)s late and %(missing)s not yet; "
            "completeness %(completeness)s%%. %(filed)s reports were filed for the day, "
            "%(adopted)s adopted and %(featured)s featured."
        ) % {
            "number": self.day_number,
            "date": date_format(self.date, "DATE_FORMAT"),
            "obligated": total.obligated,
            "reported": total.reported,
            "late": total.late,
            "missing": total.missing,
            "completeness": total.completeness,
            "filed": self.filed,
            "adopted": len(self.adopted),
            "featured": len(self.featured),
        }

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "BulletinContent":
        def item(values: dict[str, Any]) -> BulletinItem:
            tuples = {name: tuple(values[name]) for name in ("levels", "outlets")}
            return BulletinItem(**{**values, **tuples})

        return cls(
            **{
                **data,
                "total": Standing(**data["total"]),
                "cities": [Standing(**values) for values in data["cities"]],
                "adopted": [item(values) for values in data["adopted"]],
                "featured": [item(values) for values in data["featured"]],
            }
        )


def content_of(bulletin: Bulletin) -> BulletinContent:
    return BulletinContent.from_json(bulletin.content)


def day_standings(
    campaign: Campaign, day: date, moment: datetime | None = None
) -> tuple[Standing, list[Standing], list[str]]:
    """The day's completeness over the organiser's units: the total, one row per city (the
    province-direct units last) and the names of the units below the quota.

    Read from the day's column of `completeness_matrix` (same definitions and groups as the
    completeness pages); a unit still below the quota today counts as not reported.
    """
    matrix = completeness_matrix(campaign, Unit.objects.subtree(campaign.organiser), moment=moment)
    index = (day - campaign.starts_on).days
    groups = {group.key: Standing(name=group.name) for group in matrix.groups}
    total = Standing(name=str(_("Total")))
    missing: list[str] = []
    for row in matrix.rows:
        cell = row.cells[index]
        standing = cell if cell in (REPORTED, LATE) else MISSING
        groups[row.group_key] = groups[row.group_key].plus(standing)
        total = total.plus(standing)
        if standing == MISSING:
            missing.append(row.name)
    return total, list(groups.values()), missing


def _excerpt(body: str) -> str:
    return Truncator(" ".join(strip_tags(body).split())).chars(EXCERPT_CHARACTERS)


def adopted_on(campaign: Campaign, day: date) -> list[BulletinItem]:
    """Reports adopted on `day` (the adoption's date), with every level they reached."""
    reports = (
        Report.objects.filter(
            campaign=campaign,
            state__in=[State.ADOPTED, State.FEATURED],
            adoptions__adopted_on=day,
        )
        .distinct()
        .select_related("unit")
        .prefetch_related("adoptions")
        .order_by("unit__path", "pk")
    )
    return [
        BulletinItem(
            report_id=report.pk,
            title=report.title,
            unit=report.unit.name,
            levels=tuple(adoption.level for adoption in report.adoptions.all()),
            outlets=tuple(adoption.outlet for adoption in report.adoptions.all()),
        )
        for report in reports
    ]


def featured_on(campaign: Campaign, day: date) -> list[BulletinItem]:
    """Reports featured in the publicity column on `day` (campaign time zone), in column order."""
    start = datetime.combine(day, time(0, 0), tzinfo=campaign.zone)
    reports = (
        Report.objects.filter(
            campaign=campaign,
            state=State.FEATURED,
            featured_at__gte=start,
            featured_at__lt=start + timedelta(days=1),
        )
        .select_related("unit")
        .order_by("featured_order", "pk")
    )
    return [
        BulletinItem(
            report_id=report.pk,
            title=report.title,
            unit=report.unit.name,
            excerpt=_excerpt(report.body),
        )
        for report in reports
    ]


def gather_content(campaign: Campaign, day: date, number: int) -> BulletinContent:
    """The bulletin's figures and lists for `day`, as of now."""
    total, cities, missing = day_standings(campaign, day)
    filed = Report.objects.filter(campaign=campaign, day=day, state__in=State.filed()).count()
    return BulletinContent(
        campaign_title=campaign.title,
        organiser=campaign.organiser.name,
        number=number,
        day=day.isoformat(),
        day_number=campaign.day_number(day) or 0,
        filed=filed,
        total=total,
        cities=cities,
        adopted=adopted_on(campaign, day),
        featured=featured_on(campaign, day),
        missing_units=missing,
    )
