"""Input forms of the campaign pages: uploading a roster, choosing what to export."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vocweek.campaigns.models import Campaign
from vocweek.campaigns.roster.reading import RosterFileError, check_file


class CampaignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Campaign) -> str:
        return obj.title


def _campaign_field(help_text: str) -> CampaignChoiceField:
    return CampaignChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.all(),
        required=False,
        empty_label=_("No campaign: units only"),
        help_text=help_text,
    )


class RosterUploadForm(forms.Form):
    """The roster file and the campaign its units take part in."""

    file = forms.FileField(
        label=_("Roster file"),
        help_text=_(
            "An Excel workbook (.xlsx) or CSV file with a header row naming the columns "
            "单位名称, 单位类型, 所属市 and, for liaisons, 联系人, 职务, 手机, 邮箱."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    campaign = _campaign_field(
        _("The roster's units take part in this campaign, with their liaisons and accounts.")
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            check_file(file_name=uploaded.name or "", size=uploaded.size or 0)
        except RosterFileError as error:
            raise forms.ValidationError(error.message, code="roster_file") from error
        return uploaded


class RosterExportForm(forms.Form):
    """Which campaign's participants and liaisons to export (none: every unit of the tree)."""

    campaign = _campaign_field(
        _("Its participating units with their liaisons; without a campaign, every unit.")
    )
