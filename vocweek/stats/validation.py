"""Checking a statistics return against its form, whether typed in the console or read from Excel.

Raw values are strings or numbers; blanks are missing values. Numbers may use full-width digits
("１２") and thousands separators ("1,200"). A draft may be incomplete, but what it holds must be
valid; on submission the required items must be there and every rule applies. Items filled in by
the platform (`source`) are never taken from the raw values: their figures come in as `derived`.
Every message names the item by its label and unit of measure and is keyed by the item's key.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from vocweek.stats.definition import FieldDefinition, FormDefinition, RuleDefinition
from vocweek.stats.enums import FieldKind

Value = int | Decimal | str | None

_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_GROUPED_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


@dataclass(frozen=True)
class Validated:
    """The cleaned values by item key (None for a blank) and the errors by item key."""

    values: dict[str, Value]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def item_name(item: FieldDefinition) -> str:
    """How messages name an item: its label with its unit of measure, e.g. 活动总场次（场）."""
    if item.unit_of_measure:
        return _("%(label)s (%(unit)s)") % {"label": item.label, "unit": item.unit_of_measure}
    return item.label


def validate_values(
    definition: FormDefinition,
    raw: Mapping[str, object],
    *,
    for_submission: bool = False,
    derived: Mapping[str, int] | None = None,
) -> Validated:
    """Clean `raw` by the form's items, then check "of which" parts and the form's rules.

    `derived` gives the figures of the platform-filled items by key; they take part in the checks.
    """
    values: dict[str, Value] = {}
    errors: dict[str, str] = {}
    for item in definition.fields:
        if item.source:
            figure = (derived or {}).get(item.key)
            values[item.key] = int(figure) if figure is not None else None
            continue
        value, error = _clean(item, raw.get(item.key))
        if error is None and value is None and for_submission and item.required:
            error = _("“%(item)s” is required.") % {"item": item_name(item)}
        values[item.key] = value
        if error is not None:
            errors[item.key] = error
    _check_parts(definition, values, errors)
    for rule in definition.rules:
        _check_rule(definition, rule, values, errors, for_submission=for_submission)
    return Validated(values=values, errors=errors)


def _clean(item: FieldDefinition, raw: object) -> tuple[Value, str | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if item.kind in FieldKind.numeric():
        return _clean_number(item, raw)
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if item.kind == FieldKind.CHOICE:
        if text not in item.choices:
            return None, _("“%(item)s” must be one of: %(choices)s.") % {
                "item": item_name(item),
                "choices": "、".join(item.choices),
            }
        return text, None
    if item.max_length is not None and len(text) > item.max_length:
        return None, _("“%(item)s” may have at most %(limit)s characters; it has %(length)s.") % {
            "item": item_name(item),
            "limit": item.max_length,
            "length": len(text),
        }
    return text, None


def _clean_number(item: FieldDefinition, raw: object) -> tuple[Value, str | None]:
    number = _parse_number(raw)
    name = item_name(item)
    if number is None:
        return None, _("“%(item)s” must be a number.") % {"item": name}
    if number < 0:
        return None, _("“%(item)s” cannot be negative.") % {"item": name}
    if item.kind == FieldKind.INTEGER:
        if number != number.to_integral_value():
            return None, _("“%(item)s” must be a whole number.") % {"item": name}
        return int(number), None
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places > item.decimal_places:
        return None, _("“%(item)s” may have at most %(places)s decimal places.") % {
            "item": name,
            "places": item.decimal_places,
        }
    return number, None


def _parse_number(raw: object) -> Decimal | None:
    """A Decimal from a number or a string, or None when it is not a number at all."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw)) if raw == raw and abs(raw) != float("inf") else None
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "")
    if _GROUPED_NUMBER.match(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return None


def _check_parts(
    definition: FormDefinition, values: dict[str, Value], errors: dict[str, str]
) -> None:
    """Each "of which" part is at most its total, when both are given."""
    for item in definition.fields:
        if not item.parent or item.key in errors or item.parent in errors:
            continue
        part, total = values.get(item.key), values.get(item.parent)
        if _is_number(part) and _is_number(total) and part > total:
            errors[item.key] = _("“%(part)s” cannot be greater than “%(total)s”.") % {
                "part": item_name(item),
                "total": item_name(definition.field(item.parent)),
            }


def _check_rule(
    definition: FormDefinition,
    rule: RuleDefinition,
    values: dict[str, Value],
    errors: dict[str, str],
    *,
    for_submission: bool,
) -> None:
    """sum(left) ≤ or = sum(right). A draft skips a rule while any of its items is blank; on
    submission blank optional items count as 0 and a blank required one skips the rule (its own
    error says what is missing)."""
    keys = [*rule.left, *rule.right]
    if not rule.left or any(key not in definition.by_key or key in errors for key in keys):
        return
    for key in keys:
        if values.get(key) is None and (not for_submission or definition.field(key).required):
            return
    left = sum((_as_decimal(values.get(key)) for key in rule.left), Decimal(0))
    right = sum((_as_decimal(values.get(key)) for key in rule.right), Decimal(0))
    broken = left != right if rule.is_equality else left > right
    if not broken:
        return
    if rule.message:
        message = rule.message
    else:
        names = {
            "left": " + ".join(f"“{item_name(definition.field(k))}”" for k in rule.left),
            "right": " + ".join(f"“{item_name(definition.field(k))}”" for k in rule.right),
        }
        if rule.is_equality:
            message = _("%(left)s must add up to %(right)s.") % names
        else:
            message = _("%(left)s cannot be greater than %(right)s.") % names
    errors.setdefault(rule.left[0], message)


def _is_number(value: Value) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _as_decimal(value: Value) -> Decimal:
    return Decimal(value) if _is_number(value) else Decimal(0)


def to_json(definition: FormDefinition, values: Mapping[str, Value]) -> dict[str, object]:
    """The typed items' values as stored on a return: JSON-safe (decimals as strings), blanks
    left out, platform-filled items never stored (they are read from the reports)."""
    stored: dict[str, object] = {}
    for item in definition.fields:
        value = values.get(item.key)
        if item.source or value is None:
            continue
        stored[item.key] = str(value) if isinstance(value, Decimal) else value
    return stored


def from_json(definition: FormDefinition, stored: Mapping[str, object]) -> dict[str, Value]:
    """A return's stored values back as Python values (decimals as Decimal), by item key."""
    values: dict[str, Value] = {}
    for item in definition.fields:
        value = stored.get(item.key)
        if value is None or item.source:
            continue
        if item.kind == FieldKind.DECIMAL:
            values[item.key] = Decimal(str(value))
        elif item.kind == FieldKind.INTEGER:
            values[item.key] = int(value)
        else:
            values[item.key] = str(value)
    return values
