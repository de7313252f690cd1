"""Views of the statistics table: the unit's return and the reviewers' list (manage.py)."""
