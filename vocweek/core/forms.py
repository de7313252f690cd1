"""Form fields every app's forms share."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

# What a browser's datetime-local input sends and shows.
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time typed in one time zone (the campaign's) whatever the request's zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT_FORMAT)

    def __init__(self, *, zone: ZoneInfo, **kwargs) -> None:
        kwargs.setdefault("input_formats", [LOCAL_INPUT_FORMAT, "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)
        self.zone = zone

    def prepare_value(self, value):
        with timezone.override(self.zone):
            return super().prepare_value(value)

    def to_python(self, value) -> datetime | None:
        with timezone.override(self.zone):
            return super().to_python(value)
