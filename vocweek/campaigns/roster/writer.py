"""How one unit of a roster is placed in the tree, matched to a unit already there, and written.

Kinds decide the place: city bureaus, higher vocational colleges, provincial secondary schools
and co-organisers sit under the province (the schools with their city as a geographic fact); city
secondary and technical schools sit under their city's bureau, or its county bureau when 所属县区
names one (created if the tree lacks it). A unit is matched by code, else by name at that place;
the same name elsewhere in the tree is an error, never a silent move.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from vocweek.accounts.models import User
from vocweek.accounts.services import create_account
from vocweek.campaigns import services as campaign_services
from vocweek.campaigns.models import Campaign, Liaison, Participation
from vocweek.campaigns.roster.columns import city_key, county_key, kind_name, name_key
from vocweek.campaigns.roster.rows import Contact, Header, RosterUnit, RowError
from vocweek.core import audit
from vocweek.orgs import services as org_services
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import Membership, Unit

# Where a unit of each kind sits: directly under the province, or under its city (or county).
UNDER_PROVINCE = {
    UnitKind.CITY,
    UnitKind.HIGHER_VOCATIONAL,
    UnitKind.PROVINCIAL_SECONDARY,
    UnitKind.CO_ORGANISER,
}
UNDER_CITY_OR_COUNTY = {UnitKind.CITY_SECONDARY, UnitKind.TECHNICAL}
CITY_OPTIONAL = {UnitKind.CITY, UnitKind.CO_ORGANISER}


def role_for(kind: str) -> str:
    """The role a unit's liaison gets: city bureaus review their schools, other units manage their own."""
    return Role.CITY_REVIEWER if kind == UnitKind.CITY else Role.UNIT_MANAGER


def obligations_for(kind: str) -> dict[str, bool]:
    """What a unit of this kind owes in a campaign, as keyword arguments for `enrol_unit`.

    The 2021 notice: city bureaus and province-direct schools (高职, 省属中职) file a plan, every
    school files daily reports, schools and city bureaus file the statistics table; county bureaus
    and co-organisers take part but owe nothing. The rule itself lives in `campaigns.services`, so
    the demo and the import agree.
    """
    return campaign_services.obligations_for_kind(kind)


@dataclass
class Tally:
    """What the writer did so far, for the import's result."""

    created_units: list[str] = field(default_factory=list)
    updated_units: list[str] = field(default_factory=list)
    unchanged_units: int = 0
    participations_created: int = 0
    participations_updated: int = 0
    liaisons_created: int = 0
    liaisons_updated: int = 0
    memberships_assigned: int = 0
    new_accounts: list[User] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Place:
    """Where a unit of the file belongs: its parent (or the county bureau still to be created)."""

    parent: Unit | None
    city: Unit | None
    new_county: str = ""
    county_given: bool = False

    @property
    def label(self) -> str:
        return self.new_county or str(self.parent)


class RosterWriter:
    """The province's tree indexed by name, code and city, kept current as units are created."""

    def __init__(self, *, root: Unit, header: Header, campaign: Campaign | None, actor) -> None:
        self.root = root
        self.header = header
        self.campaign = campaign
        self.actor = actor
        self.tally = Tally()
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        self.by_code: dict[str, Unit] = {}
        self.cities: dict[str, Unit] = {}
        self.counties: dict[tuple[int, str], Unit] = {}
        for unit in Unit.objects.subtree(root).select_related("parent"):
            self._remember(unit)
        # What the campaign already holds, read once so that a repeated import writes nothing.
        self.participations: dict[int, Participation] = {}
        self.liaisons: dict[tuple[int, str], Liaison] = {}
        self.memberships: dict[int, Membership | None] = {}
        if campaign is not None:
            for participation in Participation.objects.filter(campaign=campaign):
                self.participations[participation.unit_id] = participation
            for liaison in Liaison.objects.filter(participation__campaign=campaign):
                self.liaisons[liaison.participation_id, liaison.name] = liaison
            linked = Membership.objects.filter(
                user__liaison_roles__participation__campaign=campaign
            ).select_related("unit")
            for membership in linked:
                self.memberships[membership.user_id] = membership

    def _remember(self, unit: Unit) -> None:
        self.by_name[name_key(unit.name)].append(unit)
        self.by_code[unit.code] = unit
        if unit.kind == UnitKind.CITY:
            for spelling in (unit.name, unit.short_name):
                if spelling:
                    self.cities.setdefault(city_key(spelling), unit)
        elif unit.kind == UnitKind.COUNTY and unit.parent_id is not None:
            self.counties.setdefault((unit.parent_id, county_key(unit.name)), unit)

    # --- finding the place and the unit -------------------------------------------------------

    def _error(self, unit: RosterUnit, field: str, message: str, **values: object) -> RowError:
        column = self.header.label(field)
        return RowError(
            row=unit.row,
            column=column,
            message=message % {"row": unit.row, "column": column, **values},
        )

    def _place(self, unit: RosterUnit) -> _Place | RowError:
        city: Unit | None = None
        if unit.kind != UnitKind.CITY and unit.city:
            city = self.cities.get(city_key(unit.city))
            if city is None:
                return self._error(
                    unit,
                    "city",
                    _("Row %(row)s: %(column)s “%(value)s” is not a city of %(province)s."),
                    value=unit.city,
                    province=self.root.name,
                )
        elif unit.kind not in CITY_OPTIONAL:
            return self._error(
                unit,
                "city",
                _(
                    "Row %(row)s: %(column)s is empty; every school and county bureau needs its city."
                ),
            )
        if unit.kind in UNDER_PROVINCE:
            return _Place(parent=self.root, city=city)
        assert city is not None  # every kind placed under a city requires one (checked above)
        if unit.kind not in UNDER_CITY_OR_COUNTY or not unit.county:
            return _Place(parent=city, city=city)
        key = county_key(unit.county)
        if key == city_key(city.name):  # the city written again where a county was expected
            return _Place(parent=city, city=city)
        county = self.counties.get((city.pk, key))
        if county is not None:
            return _Place(parent=county, city=city, county_given=True)
        county_name = _county_bureau_name(unit.county)
        if not county_name:
            return self._error(
                unit,
                "county",
                _(
                    "Row %(row)s: %(column)s “%(value)s” is not a county of %(city)s; write its "
                    "full name, e.g. “%(value)s县” or “%(value)s区”."
                ),
                value=unit.county,
                city=city.name,
            )
        return _Place(parent=None, city=city, new_county=county_name, county_given=True)

    def _fits(self, existing: Unit, unit: RosterUnit, place: _Place) -> bool:
        """The unit already in the tree is where the file puts it (or, without a county, in the city)."""
        if place.parent is not None and existing.parent_id == place.parent.pk:
            return True
        parent = existing.parent
        return (
            unit.kind in UNDER_CITY_OR_COUNTY
            and not place.county_given
            and parent is not None
            and parent.kind == UnitKind.COUNTY
            and place.city is not None
            and parent.parent_id == place.city.pk
        )

    def _existing(self, unit: RosterUnit, place: _Place) -> Unit | RowError | None:
        if unit.key == name_key(self.root.name) or unit.code == self.root.code:
            return self.root
        if unit.code:
            owner = self.by_code.get(unit.code) or Unit.objects.filter(code=unit.code).first()
            if owner is not None and name_key(owner.name) != unit.key:
                return self._error(
                    unit,
                    "code",
                    _("Row %(row)s: %(column)s “%(value)s” already belongs to “%(owner)s”."),
                    value=unit.code,
                    owner=owner.name,
                )
            if owner is not None:
                return (
                    owner if self._fits(owner, unit, place) else self._misplaced(unit, owner, place)
                )
        candidates = list(self.by_name.get(unit.key, ()))
        if unit.kind == UnitKind.CITY and city_key(unit.name) in self.cities:
            candidates.insert(0, self.cities[city_key(unit.name)])
        if unit.kind == UnitKind.COUNTY and place.parent is not None:
            county = self.counties.get((place.parent.pk, county_key(unit.name)))
            if county is not None:
                candidates.insert(0, county)
        for candidate in candidates:
            if self._fits(candidate, unit, place):
                return candidate
        if candidates and not unit.code:
            return self._misplaced(unit, candidates[0], place)
        return None

    def _misplaced(self, unit: RosterUnit, existing: Unit, place: _Place) -> RowError:
        return self._error(
            unit,
            "name",
            _(
                "Row %(row)s: “%(name)s” already exists under “%(place)s”, but the file puts it "
                "under “%(wanted)s”; move it in the unit tree first or correct the row."
            ),
            name=unit.name,
            place=existing.parent.name if existing.parent else "—",
            wanted=place.label,
        )

    # --- writing ---------------------------------------------------------------------------------

    def place_error(self, unit: RosterUnit) -> RowError | None:
        """Why the unit has no place in the tree (unknown city, county), without writing anything."""
        place = self._place(unit)
        return place if isinstance(place, RowError) else None

    def write_unit(self, unit: RosterUnit) -> list[RowError]:
        """Create or update one unit and, with a campaign, its participation, liaisons and accounts."""
        place = self._place(unit)
        if isinstance(place, RowError):
            return [place]
        existing = self._existing(unit, place)
        if isinstance(existing, RowError):
            return [existing]
        if existing == self.root:
            return [
                self._error(
                    unit,
                    "name",
                    _("Row %(row)s: “%(name)s” is the provincial department itself; leave it out."),
                    name=unit.name,
                )
            ]
        bureaus = {UnitKind.PROVINCE, UnitKind.CITY, UnitKind.COUNTY}
        if (
            existing is not None
            and existing.kind != unit.kind
            and bureaus & {existing.kind, unit.kind}
        ):
            return [
                self._error(
                    unit,
                    "kind",
                    _(
                        "Row %(row)s: “%(name)s” is a %(kind)s in the unit tree; an import does not "
                        "turn it into a %(wanted)s."
                    ),
                    name=unit.name,
                    kind=kind_name(existing.kind),
                    wanted=kind_name(unit.kind),
                )
            ]
        if existing is None:
            record = self._create(unit, place)
        else:
            record = self._update(existing, unit, place)
        if self.campaign is not None:
            self._enrol(record, unit.contacts)
        return []

    def _create(self, unit: RosterUnit, place: _Place) -> Unit:
        parent = place.parent
        if parent is None:  # a county bureau named by 所属县区 that the tree does not have yet
            parent = org_services.create_unit(
                name=place.new_county, kind=UnitKind.COUNTY, parent=place.city, actor=self.actor
            )
            self._remember(parent)
            self.tally.created_units.append(parent.name)
        record = org_services.create_unit(
            name=unit.name,
            kind=unit.kind,
            parent=parent,
            city=place.city if parent == self.root and unit.kind != UnitKind.CITY else None,
            code=unit.code,
            actor=self.actor,
        )
        self._remember(record)
        self.tally.created_units.append(record.name)
        return record

    def _update(self, existing: Unit, unit: RosterUnit, place: _Place) -> Unit:
        changes: dict[str, object] = {}
        if existing.kind != unit.kind:
            changes["kind"] = unit.kind
        if (
            existing.parent_id == self.root.pk
            and unit.kind != UnitKind.CITY
            and place.city is not None
            and existing.city_id != place.city.pk
        ):
            changes["city"] = place.city
        if unit.code and existing.code != unit.code:
            changes["code"] = unit.code
        if not existing.is_active:
            changes["is_active"] = True
        if not changes:
            self.tally.unchanged_units += 1
            return existing
        old_code = existing.code
        org_services.update_unit(unit=existing, actor=self.actor, **changes)
        if "code" in changes:
            self.by_code.pop(old_code, None)
            self.by_code[existing.code] = existing
        self.tally.updated_units.append(existing.name)
        return existing

    def _enrol(self, unit: Unit, contacts: tuple[Contact, ...]) -> None:
        assert self.campaign is not None
        wanted = obligations_for(unit.kind)
        participation = self.participations.get(unit.pk)
        if participation is None:
            self.tally.participations_created += 1
        elif any(getattr(participation, name) != value for name, value in wanted.items()):
            self.tally.participations_updated += 1
        else:
            wanted = {}
        if wanted:
            participation = campaign_services.enrol_unit(
                campaign=self.campaign, unit=unit, actor=self.actor, **wanted
            )
            self.participations[unit.pk] = participation
        assert participation is not None
        for contact in contacts:
            liaison = self._liaison(participation, contact)
            if contact.mobile or contact.email:
                self._account(liaison, unit, contact)

    def _liaison(self, participation: Participation, contact: Contact) -> Liaison:
        key = (participation.pk, contact.name)
        liaison = self.liaisons.get(key)
        wanted = {"mobile": contact.mobile, "email": contact.email, "position": contact.position}
        # Like set_liaison: a blank cell never clears what is recorded.
        changes = [
            name
            for name, value in wanted.items()
            if value and (liaison is None or getattr(liaison, name) != value)
        ]
        if liaison is not None and not changes:
            return liaison
        if liaison is None:
            self.tally.liaisons_created += 1
        else:
            self.tally.liaisons_updated += 1
        liaison = campaign_services.set_liaison(
            participation=participation, name=contact.name, actor=self.actor, **wanted
        )
        self.liaisons[key] = liaison
        return liaison

    def _account(self, liaison: Liaison, unit: Unit, contact: Contact) -> None:
        """Give the liaison an account (once) and, if the account has no unit yet, this unit."""
        user = liaison.user
        if user is None:
            usernames = [name for name in (contact.mobile, contact.email) if name]
            user = User.objects.filter(username__in=usernames).order_by("date_joined").first()
            if user is None:
                user = create_account(
                    username=usernames[0],
                    full_name=contact.name,
                    email=contact.email,
                    mobile=contact.mobile,
                    actor=self.actor,
                )
                self.tally.new_accounts.append(user)
            liaison.user = user
            liaison.save(update_fields=["user", "updated_at"])
            audit.record(
                actor=self.actor,
                action="liaison.link_account",
                target=liaison,
                before={"user": None},
                after={"user": user.pk},
            )
        if user.pk not in self.memberships:
            self.memberships[user.pk] = (
                Membership.objects.select_related("unit").filter(user=user).first()
            )
        membership = self.memberships[user.pk]
        if membership is None:
            self.memberships[user.pk] = org_services.assign_membership(
                user=user, unit=unit, role=role_for(unit.kind), actor=self.actor
            )
            self.tally.memberships_assigned += 1
        elif membership.unit_id != unit.pk:
            self.tally.warnings.append(
                _(
                    "Row %(row)s: the account %(username)s already belongs to “%(unit)s”; "
                    "it was linked to the liaison but kept in its unit."
                )
                % {"row": contact.row, "username": user.username, "unit": membership.unit.name}
            )


def _county_bureau_name(county: str) -> str:
    """清徐县 → 清徐县教育局; a bare 清徐 gives '' because 县 and 区 cannot be told apart."""
    if county.endswith("教育局"):
        return county
    if len(county) >= 2 and county[-1] in "县区市旗":
        return county + "教育局"
    return ""
