"""The bulletin as a Word document (python-docx): masthead with the red rule, five sections.

Chinese text needs its font named as the East Asian font of each style (`w:eastAsia`); otherwise
Word shows it in a Latin font's fallback. Body text is 宋体 (SimSun), headings 黑体 (SimHei).
"""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from vocweek.reports.bulletins.content import BulletinContent, list_separator

BODY_FONT = "宋体"  # SimSun
HEADING_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"
MASTHEAD_RED = RGBColor(0xC0, 0x00, 0x00)


def _set_fonts(rpr_owner, east_asian: str) -> None:
    """Name the Latin and East Asian fonts explicitly: theme fonts would win over them, and
    Word falls back to a Latin font for Chinese text unless `w:eastAsia` is set."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _prepare_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    _set_fonts(normal.element, BODY_FONT)
    for name, size in (("Heading 1", 16), ("Heading 2", 14)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(style.element, HEADING_FONT)


def _run(paragraph, text: str, *, size: int | None = None, bold: bool = False, color=None):
    run = paragraph.add_run(text)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def _rule_below(paragraph) -> None:
    """The red line under a bulletin's masthead (a paragraph bottom border)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (
        ("w:val", "single"),
        ("w:sz", "12"),
        ("w:space", "1"),
        ("w:color", "C00000"),
    ):
        bottom.set(qn(attribute), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _masthead(document, content: BulletinContent) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(
        title,
        content.title,
        size=22,
        bold=True,
        color=MASTHEAD_RED,
    )
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, content.issue, size=14)
    line = document.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    _run(line, f"{content.organiser}\t{date_format(content.date, 'DATE_FORMAT')}")
    _rule_below(line)


def _standings_table(document, content: BulletinContent) -> None:
    headers = [
        _("Region"),
        _("Units owing reports"),
        _("On time"),
        _("Late"),
        _("Not reported"),
        _("Completeness"),
    ]
    rows = [*content.cities, content.total]
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _run(cell.paragraphs[0], str(text), bold=True)
    for row, standing in zip(table.rows[1:], rows, strict=True):
        values = [
            standing.name,
            standing.obligated,
            standing.reported,
            standing.late,
            standing.missing,
            f"{standing.completeness}%",
        ]
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = str(value)


def render_docx(content: BulletinContent) -> bytes:
    """The bulletin as a Word document (python-docx), in the active language."""
    document = Document()
    _prepare_styles(document)
    _masthead(document, content)

    document.add_heading(_("I. Today at a glance"), level=1)
    document.add_paragraph(content.overview)

    document.add_heading(_("II. Adopted reports"), level=1)
    if not content.adopted:
        document.add_paragraph(_("No report was adopted on this day."))
    for position, item in enumerate(content.adopted, start=1):
        document.add_paragraph(
            _("%(position)s. %(title)s (%(unit)s; adopted by %(adopted_by)s)")
            % {
                "position": position,
                "title": item.title,
                "unit": item.unit,
                "adopted_by": item.adopted_by,
            }
        )

    document.add_heading(_("III. Featured reports"), level=1)
    if not content.featured:
        document.add_paragraph(_("No report was featured on this day."))
    for item in content.featured:
        document.add_heading(
            _("%(title)s (%(unit)s)") % {"title": item.title, "unit": item.unit}, level=2
        )
        if item.excerpt:
            document.add_paragraph(item.excerpt)

    document.add_heading(_("IV. Reporting by city"), level=1)
    _standings_table(document, content)

    document.add_heading(_("V. Units that have not reported"), level=1)
    if content.missing_units:
        document.add_paragraph(list_separator().join(content.missing_units))
    else:
        document.add_paragraph(_("Every unit has reported."))

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
