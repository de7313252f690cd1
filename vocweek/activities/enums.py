"""Kinds, modes, levels and audiences of calendar activities, and where activities and
registrations stand. The kinds and service types are the notice's own words (§三, §四)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActivityKind(models.TextChoices):
    OPEN_CAMPUS = "open_campus", _("open campus")
    OPEN_COMPETITION = "open_competition", _("open competition venue")
    OPEN_ENTERPRISE = "open_enterprise", _("open enterprise")
    OPEN_INSTITUTE = "open_institute", _("open research institute")
    COMMUNITY = "community", _("into the community")
    CLOUD_WEEK = "cloud_week", _("activity week in the cloud")
    ONLINE_CAMPUS_TOUR = "online_campus_tour", _("online campus tour")
    ONLINE_OPEN_DAY = "online_open_day", _("online open day")
    LIVESTREAM = "livestream", _("livestream")
    ONLINE_SEMINAR = "online_seminar", _("online seminar or video link")
    INDUSTRY_DIALOGUE = "industry_dialogue", _("industry–education dialogue")
    COOPERATION_CASES = "cooperation_cases", _("school–enterprise cooperation cases")
    SKILL_SERVICE = "skill_service", _("skill service")
    MASTER_SHOWCASE = "master_showcase", _("master craftsman showcase")
    COMPETITION_VIEWING = "competition_viewing", _("skills competition viewing")
    LAUNCH_CEREMONY = "launch_ceremony", _("launch ceremony")
    ACHIEVEMENTS = "achievements", _("achievements exhibition")
    THEME_CONTEST = "theme_contest", _("theme education contest")
    POLICY = "policy", _("policy publicity")


class KindFamily(models.TextChoices):
    """The notice's kinds in four families, for charts that cannot show nineteen colours."""

    OPEN_DAYS = "open_days", _("open days and community")
    ONLINE = "online", _("online activities")
    INDUSTRY_AND_SERVICE = "industry_service", _("industry, cooperation and services")
    CEREMONIES = "ceremonies", _("ceremonies, contests and publicity")


KIND_FAMILY = {
    ActivityKind.OPEN_CAMPUS: KindFamily.OPEN_DAYS,
    ActivityKind.OPEN_COMPETITION: KindFamily.OPEN_DAYS,
    ActivityKind.OPEN_ENTERPRISE: KindFamily.OPEN_DAYS,
    ActivityKind.OPEN_INSTITUTE: KindFamily.OPEN_DAYS,
    ActivityKind.COMMUNITY: KindFamily.OPEN_DAYS,
    ActivityKind.CLOUD_WEEK: KindFamily.ONLINE,
    ActivityKind.ONLINE_CAMPUS_TOUR: KindFamily.ONLINE,
    ActivityKind.ONLINE_OPEN_DAY: KindFamily.ONLINE,
    ActivityKind.LIVESTREAM: KindFamily.ONLINE,
    ActivityKind.ONLINE_SEMINAR: KindFamily.ONLINE,
    ActivityKind.INDUSTRY_DIALOGUE: KindFamily.INDUSTRY_AND_SERVICE,
    ActivityKind.COOPERATION_CASES: KindFamily.INDUSTRY_AND_SERVICE,
    ActivityKind.SKILL_SERVICE: KindFamily.INDUSTRY_AND_SERVICE,
    ActivityKind.MASTER_SHOWCASE: KindFamily.INDUSTRY_AND_SERVICE,
    ActivityKind.COMPETITION_VIEWING: KindFamily.CEREMONIES,
    ActivityKind.LAUNCH_CEREMONY: KindFamily.CEREMONIES,
    ActivityKind.ACHIEVEMENTS: KindFamily.CEREMONIES,
    ActivityKind.THEME_CONTEST: KindFamily.CEREMONIES,
    ActivityKind.POLICY: KindFamily.CEREMONIES,
}


class ServiceType(models.TextChoices):
    """What a skill service (技能服务) offers."""

    EPIDEMIC = "epidemic", _("epidemic prevention knowledge")
    HEALTH_CARE = "health_care", _("health care")
    DAILY_LIFE = "daily_life", _("daily-life services")
    APPLIANCES = "appliances", _("appliance repair and maintenance")
    CRAFTS = "crafts", _("traditional crafts")
    ETIQUETTE = "etiquette", _("professional etiquette")
    ENVIRONMENT = "environment", _("environmental protection")
    MIGRANT_WORKERS = "migrant_workers", _("know-how for migrant workers")
    RURAL = "rural", _("skills to the countryside")


class Mode(models.TextChoices):
    OFFLINE = "offline", _("on site")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("on site and online")


class Level(models.TextChoices):
    NATIONAL = "national", pgettext_lazy("activity level", "national")
    PROVINCIAL = "provincial", pgettext_lazy("activity level", "provincial")
    CITY = "city", pgettext_lazy("activity level", "city")
    SCHOOL = "school", pgettext_lazy("activity level", "school")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("everyone")
    PUPILS_AND_PARENTS = "pupils_parents", _("pupils and parents")
    RESIDENTS = "residents", _("residents")
    EMPLOYEES = "employees", _("employees and job seekers")
    STUDENTS_AND_TEACHERS = "students_teachers", _("students and teachers")


class ActivityState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PENDING = "pending", _("awaiting approval")
    PUBLISHED = "published", _("published")
    RETURNED = "returned", _("returned for changes")
    CANCELLED = "cancelled", _("cancelled")


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
