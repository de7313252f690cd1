"""A statistics form as frozen dataclasses, loaded once: what validation, the Excel template and
reader, the console form and aggregation all read, so none of them queries the form's rows again.
"""

from dataclasses import dataclass, field

from vocweek.campaigns.models import Campaign
from vocweek.stats.enums import FieldKind, RuleKind
from vocweek.stats.models import StatForm


@dataclass(frozen=True)
class FieldDefinition:
    """One item: its key, label, kind, unit of measure and checks; `parent` is the key of the
    item it is part of ("其中"), `source` the report figure that fills it (then not typed)."""

    key: str
    label: str
    kind: str
    unit_of_measure: str = ""
    required: bool = True
    help_text: str = ""
    parent: str = ""
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    decimal_places: int = 2
    source: str = ""
    dashboard_label: str = ""
    depth: int = 0  # 0 for an item, 1 for its "of which" parts, …

    @property
    def is_numeric(self) -> bool:
        return self.kind in FieldKind.numeric()

    @property
    def is_typed(self) -> bool:
        """Typed by the unit (not filled in by the platform)."""
        return not self.source


@dataclass(frozen=True)
class SectionDefinition:
    number: str
    title: str
    fields: tuple[FieldDefinition, ...]


@dataclass(frozen=True)
class RuleDefinition:
    kind: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    message: str = ""

    @property
    def is_equality(self) -> bool:
        return self.kind == RuleKind.EQUALS


@dataclass(frozen=True)
class FormDefinition:
    """A campaign's statistics form, sections in order, each with its items in order."""

    pk: int
    campaign_id: int
    title: str
    instructions: str
    sections: tuple[SectionDefinition, ...]
    rules: tuple[RuleDefinition, ...] = ()
    by_key: dict[str, FieldDefinition] = field(default_factory=dict, compare=False, repr=False)

    @property
    def fields(self) -> list[FieldDefinition]:
        return [item for section in self.sections for item in section.fields]

    def field(self, key: str) -> FieldDefinition:
        return self.by_key[key]


def load_form(form: StatForm) -> FormDefinition:
    """The form with its sections, items and rules (three queries)."""
    sections = list(form.sections.order_by("position"))
    items = list(form.fields.select_related("parent").order_by("section__position", "position"))
    keys = {item.pk: item.key for item in items}
    parents = {item.pk: item.parent_id for item in items}

    def depth(pk: int) -> int:
        level, seen = 0, set()
        while parents.get(pk) and pk not in seen:
            seen.add(pk)
            pk = parents[pk]
            level += 1
        return level

    by_section: dict[int, list[FieldDefinition]] = {section.pk: [] for section in sections}
    by_key: dict[str, FieldDefinition] = {}
    for item in items:
        definition = FieldDefinition(
            key=item.key,
            label=item.label,
            kind=item.kind,
            unit_of_measure=item.unit_of_measure,
            required=item.required,
            help_text=item.help_text,
            parent=keys.get(item.parent_id, "") if item.parent_id else "",
            choices=tuple(str(choice) for choice in item.choices or ()),
            max_length=item.max_length,
            decimal_places=item.decimal_places,
            source=item.source,
            dashboard_label=item.dashboard_label,
            depth=depth(item.pk),
        )
        by_section[item.section_id].append(definition)
        by_key[item.key] = definition
    return FormDefinition(
        pk=form.pk,
        campaign_id=form.campaign_id,
        title=form.title,
        instructions=form.instructions,
        sections=tuple(
            SectionDefinition(
                number=section.number, title=section.title, fields=tuple(by_section[section.pk])
            )
            for section in sections
        ),
        rules=tuple(
            RuleDefinition(
                kind=rule.kind,
                left=tuple(rule.left),
                right=tuple(rule.right),
                message=rule.message,
            )
            for rule in form.rules.order_by("position", "pk")
        ),
        by_key=by_key,
    )


def form_of(campaign: Campaign) -> FormDefinition | None:
    """The campaign's statistics form, or None while it has none."""
    form = StatForm.objects.filter(campaign=campaign).first()
    return load_form(form) if form is not None else None
