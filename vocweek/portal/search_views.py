"""The public search page: featured stories found by Chinese words, with filters and pages."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vocweek.portal.search_forms import SearchForm
from vocweek.reports.search import search_stories

PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "query": "", "found": None}
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
        )
    return render(request, "portal/search.html", context)
