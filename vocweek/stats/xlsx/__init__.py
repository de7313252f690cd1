"""The statistics table as an Excel template to fill offline, and the filled template read back.

The template (`template.return_template`) is laid out like the paper form, an item a row:
label, unit of measure, the value cell, notes. A hidden column holds each item row's field key
and, in its first cell, the form's pk and the layout version (`layout`), so the reader
(`reading.read_return`) finds the items even when a user inserts rows, and refuses a template
of another form. The reader only decides what the cells themselves show (a date in a number
cell, an Excel error value, a missing row); ranges and rules are `validation.validate_values`'
business, and `errors_by_cell` places its errors at the cells of their items.
"""

from vocweek.stats.xlsx.reading import CellError, ReadResult, errors_by_cell, read_return
from vocweek.stats.xlsx.template import return_template

__all__ = ["CellError", "ReadResult", "errors_by_cell", "read_return", "return_template"]
