"""`vocweek demo`: load the 2021 Shanxi activity week, its activity plans, its statistics table,
its reports, the schools' exhibition halls, the activity calendar, the pledge and the online
selection, and print the demo log-ins.

It lives in the console, the top layer, because it loads the campaign (`campaigns.demo`), the
plans (`plans.demo`), the statistics table (`stats.demo`), the reports (`reports.demo`) and the
halls (`reports.halls.demo`), and campaigns may not import plans, statistics or reports.
"""

import unicodedata

from django.utils.translation import gettext as _

from vocweek.activities.demo import ActivitiesDemoSummary, load_demo_activities
from vocweek.campaigns.demo import load_demo
from vocweek.core.commands import PlatformCommand
from vocweek.plans.demo import PlansDemoSummary, load_demo_plans
from vocweek.pledges.demo import PledgesDemoSummary, load_demo_pledges
from vocweek.reports.demo import ReportsDemoSummary, load_demo_reports
from vocweek.reports.halls.demo import HallsDemoSummary, load_demo_halls
from vocweek.stats.definition import load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.models import StatForm
from vocweek.topics.demo import TopicsDemoSummary, load_demo_topics
from vocweek.voting.demo import VotingDemoSummary, load_demo_voting
from vocweek.voting.works.demo import WorksDemoSummary, load_demo_works


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(PlatformCommand):
    help = (
        "Load the 2021 Shanxi activity week, its activity plans and reports up to the platform's "
        "clock and the schools' exhibition halls as demo data (running it again adds nothing)."
    )

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
        self.stdout.write(self._plans_line(load_demo_plans(campaign=campaign)))
        self.stdout.write(self._statistics_line(build_demo_form(campaign=campaign)))
        self.stdout.write(self._reports_line(load_demo_reports(campaign=campaign)))
        self.stdout.write(self._halls_line(load_demo_halls(campaign=campaign)))
        self.stdout.write(self._activities_line(load_demo_activities(campaign=campaign)))
        self.stdout.write(self._pledges_line(load_demo_pledges(campaign=campaign)))
        self.stdout.write(self._voting_line(load_demo_voting(campaign=campaign)))
        self.stdout.write(self._works_line(load_demo_works(campaign=campaign)))
        self.stdout.write(self._topics_line(load_demo_topics(campaign=campaign)))
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

    def _statistics_line(self, form: StatForm) -> str:
        definition = load_form(form)
        return _("Statistics table: %(items)s items in %(sections)s sections") % {
            "items": len(definition.fields),
            "sections": len(definition.sections),
        }

    def _plans_line(self, plans: PlansDemoSummary) -> str:
        return _(
            "%(filed)s of %(owed)s activity plans filed (%(late)s late), %(missing)s missing"
        ) % {
            "filed": plans.filed,
            "owed": plans.owed,
            "late": plans.late,
            "missing": plans.missing,
        }

    def _reports_line(self, reports: ReportsDemoSummary) -> str:
        if not reports.in_week and not reports.reports:
            return _(
                "No demo reports: the platform's clock is outside the activity week "
                "(make demo sets VOCWEEK_CLOCK_START to a moment of the week)."
            )
        return _(
            "Demo reports up to %(today)s: %(reports)s from %(schools)s of %(obligated)s schools, "
            "%(photos)s photos, %(late)s filed late; %(adopted)s adopted (%(featured)s featured), "
            "%(returned)s returned, %(declined)s not adopted, %(awaiting)s awaiting review; "
            "%(filed_today)s schools have reported today"
        ) % {
            "today": f"{reports.today:%Y-%m-%d}",
            "reports": reports.reports,
            "schools": reports.schools,
            "obligated": reports.obligated,
            "photos": reports.photos,
            "late": reports.late,
            "adopted": reports.adopted,
            "featured": reports.featured,
            "returned": reports.returned,
            "declined": reports.declined,
            "awaiting": reports.awaiting,
            "filed_today": reports.filed_today,
        }

    def _activities_line(self, activities: ActivitiesDemoSummary) -> str:
        return _(
            "Activity calendar: %(activities)s activities published, %(registering)s taking "
            "registrations, %(registrations)s registrations"
        ) % {
            "activities": activities.activities,
            "registering": activities.with_registration,
            "registrations": activities.registrations,
        }

    def _pledges_line(self, pledges: PledgesDemoSummary) -> str:
        return _("Pledge signing: %(signers)s signers from %(schools)s schools") % {
            "signers": pledges.signers,
            "schools": pledges.schools,
        }

    def _voting_line(self, voting: VotingDemoSummary) -> str:
        return _("Online voting: %(candidates)s candidates, %(votes)s votes") % {
            "candidates": voting.candidates,
            "votes": voting.votes,
        }

    def _works_line(self, works: WorksDemoSummary) -> str:
        return _("Works collection: %(entries)s entries, %(sheets)s score sheets") % {
            "entries": works.entries,
            "sheets": works.sheets,
        }

    def _topics_line(self, topics: TopicsDemoSummary) -> str:
        return _(
            "Interactive topics: %(topics)s topics, %(published)s answers published, "
            "%(waiting)s waiting for moderation"
        ) % {"topics": topics.topics, "published": topics.published, "waiting": topics.waiting}

    def _halls_line(self, halls: HallsDemoSummary) -> str:
        return _(
            "%(published)s exhibition halls published and %(drafts)s in draft: %(albums)s albums, "
            "%(photos)s photos, %(panoramas)s 360° panoramas"
        ) % {
            "published": halls.published,
            "drafts": halls.drafts,
            "albums": halls.albums,
            "photos": halls.photos,
            "panoramas": halls.panoramas,
        }
