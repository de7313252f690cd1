"""Input of the console's works pages: a collection's set-up (with its categories and rubric as
formsets), a judge, an exclusion, an entry with its authors and files, a score sheet and awards.

Forms check the shape of the input and name the field; the rules (deadline, limits, files,
points) are the services' and come back as their messages. Times are typed in the campaign's
time zone (the views run inside `timezone.override(campaign.zone)`).
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vocweek.voting.forms import MomentInput
from vocweek.voting.works import entries, services
from vocweek.voting.works.enums import AuthorRole, Award, EntryKind
from vocweek.voting.works.models import Collection, Criterion, Entry


class CollectionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=Collection._meta.get_field("title").max_length,
        error_messages={"required": _("Title: enter the collection's title.")},
    )
    description = forms.CharField(
        label=_("Rules and requirements"),
        required=False,
        max_length=Collection._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Theme, who may enter, formats, originality; one paragraph per line."),
    )
    deadline = forms.DateTimeField(
        label=_("Entries due by"),
        widget=MomentInput(),
        error_messages={
            "required": _("Deadline: enter when entries are due."),
            "invalid": _("Deadline: enter a date and time."),
        },
    )
    entries_per_unit = forms.IntegerField(
        label=_("Entries per unit and category"),
        min_value=1,
        max_value=services.MAX_ENTRIES_PER_UNIT,
        error_messages={
            "required": _("Entries per unit: enter a number."),
            "min_value": _("Entries per unit: at least 1."),
            "max_value": _("Entries per unit: at most 50."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def collection_settings(self) -> services.CollectionSettings:
        data = self.cleaned_data
        return services.CollectionSettings(
            title=data["title"],
            description=data["description"],
            deadline=data["deadline"],
            entries_per_unit=data["entries_per_unit"],
        )


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=99,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "works-small"}),
    )


class _LineForm(forms.Form):
    """A line of a formset: an extra line left without a name is no line at all (its selects and
    numbers always send a value), while a saved line keeps being checked."""

    def has_changed(self) -> bool:
        name = (self.data.get(self.add_prefix("name")) or "").strip()
        saved = (self.data.get(self.add_prefix("pk")) or "").strip()
        return bool(name or saved) if self.is_bound else super().has_changed()


class CategoryForm(_LineForm):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Category"), max_length=40)
    kind = forms.ChoiceField(label=_("Entries carry"), choices=EntryKind.choices)
    requirements = forms.CharField(label=_("Requirements"), max_length=300, required=False)
    max_characters = forms.IntegerField(
        label=_("Longest essay (characters)"),
        required=False,
        min_value=100,
        max_value=20000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    first_prizes = _count(_("First prizes"))
    second_prizes = _count(_("Second prizes"))
    third_prizes = _count(_("Third prizes"))
    merit_prizes = _count(_("Merit awards"))

    def line(self) -> services.CategoryLine:
        data = self.cleaned_data
        return services.CategoryLine(
            pk=data.get("pk"),
            name=data["name"],
            kind=data["kind"],
            requirements=data.get("requirements", ""),
            max_characters=data.get("max_characters"),
            first_prizes=data.get("first_prizes") or 0,
            second_prizes=data.get("second_prizes") or 0,
            third_prizes=data.get("third_prizes") or 0,
            merit_prizes=data.get("merit_prizes") or 0,
        )


class CriterionForm(_LineForm):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Criterion"), max_length=40)
    description = forms.CharField(label=_("What is judged"), max_length=200, required=False)
    max_points = forms.IntegerField(
        label=_("Most points"),
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "works-small"}),
    )

    def line(self) -> services.CriterionLine:
        data = self.cleaned_data
        return services.CriterionLine(
            pk=data.get("pk"),
            name=data["name"],
            description=data.get("description", ""),
            max_points=data["max_points"],
        )


CategoryFormSet = forms.formset_factory(CategoryForm, extra=1, can_delete=True, max_num=12)
CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True, max_num=12)


def filled_lines(formset) -> list:
    """The lines of a valid formset that were filled in and not marked for deletion."""
    return [
        form.line()
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class JudgeForm(forms.Form):
    username = forms.CharField(
        label=_("Log-in name"),
        max_length=150,
        help_text=_("The judge's staff account; judges see entries without unit or authors."),
        error_messages={"required": _("Log-in name: enter the judge's log-in name.")},
    )


class ExclusionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        error_messages={"required": _("Reason: say why the entry is excluded.")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (up to the photo limit); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class EntryForm(forms.Form):
    """A new entry, or the changes to one: the category (new entries only), title, description,
    the essay or the files. The token makes a double-sent form one entry."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    category = forms.TypedChoiceField(
        label=_("Category"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Category: choose the category."),
            "invalid_choice": _("Category: choose one from the list."),
        },
    )
    title = forms.CharField(
        label=_("Title of the work"),
        max_length=Entry._meta.get_field("title").max_length,
        error_messages={"required": _("Title: enter the work's title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=Entry._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the work shows, in a few sentences."),
    )
    essay = forms.CharField(
        label=_("Essay"),
        required=False,
        max_length=Entry._meta.get_field("essay").max_length,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paste the text; one paragraph per line. Essay categories only."),
    )
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        help_text=format_lazy(
            _(
                "Up to {limit} photos (JPEG, PNG, WebP or HEIC); they are re-encoded and their "
                "metadata dropped."
            ),
            limit=entries.MAX_PHOTOS,
        ),
    )
    video = forms.FileField(
        label=_("Video"),
        required=False,
        help_text=_("One MP4, MOV or WebM file; place and device data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/*"}),
    )

    def __init__(self, *args, categories=(), editing: Entry | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing is not None:
            del self.fields["category"]
            del self.fields["token"]
            self.fields["photos"].label = _("Add photos")
            self.fields["video"].label = _("Replace the video")
            self.fields["remove"] = forms.TypedMultipleChoiceField(
                label=_("Remove"),
                required=False,
                coerce=int,
                choices=[(media.pk, media.original_name) for media in editing.media.all()],
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            self.fields["category"].choices = [
                (category.pk, f"{category.name} · {category.get_kind_display()}")
                for category in categories
            ]

    def content(self, authors) -> entries.EntryContent:
        data = self.cleaned_data
        return entries.EntryContent(
            title=data["title"],
            description=data["description"],
            essay=data["essay"],
            authors=tuple(authors),
        )


class AuthorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=30, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=AuthorRole.choices, initial=AuthorRole.STUDENT
    )
    affiliation = forms.CharField(label=_("Class or major"), max_length=60, required=False)


AuthorFormSet = forms.formset_factory(AuthorForm, extra=0, max_num=entries.MAX_AUTHORS)


def author_lines(formset) -> list[entries.AuthorLine]:
    return [
        entries.AuthorLine(
            name=form.cleaned_data.get("name", ""),
            role=form.cleaned_data.get("role") or AuthorRole.STUDENT,
            affiliation=form.cleaned_data.get("affiliation", ""),
        )
        for form in formset.forms
        if form.cleaned_data.get("name", "").strip()
    ]


class ScoreForm(forms.Form):
    """One field per rubric line (0 to its maximum, half points allowed) and a comment."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.field_name(criterion)] = forms.DecimalField(
                label=criterion.name,
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=1,
                help_text=criterion.description,
                error_messages={
                    "required": _("%(criterion)s: enter the points.")
                    % {"criterion": criterion.name},
                    "invalid": _("%(criterion)s: enter a number.") % {"criterion": criterion.name},
                    "min_value": _("%(criterion)s: points from 0 to %(max)d.")
                    % {"criterion": criterion.name, "max": criterion.max_points},
                    "max_value": _("%(criterion)s: points from 0 to %(max)d.")
                    % {"criterion": criterion.name, "max": criterion.max_points},
                    "max_decimal_places": _("%(criterion)s: whole or half points only.")
                    % {"criterion": criterion.name},
                },
                widget=forms.NumberInput(
                    attrs={
                        "inputmode": "decimal",
                        "step": "0.5",
                        "min": 0,
                        "max": criterion.max_points,
                        "class": "works-points",
                    }
                ),
            )

    @staticmethod
    def field_name(criterion: Criterion) -> str:
        return f"criterion_{criterion.pk}"

    def points(self) -> dict[int, object]:
        return {
            criterion.pk: self.cleaned_data[self.field_name(criterion)]
            for criterion in self.criteria
        }

    def bound_criteria(self):
        return [(criterion, self[self.field_name(criterion)]) for criterion in self.criteria]


AWARD_CHOICES = [("", _("no award")), *Award.choices]
