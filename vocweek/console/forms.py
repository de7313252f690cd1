"""Filters of the console's unit lists (input only)."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Participation
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit


class UnitFilterForm(forms.Form):
    """Narrow the units under a reviewer to one city and one kind (GET parameters)."""

    city = forms.ModelChoiceField(
        label=_("City"), queryset=Unit.objects.none(), required=False, empty_label=_("All cities")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *UnitKind.choices], required=False
    )

    def __init__(self, data, *, user) -> None:
        super().__init__(data)
        self.fields["city"].queryset = Unit.objects.visible_to(user).filter(kind=UnitKind.CITY)

    def apply(self, participations: QuerySet[Participation]) -> QuerySet[Participation]:
        """The participations in the chosen city and of the chosen kind; invalid choices ignored."""
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {})
        if chosen.get("city"):
            participations = participations.filter(unit__city=chosen["city"])
        if chosen.get("kind"):
            participations = participations.filter(unit__kind=chosen["kind"])
        return participations
