"""Factories for units and members. Units go through the service so their paths are real."""

import factory

from vocweek.accounts.models import User
from vocweek.orgs import services
from vocweek.orgs.enums import Role, UnitKind
from vocweek.orgs.models import Membership, Unit


def make_unit(
    name: str, kind: str = UnitKind.CITY_SECONDARY, parent: Unit | None = None, **extra
) -> Unit:
    return services.create_unit(name=name, kind=kind, parent=parent, **extra)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def make_member(unit: Unit, role: str = Role.UNIT_REPORTER, **user_fields) -> User:
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


class Tree:
    """A small province: two cities, a county, schools at each level, a co-organiser."""

    def __init__(self) -> None:
        self.province = make_unit("山西省教育厅", UnitKind.PROVINCE)
        self.taiyuan = make_unit("太原市教育局", UnitKind.CITY, self.province)
        self.datong = make_unit("大同市教育局", UnitKind.CITY, self.province)
        self.qingxu = make_unit("清徐县教育局", UnitKind.COUNTY, self.taiyuan)
        self.taiyuan_school = make_unit("太原市第一职业中学", UnitKind.CITY_SECONDARY, self.taiyuan)
        self.qingxu_school = make_unit("清徐县职业中学", UnitKind.CITY_SECONDARY, self.qingxu)
        self.datong_school = make_unit("大同市第二职业中学", UnitKind.CITY_SECONDARY, self.datong)
        self.college = make_unit(
            "山西职业技术学院", UnitKind.HIGHER_VOCATIONAL, self.province, city=self.taiyuan
        )
        self.union = make_unit("山西省总工会", UnitKind.CO_ORGANISER, self.province)
