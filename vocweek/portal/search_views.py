"""The public search page: featured stories found by Chinese words, with filters and pages, and
above them on the first page the exhibition halls that match."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vocweek.portal.search_forms import SearchForm
from vocweek.reports.halls.search import search_halls
from vocweek.reports.search import search_stories

PER_PAGE = 10
HALLS_SHOWN = 3


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "query": "", "found": None, "halls": []}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        query = data["q"].strip()
        city = data["city"]
        page = data["page"] or 1
        found = search_stories(
            query,
            city_id=city.pk if city else None,
            category=data["category"],
            limit=PER_PAGE,
            offset=(page - 1) * PER_PAGE,
        )
        pages = max(1, -(-found.total // PER_PAGE))
        halls = []
        if form.shows_halls():
            halls = search_halls(query, city_id=city.pk if city else None, limit=HALLS_SHOWN)
        kept = urlencode(
            {"q": query, "city": city.pk if city else "", "category": data["category"]}
        )
        context.update(
            query=query,
            found=found,
            page=page,
            pages=pages,
            previous_url=f"?{kept}&page={page - 1}" if page > 1 else "",
            next_url=f"?{kept}&page={page + 1}" if page < pages else "",
            filtered=bool(city or data["category"]),
            halls=halls,
        )
    return render(request, "portal/search.html", context)
