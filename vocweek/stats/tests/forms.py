"""A small statistics form built directly through the models, for tests of the table's machinery.

Three sections holding every kind of item: whole numbers with two "of which" parts and a rule
(中职 + 高职 ≤ 参与职业院校数), a decimal, a choice, figures the platform fills in from the
information reports (报送 and its part 选登), and a free text of at most 200 characters.
"""

from vocweek.campaigns.models import Campaign
from vocweek.stats.enums import FieldKind, RuleKind, Source
from vocweek.stats.models import StatField, StatForm, StatRule, StatSection


def make_form(campaign: Campaign, *, title: str = "职业教育活动周情况统计表") -> StatForm:
    """The small form for `campaign`, with its sections, items and one rule."""
    form = StatForm.objects.create(
        campaign=campaign, title=title, instructions="数字均填阿拉伯数字，没有的填 0。"
    )
    participation = StatSection.objects.create(
        form=form, number="一、", title="参与情况", position=1
    )
    publicity = StatSection.objects.create(form=form, number="二、", title="宣传报道", position=2)
    highlights = StatSection.objects.create(form=form, number="三、", title="特色亮点", position=3)

    def item(section: StatSection, position: int, key: str, label: str, kind: str, **extra):
        return StatField.objects.create(
            form=form,
            section=section,
            position=position,
            key=key,
            label=label,
            kind=kind,
            **extra,
        )

    schools = item(
        participation,
        1,
        "schools",
        "参与职业院校数",
        FieldKind.INTEGER,
        unit_of_measure="所",
        help_text="含中职、技工院校和高职",
    )
    item(
        participation,
        2,
        "schools_secondary",
        "中职",
        FieldKind.INTEGER,
        unit_of_measure="所",
        parent=schools,
    )
    item(
        participation,
        3,
        "schools_higher",
        "高职",
        FieldKind.INTEGER,
        unit_of_measure="所",
        parent=schools,
    )
    item(
        participation,
        4,
        "funds",
        "投入经费",
        FieldKind.DECIMAL,
        unit_of_measure="万元",
        decimal_places=2,
        required=False,
    )
    item(
        participation,
        5,
        "level",
        "组织层级",
        FieldKind.CHOICE,
        choices=["省级", "市级", "县级"],
    )
    filed = item(
        publicity,
        1,
        "reports_filed",
        "向省报送信息",
        FieldKind.INTEGER,
        unit_of_measure="篇",
        source=Source.REPORTS_FILED,
    )
    item(
        publicity,
        2,
        "reports_featured",
        "被省专栏选登",
        FieldKind.INTEGER,
        unit_of_measure="篇",
        source=Source.REPORTS_FEATURED,
        parent=filed,
    )
    item(
        publicity,
        3,
        "media_reports",
        "媒体报道",
        FieldKind.INTEGER,
        unit_of_measure="篇",
    )
    item(
        highlights,
        1,
        "highlights",
        "特色亮点",
        FieldKind.TEXT,
        max_length=200,
        required=False,
        help_text="200 字以内",
    )
    StatRule.objects.create(
        form=form,
        kind=RuleKind.NOT_GREATER,
        left=["schools_secondary", "schools_higher"],
        right=["schools"],
        message="中职与高职之和不能超过参与职业院校数",
    )
    return form
