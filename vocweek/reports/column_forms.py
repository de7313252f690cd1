"""The filters of the publicity column: city, school, category and publicity focus (GET)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vocweek.reports.enums import Category, Focus
from vocweek.reports.public_queries import ColumnUnit

ALL = ("", _("All"))


class ColumnFilterForm(forms.Form):
    """Choices come from the units that have stories in the column, so no filter is ever empty."""

    city = forms.TypedChoiceField(label=_("City"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[ALL, *Category.choices]
    )
    focus = forms.ChoiceField(
        label=_("Publicity focus"), required=False, choices=[ALL, *Focus.choices]
    )

    def __init__(self, data, *, units: list[ColumnUnit]):
        super().__init__(data)
        cities = {unit.city_pk: unit.city_name for unit in units if unit.city_pk is not None}
        self.fields["city"].choices = [ALL, *cities.items()]
        self.fields["unit"].choices = [ALL, *((unit.pk, unit.name) for unit in units)]

    def filters(self) -> dict[str, object]:
        """Keyword arguments for `column_stories`: the valid filters only."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name]
            for name in ("city", "unit", "category", "focus")
            if name in cleaned and cleaned[name] not in (None, "")
        }
