"""Roster files as organisers really send them, built in memory with openpyxl (no binary fixtures).

`messy_roster()` carries every defect the import must tolerate: two title rows (one merged across
the sheet), shuffled columns under synonym headers, a 序号 column, a city merged down three rows,
blank rows and a row holding only its serial number, full-width and non-breaking spaces, phone
numbers stored as numbers (int and float), "太原" for 太原市, a county that does not exist yet and
the same unit on two rows (with two liaisons).
"""

import io
import zipfile

from openpyxl import Workbook

FULL_WIDTH_SPACE = "\u3000"
NBSP = "\xa0"

MESSY_HEADER = [
    "序号",
    "学校名称",
    "联系电话",
    "类型",
    "地市",
    "联络员",
    "电子邮箱",
    "职务/职称",
    "区县",
]

# Row number in Excel → cells, in MESSY_HEADER order. Rows 1–2 are titles, 3 is blank, 4 the header.
MESSY_ROWS: dict[int, list[object]] = {
    5: [
        1,
        f"山西职业技术学院{FULL_WIDTH_SPACE}",
        13812345678.0,
        "高职院校",
        "太原",
        f"张{FULL_WIDTH_SPACE}三",
        "zhangsan@example.org",
        "办公室主任",
        None,
    ],
    6: [
        2,
        f" 太原市第一职业中学{NBSP}",
        13912345678,
        "中职",
        "太原市",
        "李四",
        None,
        "教务处",
        None,
    ],
    7: [
        3,
        "清徐县职业中学",
        "139 1234 5679",
        "中等职业学校",
        None,
        "王五",
        "wangwu@example.org",
        None,
        "清徐县",
    ],
    8: [4, "太原市技师学院", "13712345678", "技工学校", None, "赵六", None, None, None],
    # row 9 is blank
    10: [
        5,
        "大同市教育局",
        13612345678,
        "市教育局",
        "大同",
        "钱七",
        "qianqi@example.org",
        "科长",
        None,
    ],
    11: [6, "山西省总工会", 13512345678, "协办单位", None, "孙八", None, None, None],
    12: [
        7,
        "山西职业技术学院",
        13412345678,
        "高等职业院校",
        "太原市教育局",
        "周九",
        None,
        None,
        None,
    ],
    13: [
        8,
        "阳曲县职业中学",
        13312345678,
        "中职",
        f"{FULL_WIDTH_SPACE}太原",
        "吴十",
        None,
        None,
        "阳曲县",
    ],
    14: [9, None, None, None, None, None, None, None, None],
}
# The city column of rows 6–8 is one merged cell holding "太原市".
MERGED_CITY = "E6:E8"


def workbook_bytes(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def messy_roster(changes: dict[int, dict[str, object]] | None = None) -> bytes:
    """The messy roster; `changes` overrides cells: {row: {header: value}}."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet["A1"] = "山西省2021年职业教育活动周参与单位及联络员名单"
    sheet.merge_cells("A1:I1")
    sheet["A2"] = "填报单位（盖章）：                填报日期：2021年5月6日"
    sheet.merge_cells("A2:I2")
    for column, header in enumerate(MESSY_HEADER, start=1):
        sheet.cell(row=4, column=column, value=header)
    for row, cells in MESSY_ROWS.items():
        values = dict(zip(MESSY_HEADER, cells, strict=True))
        values.update((changes or {}).get(row, {}))
        for column, header in enumerate(MESSY_HEADER, start=1):
            sheet.cell(row=row, column=column, value=values[header])
    sheet.merge_cells(MERGED_CITY)
    return workbook_bytes(workbook)


def simple_roster(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    """A plain workbook: the header in row 1, then the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or ["单位名称", "单位类型", "所属市", "联系人", "手机", "邮箱"])
    for row in rows:
        sheet.append(row)
    return workbook_bytes(workbook)


CSV_ROWS = [
    ["单位名称", "单位类型", "所属市", "联系人", "职务", "手机", "邮箱"],
    [
        "山西职业技术学院",
        "高职院校",
        "太原市",
        "张三",
        "主任",
        "13812345678",
        "zhangsan@example.org",
    ],
    ["大同市第三职业中学", "市属中职", "大同", "李四", "", "13912345678", ""],
]


def roster_csv(encoding: str) -> bytes:
    text = "\r\n".join(",".join(row) for row in CSV_ROWS) + "\r\n"
    return text.encode(encoding)


def zip_bomb(unpacked_bytes: int) -> bytes:
    """An archive shaped like a workbook whose one sheet unpacks to `unpacked_bytes` of zeros."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * unpacked_bytes)
    return output.getvalue()
