"""The public search box and its filters (input only)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vocweek.orgs import queries as org_queries
from vocweek.reports.enums import Category


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. 数控 技能"), "autocomplete": "off"}
        ),
    )
    city = forms.ModelChoiceField(
        label=_("City"), required=False, queryset=None, empty_label=_("All cities")
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = org_queries.cities()

    def shows_halls(self) -> bool:
        """Halls have no story category: they show on the first page of a search without one."""
        data = self.cleaned_data
        return not data["category"] and (data["page"] or 1) == 1
