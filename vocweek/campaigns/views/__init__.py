"""Campaign pages: `manage` is the staff side (the roster import and export)."""
