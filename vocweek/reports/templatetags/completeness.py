"""Showing completeness figures: `{{ rate|percent }}` reads 96.8% (— when nothing is due yet)."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(rate: float | None) -> str:
    """A rate between 0 and 1 as a percentage with one decimal, or a dash when there is none."""
    if rate is None:
        return "—"
    return f"{number_format(round(rate * 100, 1), 1)}%"  # number_format cuts, it does not round
