"""What the template and the reader agree on: where the columns are and the hidden marker."""

import re

# Bumped whenever the reader can no longer read templates laid out the old way.
LAYOUT_VERSION = 1
MARKER = "vocweek-stats form={pk} layout={layout}"
MARKER_PATTERN = re.compile(r"^vocweek-stats form=(\d+) layout=(\d+)$")

LABEL_COLUMN, UNIT_COLUMN, VALUE_COLUMN, NOTES_COLUMN, KEY_COLUMN = 1, 2, 3, 4, 5
# Where the value cell lies relative to the key column, should a user insert a column.
VALUE_BEFORE_KEY = KEY_COLUMN - VALUE_COLUMN
COLUMN_WIDTHS = {LABEL_COLUMN: 40, UNIT_COLUMN: 10, VALUE_COLUMN: 16, NOTES_COLUMN: 40}
# Columns searched for the hidden marker: the template's five and a few inserted ones.
MAX_COLUMNS = 12
