"""Statistics export on a province of national size: 11,000 schools, each with a filed return.

Measured: what the console's download does — the totals by city (`aggregate_by_city`), each
unit's values (`unit_columns`) and the workbook (全省汇总 plus a sheet per city with a column per
school). Every school files the demo form with plausible figures ("of which" parts within their
totals, offline + online = all activities); one in fifty is still a draft and counts as missing.

Reference, measured in the same run: openpyxl writing the same sheets of the same numbers of rows
and columns bare — write-only mode, plain integers, no styles, merges or print set-up.
"""

import io
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from openpyxl import Workbook

from bench import tree
from bench.harness import Figure, median_ms
from vocweek.campaigns.models import Campaign, Participation
from vocweek.orgs.enums import UnitKind
from vocweek.orgs.models import Unit
from vocweek.stats import exports, queries
from vocweek.stats.definition import FormDefinition, load_form
from vocweek.stats.demo import build_demo_form
from vocweek.stats.enums import FieldKind, ReturnState
from vocweek.stats.models import StatReturn

TARGET_S = 3.0  # DESIGN §7: statistics export, 11,000 units
SHANGHAI = ZoneInfo("Asia/Shanghai")
GENERATED_AT = datetime(2031, 6, 3, 9, 0, tzinfo=SHANGHAI)
DRAFT_EVERY = 50


def _province() -> Unit:
    """The tree suite's province when it ran first in this database, else a new one."""
    province = Unit.objects.filter(kind=UnitKind.PROVINCE, parent=None).first()
    return province if province is not None else tree.build_tree().province


def _campaign(province: Unit) -> Campaign:
    first_day = datetime(2031, 5, 22, tzinfo=SHANGHAI)
    return Campaign.objects.create(
        slug="bench-stats",
        year=2031,
        title="基准测试活动周",
        theme="技能：让生活更美好",
        organiser=province,
        opens_at=first_day - timedelta(days=16),
        starts_on=first_day.date(),
        ends_on=first_day.date() + timedelta(days=6),
        plan_deadline=first_day - timedelta(days=6),
        statistics_deadline=first_day + timedelta(days=14),
    )


def plausible_values(definition: FormDefinition, rng: random.Random) -> dict[str, object]:
    """A return's stored values: totals first, each "of which" part within what its total has
    left, the activities split into offline and online exactly; decimals as strings, as stored."""
    values: dict[str, object] = {}
    left: dict[str, int] = {}
    for item in definition.fields:
        if not item.is_typed:
            continue
        if item.kind == FieldKind.DECIMAL:
            values[item.key] = f"{rng.randint(0, 5000) / 100:.2f}"
        elif item.kind == FieldKind.INTEGER:
            ceiling = left[item.parent] if item.parent else rng.choice((5, 40, 300, 2000))
            value = rng.randint(0, ceiling)
            if item.key == "activities_online":
                value = left["activities"]
            values[item.key] = left[item.key] = value
            if item.parent:
                left[item.parent] -= value
        else:
            values[item.key] = "基准测试" if item.kind == FieldKind.TEXT else ""
    return values


def build(province: Unit) -> tuple[Campaign, FormDefinition]:
    campaign = _campaign(province)
    definition = load_form(build_demo_form(campaign=campaign))
    schools = list(Unit.objects.schools().order_by("path").values_list("pk", flat=True))
    Participation.objects.bulk_create(
        (Participation(campaign=campaign, unit_id=pk, owes_statistics=True) for pk in schools),
        batch_size=2000,
    )
    rng = random.Random(2031)
    StatReturn.objects.bulk_create(
        (
            StatReturn(
                campaign=campaign,
                unit_id=pk,
                state=ReturnState.DRAFT if number % DRAFT_EVERY == 0 else ReturnState.SUBMITTED,
                values=plausible_values(definition, rng),
                submitted_at=GENERATED_AT,
            )
            for number, pk in enumerate(schools)
        ),
        batch_size=1000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return campaign, definition


def export(campaign: Campaign, definition: FormDefinition) -> bytes:
    """What the download does: totals, each unit's values, the workbook."""
    return exports.province_workbook(
        definition,
        queries.aggregate_by_city(definition, campaign),
        campaign_title=campaign.title,
        generated_at=GENERATED_AT,
        zone=SHANGHAI,
        units=exports.unit_columns(campaign, definition),
    )


def bare_workbook(shapes: list[tuple[int, int]]) -> bytes:
    """The reference: sheets of the given (rows, columns) of plain integers, write-only."""
    workbook = Workbook(write_only=True)
    for number, (rows, columns) in enumerate(shapes):
        sheet = workbook.create_sheet(f"sheet{number}")
        line = list(range(columns))
        for _row in range(rows):
            sheet.append(line)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def run() -> list[Figure]:
    campaign, definition = build(_province())
    aggregate = queries.aggregate_by_city(definition, campaign)
    assert aggregate.filed + aggregate.missing == 11_000
    assert aggregate.missing == -(-11_000 // DRAFT_EVERY), aggregate.missing
    columns = exports.unit_columns(campaign, definition)
    units_by_group: dict[str, int] = {}
    for column in columns:
        units_by_group[column.group] = units_by_group.get(column.group, 0) + 1
    numeric = [item for item in definition.fields if item.is_numeric]
    sections = sum(1 for s in definition.sections if any(i.is_numeric for i in s.fields))
    body = 2 + len(numeric) + sections  # the two count rows, the items and the section rows
    shapes = [(4 + body, 3 + len(aggregate.groups))] + [
        (3 + body, 3 + units_by_group.get(group.key, 0)) for group in aggregate.groups
    ]
    cells = sum(rows * width for rows, width in shapes)
    seconds = median_ms(lambda _: export(campaign, definition), runs=5, warmups=1) / 1000
    reference = median_ms(lambda _: bare_workbook(shapes), runs=5, warmups=1) / 1000
    return [
        Figure(
            name=(
                f"statistics export: 11,000 units, aggregate + workbook "
                f"({len(shapes)} sheets, {cells:,} cells)"
            ),
            value=seconds,
            unit="s",
            target=TARGET_S,
            better="lower",
            reference_name="openpyxl writing the same cells bare",
            reference_value=reference,
        )
    ]
