"""Views of exhibition halls: the school's editor in the console (manage.py) and the public pages
(public.py)."""
