"""Input forms of the hall editor: the hall's texts, a major, a link, an album, uploads, a caption.

Forms only read input; the services sanitise the two rich texts and check every uploaded file.
Like a report's body, the introduction and the enrolment information may be plain paragraphs or
simple HTML: plain text becomes `<p>` paragraphs here.
"""

from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from vocweek.core.forms import ZonedDateTimeField
from vocweek.reports.forms import body_for_editing, looks_like_html, paragraphs_to_html
from vocweek.reports.halls.enums import LinkKind, MajorLevel
from vocweek.reports.halls.models import Hall, HallAlbum, HallLink, HallMajor
from vocweek.reports.halls.services import (
    MAX_CAPTION_LENGTH,
    HallContent,
    LinkContent,
    MajorContent,
)

RICH_TEXT_HELP = _(
    "Write plain text and leave an empty line between paragraphs; simple HTML "
    "(paragraphs, bold, lists, links) is kept as well. Scripts and styles are removed."
)
# What a datetime-local input sends and shows: minutes, no zone.
LIVESTREAM_ONLY = ("platform", "starts_at")


def _rich_text(value: str) -> str:
    return value if looks_like_html(value) else paragraphs_to_html(value)


class HallForm(forms.Form):
    """The hall's words: tagline, introduction, enrolment information and contacts."""

    tagline = forms.CharField(
        label=_("Tagline"),
        max_length=Hall._meta.get_field("tagline").max_length,
        required=False,
        help_text=_("One line under the school's name, e.g. its motto."),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=RICH_TEXT_HELP,
    )
    enrolment = forms.CharField(
        label=_("Enrolment information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=RICH_TEXT_HELP,
    )
    enrolment_phone = forms.CharField(
        label=_("Enrolment hotline"),
        max_length=Hall._meta.get_field("enrolment_phone").max_length,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=Hall._meta.get_field("address").max_length,
        required=False,
    )

    def clean_introduction(self) -> str:
        return _rich_text(self.cleaned_data["introduction"])

    def clean_enrolment(self) -> str:
        return _rich_text(self.cleaned_data["enrolment"])

    def content(self) -> HallContent:
        data = self.cleaned_data
        return HallContent(
            tagline=data["tagline"],
            introduction=data["introduction"],
            enrolment=data["enrolment"],
            enrolment_phone=data["enrolment_phone"],
            address=data["address"],
        )


def hall_initial(hall: Hall) -> dict[str, object]:
    """The hall form's starting values: the rich texts as plain paragraphs where they are."""
    return {
        "tagline": hall.tagline,
        "introduction": body_for_editing(hall.introduction),
        "enrolment": body_for_editing(hall.enrolment),
        "enrolment_phone": hall.enrolment_phone,
        "address": hall.address,
    }


class MajorForm(forms.Form):
    """One major the school enrols for."""

    name = forms.CharField(
        label=_("Major"), max_length=HallMajor._meta.get_field("name").max_length
    )
    level = forms.ChoiceField(label=_("Level"), choices=MajorLevel.choices)
    years = forms.IntegerField(
        label=_("Years of study"),
        min_value=1,
        max_value=8,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    quota = forms.IntegerField(
        label=_("Places this year"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=HallMajor._meta.get_field("description").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What students learn and where graduates work, in a sentence or two."),
    )

    def content(self) -> MajorContent:
        data = self.cleaned_data
        return MajorContent(
            name=data["name"],
            level=data["level"],
            years=data["years"],
            quota=data["quota"],
            description=data["description"],
        )


def major_initial(major: HallMajor) -> dict[str, object]:
    return {
        "name": major.name,
        "level": major.level,
        "years": major.years,
        "quota": major.quota,
        "description": major.description,
    }


class LinkForm(forms.Form):
    """A link of the hall; a livestream also names its platform and start time."""

    kind = forms.ChoiceField(label=_("Kind"), choices=LinkKind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=HallLink._meta.get_field("title").max_length
    )
    url = forms.URLField(
        label=_("Web address"),
        max_length=HallLink._meta.get_field("url").max_length,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )
    platform = forms.CharField(
        label=_("Livestream platform"),
        max_length=HallLink._meta.get_field("platform").max_length,
        required=False,
        help_text=_("For a livestream: where it is shown, e.g. a video account or a live app."),
    )

    def __init__(self, *args, zone: ZoneInfo, zone_label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_at"] = ZonedDateTimeField(
            label=_("Livestream starts at"),
            zone=zone,
            required=False,
            help_text=_("For a livestream, in %(zone)s.") % {"zone": zone_label},
        )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("kind") != LinkKind.LIVESTREAM:
            for name in LIVESTREAM_ONLY:  # only a livestream has a platform and a start
                data[name] = "" if name == "platform" else None
        return data

    def content(self) -> LinkContent:
        data = self.cleaned_data
        return LinkContent(
            kind=data["kind"],
            title=data["title"],
            url=data["url"],
            platform=data["platform"],
            starts_at=data["starts_at"],
        )


def link_initial(link: HallLink) -> dict[str, object]:
    return {
        "kind": link.kind,
        "title": link.title,
        "url": link.url,
        "platform": link.platform,
        "starts_at": link.starts_at,
    }


class AlbumForm(forms.Form):
    title = forms.CharField(
        label=_("Album title"), max_length=HallAlbum._meta.get_field("title").max_length
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=HallAlbum._meta.get_field("description").max_length,
        required=False,
    )


class CaptionForm(forms.Form):
    caption = forms.CharField(label=_("Caption"), max_length=MAX_CAPTION_LENGTH, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the service on its own."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple) and data:
            return [single_clean(item, initial) for item in data]
        return [single_clean(data, initial)]


class PhotosForm(forms.Form):
    """Photos for one album, with a caption given to each of them."""

    photos = MultipleFileField(
        label=_("Photos"),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
        help_text=_("Choose several at once; each photo is added on its own."),
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=MAX_CAPTION_LENGTH,
        required=False,
        help_text=_("Given to each photo of this upload; change single captions afterwards."),
    )


class VideoForm(forms.Form):
    file = forms.FileField(
        label=_("Video"), widget=forms.ClearableFileInput(attrs={"accept": "video/*"})
    )
    caption = forms.CharField(label=_("Caption"), max_length=MAX_CAPTION_LENGTH, required=False)


class PanoramaForm(forms.Form):
    file = forms.FileField(
        label=_("360° panorama"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
        help_text=_(
            "An equirectangular photo, twice as wide as it is high, as 360° cameras and the "
            "panorama mode of phone apps export it."
        ),
    )
    caption = forms.CharField(label=_("Caption"), max_length=MAX_CAPTION_LENGTH, required=False)
