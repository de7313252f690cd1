"""Input forms of statistics returns: the table itself, built from its `FormDefinition`, the
reviewer's note when sending a return back, and the Excel upload.

The return form only carries input: no item is required and nothing is cleaned here, because a
draft may be incomplete and `validation.validate_values` (through the services) is the one judge
of the figures, whether they come from the browser or from Excel. Its errors come back by item
key and are shown next to the items with `ReturnForm.show_errors`.
"""

from collections.abc import Mapping

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from vocweek.stats.definition import FieldDefinition, FormDefinition
from vocweek.stats.enums import FieldKind
from vocweek.stats.validation import item_name

SAVE = "save"
SUBMIT = "submit"


def _field_for(item: FieldDefinition) -> forms.Field:
    common = {"label": item_name(item), "help_text": item.help_text, "required": False}
    if item.kind == FieldKind.INTEGER:
        # Text inputs, not type=number: full-width digits and "1,200" are the validator's to read.
        widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        return forms.IntegerField(widget=widget, **common)
    if item.kind == FieldKind.DECIMAL:
        widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        return forms.DecimalField(widget=widget, decimal_places=item.decimal_places, **common)
    if item.kind == FieldKind.CHOICE:
        choices = [("", "—"), *((choice, choice) for choice in item.choices)]
        return forms.ChoiceField(choices=choices, **common)
    if item.max_length is not None and item.max_length <= 60:
        return forms.CharField(max_length=item.max_length, **common)
    return forms.CharField(
        max_length=item.max_length, widget=forms.Textarea(attrs={"rows": 3}), **common
    )


class ReturnForm(forms.Form):
    """One field per item the unit types, named by the item's key, and the version it saw."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, definition: FormDefinition, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        for item in definition.fields:
            if item.is_typed:
                self.fields[item.key] = _field_for(item)

    def raw(self) -> dict[str, object]:
        """The typed values as sent, by item key, for `validate_values` to judge."""
        return {
            item.key: self.data.get(item.key, "")
            for item in self.definition.fields
            if item.is_typed
        }

    def version_seen(self) -> int | None:
        value = str(self.data.get("version", "")).strip()
        return int(value) if value.isdigit() else None

    def show_errors(self, errors: Mapping[str, str], summary: str = "") -> None:
        """Put the services' errors next to their items (and `summary` above the form)."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        if summary:
            self.add_error(None, summary)
        for key, message in errors.items():
            self.add_error(key if key in self.fields else None, message)


def return_initial(definition: FormDefinition, stored: Mapping[str, object], version: int | None):
    """The saved values as the form shows them (decimals as typed, blanks empty)."""
    initial: dict[str, object] = {"version": version}
    for item in definition.fields:
        value = stored.get(item.key)
        if item.is_typed and value is not None:
            initial[item.key] = value
    return initial


class SendBackForm(forms.Form):
    """What the reviewer tells the unit to change; the service insists on it."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What should the unit change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ReviewForm(forms.Form):
    """Confirming a return: only the version the reviewer saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class UploadForm(forms.Form):
    """A filled Excel template of the statistics table."""

    workbook = forms.FileField(
        label=_("Filled-in Excel template"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
