"""Kinds of units and roles of their members."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("provincial education department")
    CITY = "city", _("city education bureau")
    COUNTY = "county", _("county education bureau")
    HIGHER_VOCATIONAL = "higher_vocational", _("higher vocational college")
    PROVINCIAL_SECONDARY = "provincial_secondary", _("provincial secondary vocational school")
    CITY_SECONDARY = "city_secondary", _("city secondary vocational school")
    TECHNICAL = "technical", _("technical school")
    CO_ORGANISER = "co_organiser", _("co-organising department")

    @classmethod
    def schools(cls) -> list[str]:
        return [
            cls.HIGHER_VOCATIONAL,
            cls.PROVINCIAL_SECONDARY,
            cls.CITY_SECONDARY,
            cls.TECHNICAL,
        ]

    @classmethod
    def bureaus(cls) -> list[str]:
        return [cls.PROVINCE, cls.CITY, cls.COUNTY]


class Role(models.TextChoices):
    UNIT_REPORTER = "unit_reporter", _("reporter")
    UNIT_MANAGER = "unit_manager", _("unit manager")
    CITY_REVIEWER = "city_reviewer", _("city reviewer")
    PROVINCE_REVIEWER = "province_reviewer", _("provincial reviewer")
    ORGANISER_ADMIN = "organiser_admin", _("organiser administrator")
