"""Demo information reports for the 2021 Shanxi week: the days up to today, as schools file them.

Most schools file one or two reports a day; some miss days and a few make them up late (补报);
today only about half have filed so far. The provincial reviewer has adopted about two in five
(some also used by provincial or central media), featured ten in the publicity column, returned a
few and declined a few; the rest await review. Everything goes through the report services at the
moment it would have happened: the platform's clock is moved there while the demo writes
(`clock_at`), so submission times, days, late flags, review history and the audit log agree.

Photos are drawn at load time (`photos.demo_photo`), checked and stored by `add_media`, and
rendered at once by `process_media`, so they show without a task worker. `add_media` also enqueues
the rendering task when the transaction commits; that task finds the photo ready and does nothing
(`process_media` only takes pending media). Loading is idempotent: a campaign that already has
reports gets none, and nothing is loaded while the clock is outside the week.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count

from vocweek.accounts.models import User
from vocweek.campaigns.demo import DEMO_LOGINS, demo_person
from vocweek.campaigns.models import MIDNIGHT, Campaign, Liaison, ListedActivity, Participation
from vocweek.core import clock
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.reports import media, services
from vocweek.reports.demo.photos import demo_photo
from vocweek.reports.demo.texts import (
    CAPTION_NOTE,
    CENTRAL_MEDIA,
    COMMUNITIES,
    CRAFTS,
    DECLINE_NOTES,
    HALLS,
    PROVINCIAL_MEDIA,
    RETURN_NOTES,
    STORIES,
    VILLAGES,
    WORKSHOPS,
    Story,
)
from vocweek.reports.enums import AdoptionLevel, Category, State
from vocweek.reports.models import Report, ReportMedia

SEED = 20210522
MISSING_SHARE = 0.15  # of the schools miss one or more past days
LATE_FILINGS = 4  # missed days made up the next morning (补报)
SECOND_REPORT_SHARE = 0.2  # of the school days with two reports instead of one
FILED_TODAY_SHARE = 0.5
ADOPTED_SHARE = 0.4  # of all filed reports, the featured ones included
FEATURED = 10
RETURNED = 4  # one of them fixed and resubmitted
DECLINED = 5
CENTRAL_ADOPTIONS = 3
PROVINCIAL_MEDIA_SHARE = 0.2  # of the adopted reports
PHOTO_SHARE_OF_OTHER_NEWS = 0.25  # news that nobody adopted: with one photo or none

REVIEWER = "province"
COLLEGE_LOGIN = "school"  # its school: a featured report, one returned to fix, nothing yet today
COUNTY_LOGIN = "school2"  # its school: the first day made up late, today filed

AWAITING, ADOPTED, FEATURED_FATE, RETURNED_FATE, FIXED, DECLINED_FATE = (
    "awaiting",
    "adopted",
    "featured",
    "returned",
    "fixed",
    "declined",
)


@dataclass(frozen=True)
class ReportsDemoSummary:
    """What the demo campaign's reporting holds after loading, as counted in the database."""

    in_week: bool  # False: the clock is outside the week, and no demo reports are written
    added: bool  # False: nothing was written (the campaign had reports, or not in the week)
    today: date
    reports: int
    schools: int
    obligated: int
    filed_today: int
    late: int
    photos: int
    awaiting: int
    adopted: int  # featured ones included
    featured: int
    returned: int
    declined: int
    by_day: tuple[tuple[date, int], ...]


@dataclass
class _Plan:
    """One demo report: what a school writes, when it files it, and what review makes of it."""

    unit: Unit
    author: User | None
    story: Story
    values: dict[str, str]
    filed_at: datetime
    late_for: date | None = None
    photo_seeds: list[int] = field(default_factory=list)
    fate: str = AWAITING
    reviewed_at: datetime | None = None
    level: str = AdoptionLevel.PROVINCE_PLATFORM
    outlet: str = ""
    note: str = ""
    report: Report | None = None
    media: list[ReportMedia] = field(default_factory=list)


clock_at = clock.running_from


def _at(campaign: Campaign, day: date, hours: float) -> datetime:
    """The moment `hours` after the start of `day` in the campaign's time zone."""
    start = datetime.combine(day, MIDNIGHT, tzinfo=campaign.zone)
    return start + timedelta(seconds=round(hours * 3600))


def _filing_hours(campaign: Campaign) -> tuple[float, float]:
    """When schools file during a day: from the morning until shortly before the cut-off."""
    cutoff = campaign.daily_cutoff
    end = 23.5 if cutoff == MIDNIGHT else cutoff.hour + cutoff.minute / 60 - 0.25
    return min(8.0, end - 1), end


def _place(unit: Unit) -> str:
    """The county of a county's school, else the city the school lies in."""
    if unit.parent is not None and unit.parent.kind == UnitKind.COUNTY:
        return unit.parent.name.removesuffix("教育局")
    if unit.city is not None:
        return unit.city.short_name or unit.city.name.removesuffix("教育局")
    return ""


def _values(unit: Unit, story: Story, day: date, rng: random.Random) -> dict[str, str]:
    return {
        "school": unit.name,
        "place": _place(unit),
        "date": f"{day.month}月{day.day}日",
        "n": str(rng.randrange(12, 60) * 10),
        "few": str(rng.randrange(3, 13)),
        "count": str(rng.randrange(30, 160)),
        "wan": f"{rng.randrange(11, 59) / 10:.1f}",
        "person": demo_person(unit.name + story.key),
        "hall": rng.choice(HALLS),
        "workshop": rng.choice(WORKSHOPS),
        "community": rng.choice(COMMUNITIES),
        "village": rng.choice(VILLAGES),
        "craft": rng.choice(CRAFTS),
    }


class _Week:
    """Plans the demo reports of a campaign up to `now`, then writes them in time order."""

    def __init__(self, campaign: Campaign, now: datetime) -> None:
        self.campaign = campaign
        self.now = now
        self.today = campaign.report_day(now)
        self.past = [day for day in campaign.days if day < self.today]
        self.rng = random.Random(SEED)
        self.plans: list[_Plan] = []
        self.reviewer = User.objects.filter(username=REVIEWER).first()
        self.activities = {
            (item.level, item.position): item
            for item in ListedActivity.objects.filter(campaign=campaign)
        }

    # Planning ------------------------------------------------------------------------------------

    def plan(self) -> None:
        participations = (
            Participation.objects.filter(campaign=self.campaign, owes_daily_reports=True)
            .select_related("unit__parent", "unit__city")
            .order_by("unit__path")
        )
        units = [participation.unit for participation in participations]
        authors = dict(
            Liaison.objects.filter(
                participation__campaign=self.campaign, user__isnull=False
            ).values_list("participation__unit_id", "user_id")
        )
        users = User.objects.in_bulk(set(authors.values()))
        login_units = {login.username: login.unit for login in DEMO_LOGINS}
        college = login_units[COLLEGE_LOGIN]
        county_school = login_units[COUNTY_LOGIN]

        others = [unit for unit in units if unit.name not in (college, county_school)]
        # Keyed and ordered by tree path, not pk, so that every fresh load draws the same week.
        missed: dict[str, list[date]] = {}
        for unit in self.rng.sample(others, round(MISSING_SHARE * len(units))):
            if self.past:
                count = 1 if len(self.past) == 1 or self.rng.random() < 0.7 else 2
                missed[unit.path] = sorted(self.rng.sample(self.past, count))
        pairs = sorted((path, day) for path, days in missed.items() for day in days)
        # One fewer: the county school of a demo log-in makes up its first day too (below).
        late = set(self.rng.sample(pairs, min(LATE_FILINGS - 1, len(pairs))))

        for unit in units:
            author = users.get(authors.get(unit.pk))
            stories = [story for story in STORIES if unit.kind in story.kinds]
            self.rng.shuffle(stories)
            unit_missed = missed.get(unit.path, [])
            files_today = self.rng.random() < FILED_TODAY_SHARE
            if unit.name == county_school and self.past:
                unit_missed = self.past[:1]
                late.add((unit.path, self.past[0]))
                files_today = True
            for day in self.past:
                if day in unit_missed:
                    continue
                second = self.rng.random() < SECOND_REPORT_SHARE
                if unit.name == college:
                    second = day == self.past[-1] and len(self.past) > 1
                for _number in range(2 if second else 1):
                    self._add(unit, author, stories, day, self._past_moment(day))
            for day in unit_missed:
                if (unit.path, day) in late:
                    moment = self._morning_after(day)
                    if moment is not None:
                        self._add(unit, author, stories, day, moment, late_for=day)
            if files_today and unit.name != college:
                moment = self._today_moment()
                if moment is not None:
                    self._add(unit, author, stories, self.today, moment)
        self._decide_reviews(college)

    def _past_moment(self, day: date) -> datetime:
        start, end = _filing_hours(self.campaign)
        return _at(self.campaign, day, self.rng.triangular(start, end, 17.0))

    def _morning_after(self, day: date) -> datetime | None:
        moment = _at(self.campaign, day + timedelta(days=1), self.rng.uniform(8.0, 11.5))
        return moment if moment < self.now - timedelta(minutes=20) else None

    def _today_moment(self) -> datetime | None:
        start = _at(self.campaign, self.today, 0)
        latest = (self.now - start).total_seconds() / 3600 - 0.25
        if latest < 1:
            return None
        return _at(self.campaign, self.today, self.rng.uniform(min(8.0, latest / 2), latest))

    def _add(
        self,
        unit: Unit,
        author: User | None,
        stories: list[Story],
        day: date,
        filed_at: datetime,
        late_for: date | None = None,
    ) -> None:
        story = self._next_story(stories, day)
        self.plans.append(
            _Plan(
                unit=unit,
                author=author,
                story=story,
                values=_values(unit, story, day, self.rng),
                filed_at=filed_at,
                late_for=late_for,
            )
        )

    def _next_story(self, stories: list[Story], day: date) -> Story:
        """The school's next unused story; the launch ceremony only on the first day."""
        first_day = day == self.campaign.starts_on
        if first_day and self.rng.random() < 0.5:
            for story in stories:
                if story.first_day:
                    stories.remove(story)
                    return story
        for story in stories:
            if first_day or not story.first_day:
                stories.remove(story)
                return story
        raise ValueError("A demo school ran out of stories.")

    def _review_moment(self, filed_at: datetime) -> datetime:
        """A few hours after filing, in office hours (08:30 to 21:00)."""
        moment = (filed_at + timedelta(hours=self.rng.uniform(1.0, 6.0))).astimezone(
            self.campaign.zone
        )
        hours = moment.hour + moment.minute / 60
        if hours >= 21:
            moment = _at(self.campaign, moment.date() + timedelta(days=1), 8.5)
        elif hours < 8.5:
            moment = _at(self.campaign, moment.date(), 8.5)
        return moment + timedelta(minutes=self.rng.randint(0, 150))

    def _decide_reviews(self, college: str) -> None:
        for plan in self.plans:
            plan.reviewed_at = self._review_moment(plan.filed_at)
        soon = self.now - timedelta(hours=3)  # room for featuring or fixing after the review
        pool = [plan for plan in self.plans if plan.reviewed_at < soon]
        college_plans = [plan for plan in pool if plan.unit.name == college]
        if len(college_plans) >= 2:
            college_plans[0].fate = FEATURED_FATE
            college_plans[-1].fate = RETURNED_FATE
            college_plans[-1].note = RETURN_NOTES[0]
        pool = [plan for plan in pool if plan.fate == AWAITING]
        self.rng.shuffle(pool)

        def take(count: int, fate: str) -> list[_Plan]:
            chosen = pool[:count]
            del pool[:count]
            for plan in chosen:
                plan.fate = fate
            return chosen

        returned = take(RETURNED - self._count(RETURNED_FATE), RETURNED_FATE)
        if returned:
            returned[0].fate = FIXED
            returned[0].note = CAPTION_NOTE
        for number, plan in enumerate(returned[1:], start=1):
            plan.note = RETURN_NOTES[number % len(RETURN_NOTES)]
        for number, plan in enumerate(take(DECLINED, DECLINED_FATE)):
            plan.note = DECLINE_NOTES[number % len(DECLINE_NOTES)]
        adopted = round(ADOPTED_SHARE * len(self.plans)) - self._count(FEATURED_FATE)
        featured = FEATURED - self._count(FEATURED_FATE)
        for plan in take(max(0, adopted), ADOPTED):
            if featured and plan.story.category != Category.PRACTICE:
                plan.fate = FEATURED_FATE
                featured -= 1

        used = [plan for plan in self.plans if plan.fate in (ADOPTED, FEATURED_FATE)]
        self.rng.shuffle(used)
        provincial = round(PROVINCIAL_MEDIA_SHARE * len(used))
        for number, plan in enumerate(used):
            if number < CENTRAL_ADOPTIONS:
                plan.level = AdoptionLevel.CENTRAL_MEDIA
                plan.outlet = CENTRAL_MEDIA[number % len(CENTRAL_MEDIA)]
            elif number < CENTRAL_ADOPTIONS + provincial:
                plan.level = AdoptionLevel.PROVINCIAL_MEDIA
                plan.outlet = PROVINCIAL_MEDIA[number % len(PROVINCIAL_MEDIA)]
        for plan in self.plans:
            plan.photo_seeds = [self.rng.getrandbits(32) for _ in range(self._photo_count(plan))]

    def _count(self, fate: str) -> int:
        return sum(1 for plan in self.plans if plan.fate == fate)

    def _photo_count(self, plan: _Plan) -> int:
        """Photo news two photos; adopted and returned reports one; other news at times one."""
        category = plan.story.category
        if category == Category.PHOTO_NEWS:
            return 2
        if plan.fate in (ADOPTED, FEATURED_FATE, RETURNED_FATE, FIXED):
            return 1
        if category == Category.NEWS and self.rng.random() < PHOTO_SHARE_OF_OTHER_NEWS:
            return 1
        return 0

    # Writing -------------------------------------------------------------------------------------

    def write(self) -> None:
        """Carry out every step at its moment, in time order (so the column's order is true)."""
        steps: list[tuple[datetime, int, Callable[[], None]]] = []
        for plan in self.plans:
            steps.append((plan.filed_at, len(steps), lambda plan=plan: self._file(plan)))
            if plan.fate == AWAITING or plan.reviewed_at is None:
                continue
            steps.append((plan.reviewed_at, len(steps), lambda plan=plan: self._review(plan)))
            later = plan.reviewed_at + timedelta(minutes=self.rng.randint(30, 150))
            if plan.fate == FEATURED_FATE:
                steps.append((later, len(steps), lambda p=plan, at=later: self._feature(p, at)))
            elif plan.fate == FIXED:
                steps.append((later, len(steps), lambda p=plan, at=later: self._fix(p, at)))
        for _moment, _order, step in sorted(steps, key=lambda step: step[:2]):
            step()

    def _file(self, plan: _Plan) -> None:
        story, author = plan.story, plan.author
        with clock_at(plan.filed_at - timedelta(minutes=self.rng.randint(10, 40))):
            report = services.create_report(
                campaign=self.campaign,
                unit=plan.unit,
                author=author,
                content=services.ReportContent(
                    title=story.title.format(**plan.values),
                    body=story.body(plan.values),
                    category=story.category,
                    focus=story.focus,
                    listed_activity=self.activities.get(story.activity) if story.activity else None,
                ),
            )
            for number, seed in enumerate(plan.photo_seeds):
                caption = story.captions[min(number, len(story.captions) - 1)].format(**plan.values)
                photo = demo_photo(seed=seed, caption=caption, theme=self.campaign.theme)
                taken = plan.filed_at - timedelta(hours=2, minutes=number * 7)
                name = f"IMG_{taken.astimezone(self.campaign.zone):%Y%m%d_%H%M%S}.jpg"
                item = media.add_media(
                    report=report,
                    upload=SimpleUploadedFile(name, photo, content_type="image/jpeg"),
                    caption="" if plan.fate == FIXED else caption,
                    actor=author,
                )
                media.process_media(item.pk)
                plan.media.append(item)
        with clock_at(plan.filed_at):
            plan.report = services.submit_report(
                report=report, actor=author, version=report.version, for_day=plan.late_for
            )

    def _review(self, plan: _Plan) -> None:
        report, reviewer = plan.report, self.reviewer
        with clock_at(plan.reviewed_at):
            if plan.fate in (RETURNED_FATE, FIXED):
                plan.report = services.return_report(
                    report=report, actor=reviewer, version=report.version, note=plan.note
                )
            elif plan.fate == DECLINED_FATE:
                plan.report = services.decline_report(
                    report=report, actor=reviewer, version=report.version, note=plan.note
                )
            else:
                plan.report = services.adopt_report(
                    report=report, actor=reviewer, version=report.version
                )
                if plan.level != AdoptionLevel.PROVINCE_PLATFORM:
                    services.record_adoption(
                        report=plan.report, actor=reviewer, level=plan.level, outlet=plan.outlet
                    )

    def _feature(self, plan: _Plan, moment: datetime) -> None:
        report = plan.report
        with clock_at(moment):
            plan.report = services.feature_report(
                report=report,
                actor=self.reviewer,
                version=report.version,
                cover=plan.media[0] if plan.media else None,
            )

    def _fix(self, plan: _Plan, moment: datetime) -> None:
        """The school adds the missing captions and files the report again (it keeps its day)."""
        report, author = plan.report, plan.author
        with clock_at(moment):
            captions = {
                item.pk: plan.story.captions[min(number, len(plan.story.captions) - 1)].format(
                    **plan.values
                )
                for number, item in enumerate(plan.media)
            }
            media.update_captions_and_order(
                report=report, captions=captions, order=[], actor=author
            )
            plan.report = services.submit_report(
                report=report, actor=author, version=report.version
            )


def _summary(campaign: Campaign, *, in_week: bool, added: bool, today: date) -> ReportsDemoSummary:
    reports = Report.objects.filter(campaign=campaign).filed()
    states = dict(reports.values_list("state").annotate(count=Count("pk")))
    adopted = states.get(State.ADOPTED, 0) + states.get(State.FEATURED, 0)
    return ReportsDemoSummary(
        in_week=in_week,
        added=added,
        today=today,
        reports=sum(states.values()),
        schools=reports.values("unit").distinct().count(),
        obligated=Participation.objects.filter(campaign=campaign, owes_daily_reports=True).count(),
        filed_today=reports.filter(day=today).values("unit").distinct().count(),
        late=reports.filter(is_late=True).count(),
        photos=ReportMedia.objects.filter(report__campaign=campaign).count(),
        awaiting=sum(states.get(state, 0) for state in State.awaiting_review()),
        adopted=adopted,
        featured=states.get(State.FEATURED, 0),
        returned=states.get(State.RETURNED, 0),
        declined=states.get(State.DECLINED, 0),
        by_day=tuple(reports.order_by("day").values_list("day").annotate(count=Count("pk"))),
    )


@transaction.atomic
def load_demo_reports(*, campaign: Campaign) -> ReportsDemoSummary:
    """Load the demo campaign's reports for the days of the week up to now (after `load_demo`).

    Writes nothing when the campaign already has reports, or when the clock is outside the week
    (run the demo with VOCWEEK_CLOCK_START inside the week, as `make demo` does).
    """
    now = clock.now()  # first: it anchors a shifted clock to the real present
    today = campaign.report_day(now)
    in_week = campaign.day_number(today) is not None
    if not in_week or Report.objects.filter(campaign=campaign).exists():
        return _summary(campaign, in_week=in_week, added=False, today=today)
    week = _Week(campaign, now)
    week.plan()
    week.write()
    return _summary(campaign, in_week=True, added=True, today=today)
