"""Filters of the completeness and ranking pages (input only): one city or the province-direct
units, and one kind of unit, as GET parameters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit, UnitQuerySet
from vocweek.reports.queries import PROVINCE_DIRECT, PROVINCE_DIRECT_NAME, city_groups


class CompletenessFilterForm(forms.Form):
    """Narrow the units a reviewer sees to one group (a city or 省直单位) and one kind."""

    group = forms.ChoiceField(label=_("City"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *UnitKind.choices], required=False
    )

    def __init__(self, data, *, units: UnitQuerySet, own_unit: Unit) -> None:
        super().__init__(data)
        choices = [("", _("All cities")), *city_groups(units)]
        if own_unit.kind != UnitKind.CITY:  # a city reviewer sees no province-direct unit
            choices.append((PROVINCE_DIRECT, PROVINCE_DIRECT_NAME))
        self.fields["group"].choices = choices

    def chosen(self) -> tuple[str, str]:
        """(group, kind) as chosen; an invalid choice counts as no choice."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned.get("group", ""), cleaned.get("kind", "")
