"""The unit tree and who belongs to which unit.

The tree is stored as a materialised path of fixed-width decimal steps, so that a whole subtree is
one range scan on an ordinary index on SQLite and PostgreSQL alike (`path >= P AND path < next(P)`),
whatever the database collation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vocweek.core.models import TimeStampedModel
from vocweek.orgs.enums import Role, UnitKind

PATH_STEP = 5


def subtree_upper_bound(path: str) -> str:
    """Return the smallest path that sorts after every descendant of `path`."""
    return str(int(path) + 1).zfill(len(path))


class UnitQuerySet(models.QuerySet):
    def subtree(self, unit: "Unit") -> "UnitQuerySet":
        """The unit and all units below it, as one indexed range."""
        return self.filter(path__gte=unit.path, path__lt=subtree_upper_bound(unit.path))

    def descendants(self, unit: "Unit") -> "UnitQuerySet":
        return self.subtree(unit).exclude(pk=unit.pk)

    def schools(self) -> "UnitQuerySet":
        return self.filter(kind__in=UnitKind.schools())

    def visible_to(self, user) -> "UnitQuerySet":
        """Units a staff user may see: reviewers their unit's subtree, everybody else their own.

        Province-direct schools located in a city belong to the province's subtree, not the city's.
        """
        membership = membership_of(user)
        if membership is None:
            return self.none()
        if membership.role in (Role.ORGANISER_ADMIN, Role.PROVINCE_REVIEWER):
            return self.subtree(membership.unit)
        if membership.role == Role.CITY_REVIEWER:
            return self.subtree(membership.unit)
        return self.filter(pk=membership.unit_id)


class Unit(TimeStampedModel):
    """A unit of the tree: the province department, a city or county bureau, a school, a department."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    city = models.ForeignKey(
        "self",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units_in_city",
        limit_choices_to={"kind": UnitKind.CITY},
    )
    path = models.CharField(_("tree path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="unit_root_name_unique"
            ),
        ]
        indexes = [models.Index(fields=["city", "kind"], name="unit_city_kind_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_school(self) -> bool:
        return self.kind in UnitKind.schools()

    def contains(self, other: "Unit") -> bool:
        """True when `other` is this unit or lies below it."""
        return self.path <= other.path < subtree_upper_bound(self.path)


class Membership(TimeStampedModel):
    """A user's one unit and one role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


def membership_of(user) -> Membership | None:
    """Return the user's membership (cached on the user object), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None
