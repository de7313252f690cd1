"""URLs of information reporting under /console/reports/. Each area keeps its own patterns below."""

from django.urls import path

app_name = "reports"

urlpatterns: list = []

# The unit's own reports (views/unit.py).
urlpatterns += []

# The review desk (views/desk.py).
urlpatterns += []

# Completeness and ranking (views/completeness.py).
urlpatterns += []

# Daily bulletins (views/bulletins.py).
urlpatterns += []

__all__ = ["path", "urlpatterns"]
