"""The daily bulletin (工作简报第N期): the day's adopted and featured reports, the completeness
figures by city and the units that have not reported, as a Word document and a console page.

`content` gathers the figures into a `BulletinContent`; `document` renders it as a .docx with
python-docx; `service.compile_bulletin()` stores both on the day's `Bulletin` (the JSON content
lets the web page show exactly what the document says). A day has one bulletin; numbers are
handed out in the order bulletins are first compiled, and recompiling a day keeps its number.
"""

from vocweek.reports.bulletins.content import BulletinContent, content_of
from vocweek.reports.bulletins.service import BulletinError, compile_bulletin

__all__ = ["BulletinContent", "BulletinError", "compile_bulletin", "content_of"]
