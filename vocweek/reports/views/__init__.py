"""Views of information reporting: the unit's own reports, the review desk, completeness, bulletins."""
