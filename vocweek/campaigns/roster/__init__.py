"""The unit roster: reading a spreadsheet of units and liaisons, importing it, exporting it again.

`reading` turns bytes into raw sheets; `columns` names the columns and kinds and normalises cells;
`rows` finds the header and checks and merges the rows; `writer` places, matches and writes one
unit; `service` is the import itself (preview, import, activation links) in one transaction;
`uploads` keeps a file between preview and import; `queries` and `exports` produce the roster as
an Excel workbook that the import reads again.
"""
