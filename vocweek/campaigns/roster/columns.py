"""The roster's columns, the kinds of unit by their Chinese names, and how cells are normalised.

Normalising is what makes two spellings one: full-width and non-breaking spaces, NFKC forms,
numbers stored for phones, 太原 for 太原市教育局. Nothing here touches the database.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from vocweek.core.phones import normalise_mobile
from vocweek.orgs.enums import UnitKind


@dataclass(frozen=True)
class Column:
    """A roster column: the field it fills, its header as the export writes it, its synonyms."""

    field: str
    header: str
    synonyms: tuple[str, ...]


COLUMNS: tuple[Column, ...] = (
    Column("name", "单位名称", ("单位名称", "学校名称", "单位", "名称", "学校", "院校名称")),
    Column("code", "单位代码", ("单位代码", "代码", "学校代码", "学校标识码", "单位编码")),
    Column("kind", "单位类型", ("单位类型", "类型", "办学类型", "学校类型", "单位类别")),
    Column("city", "所属市", ("所属市", "所在市", "地市", "市", "城市", "所属地市", "所在地市")),
    Column("county", "所属县区", ("所属县区", "县区", "区县", "所属区县", "所在县区", "县(区)")),
    Column("contact", "联系人", ("联系人", "联络员", "姓名", "联系人姓名", "联络员姓名")),
    Column("position", "职务", ("职务", "职务/职称", "职称")),
    Column(
        "mobile",
        "手机",
        ("手机", "手机号", "手机号码", "联系电话", "电话", "移动电话", "联系方式"),
    ),
    Column("email", "邮箱", ("邮箱", "电子邮箱", "邮件", "email", "e-mail", "电子邮件")),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
REQUIRED_FIELDS = ("name", "kind", "city")
HEADER_FIELDS = tuple(column.header for column in COLUMNS)

# Chinese kind names; the first of each is the one the export writes.
KIND_NAMES: dict[str, tuple[str, ...]] = {
    UnitKind.HIGHER_VOCATIONAL: ("高职院校", "高等职业院校", "职业大学", "职业技术大学", "高职"),
    UnitKind.PROVINCIAL_SECONDARY: ("省属中职", "省属中职学校"),
    UnitKind.CITY_SECONDARY: ("市属中职", "中职", "中职学校", "中等职业学校", "市属中职学校"),
    UnitKind.TECHNICAL: ("技工院校", "技工学校", "技师学院"),
    UnitKind.CITY: ("市教育局",),
    UnitKind.COUNTY: ("县教育局", "县区教育局", "区教育局"),
    UnitKind.CO_ORGANISER: ("协办单位",),
}

NAME_MAX = 100
PERSON_MAX = 50
CODE_MAX = 32
EMAIL_MAX = 254

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_NON_ASCII_SPACE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")
_WHOLE_FLOAT = re.compile(r"(\d+)\.0+")


def cell_text(value: object) -> str:
    """A cell's value as text: numbers without a trailing .0, dates as ISO, blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def clean_text(value: object) -> str:
    """Text with full-width and non-breaking spaces folded, runs of space collapsed, ends trimmed."""
    text = cell_text(value).translate(_INVISIBLE).replace("\u3000", " ").replace("\xa0", " ")
    return _SPACES.sub(" ", text).strip()


def clean_name(value: object) -> str:
    """A name as stored: clean text with no space next to a Chinese character."""
    return _NON_ASCII_SPACE.sub("", clean_text(value))


def name_key(value: object) -> str:
    """What two spellings of the same name have in common (NFKC, no spaces, case-folded)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", clean_text(value))).casefold()


def city_key(value: object) -> str:
    """太原, 太原市 and 太原市教育局 all give 太原."""
    key = name_key(value).removesuffix("教育局")
    return key.removesuffix("市") if len(key) > 2 else key


def county_key(value: object) -> str:
    """清徐, 清徐县 and 清徐县教育局 all give 清徐."""
    key = name_key(value).removesuffix("教育局")
    return key[:-1] if len(key) > 2 and key[-1] in "县区市旗" else key


def header_key(value: object) -> str:
    """A header cell compared loosely: no spaces, no required-field star, no bracketed note."""
    key = name_key(value).lstrip("*")
    return _BRACKETED.sub("", key) or key


def kind_key(value: object) -> str:
    return _BRACKETED.sub("", name_key(value))


HEADER_RANK: dict[str, tuple[str, int]] = {}
for _column in COLUMNS:
    for _rank, _synonym in enumerate(_column.synonyms):
        HEADER_RANK.setdefault(header_key(_synonym), (_column.field, _rank))

_KINDS: dict[str, str] = {}
for _kind, _names in KIND_NAMES.items():
    for _name in (*_names, _kind.value):
        _KINDS.setdefault(kind_key(_name), _kind.value)


def kind_from_text(value: object) -> str | None:
    """The UnitKind value a Chinese kind name (or the kind's own value) stands for, else None."""
    return _KINDS.get(kind_key(value))


def kind_name(kind: str) -> str:
    """The Chinese kind name the export writes and the import reads back."""
    if kind == UnitKind.PROVINCE:
        return "省教育厅"  # never imported: the province must exist before any import
    return KIND_NAMES[kind][0]


def clean_mobile(value: object) -> str:
    """A mobile number as 11 digits where it can be read so: 13812345678.0, 138-1234-5678, +86 …"""
    text = normalise_mobile(clean_text(value))
    whole = _WHOLE_FLOAT.fullmatch(text)
    return whole.group(1) if whole else text


def clean_email(value: object) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", clean_text(value))).lower()
