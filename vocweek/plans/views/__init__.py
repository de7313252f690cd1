"""Views of activity plans: the unit's plan and the reviewers' overview and downloads (manage.py)."""
