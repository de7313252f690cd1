"""The units' works pages: the calls open to them, their entries (a city bureau also follows its
schools'), submitting an entry with its authors and files, changing or withdrawing it before the
deadline.

Submitting is limited per user (a phone on a bad connection may retry, a script may not flood)
and carries a token, so that a form sent twice makes one entry.
"""

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django_ratelimit.decorators import ratelimit

from vocweek.campaigns.queries import current_campaign
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.models import membership_of
from vocweek.voting.works import entries, queries, services
from vocweek.voting.works.enums import EntryKind
from vocweek.voting.works.forms import AuthorFormSet, EntryForm, author_lines
from vocweek.voting.works.views.manage.common import (
    CHANGE_ENTRY,
    ENTER_COLLECTION,
    SUBMIT_ENTRIES,
    VIEW_ENTRY,
    CollectionPage,
    InZone,
    see_other,
)

SUBMIT_RATE = "20/m"
BLANK_AUTHOR_ROWS = 4


def _authors_formset(data=None, initial=None) -> AuthorFormSet:
    initial = list(initial or [])
    blank = max(BLANK_AUTHOR_ROWS - len(initial), 2)
    formset = AuthorFormSet(data, prefix="authors", initial=initial)
    if data is None:
        formset.extra = min(blank, entries.MAX_AUTHORS - len(initial))
    return formset


class UnitEntriesView(StaffPermissionMixin, InZone, View):
    """作品报送: the calls taking entries, with the unit's places left, and the entries the user
    follows (a city bureau's include its schools')."""

    permission_required = SUBMIT_ENTRIES

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        membership = membership_of(request.user)
        calls = []
        if campaign is not None:
            for collection in queries.collections_taking_entries(campaign):
                if not request.user.has_perm(ENTER_COLLECTION, collection):
                    continue
                taken = queries.places_taken(collection, membership.unit_id)
                calls.append(
                    {
                        "collection": collection,
                        "categories": [
                            {
                                "category": category,
                                "left": max(
                                    collection.entries_per_unit - taken.get(category.pk, 0), 0
                                ),
                            }
                            for category in collection.categories.all()
                        ],
                    }
                )
        return render(
            request,
            "voting/works/manage/unit_entries.html",
            {
                "campaign": campaign,
                "unit": membership.unit,
                "calls": calls,
                "entries": queries.entries_visible_to(request.user, campaign) if campaign else [],
            },
        )


@method_decorator(ratelimit(key="user", rate=SUBMIT_RATE, method="POST", block=False), name="post")
class SubmitView(CollectionPage, View):
    """Submit an entry: category, title, description, authors, and the essay or the files."""

    permission_required = ENTER_COLLECTION

    def render_page(self, request, form: EntryForm, authors, status: int = 200) -> HttpResponse:
        collection = self.collection
        categories = queries.categories_of(collection)
        taken = queries.places_taken(collection, membership_of(request.user).unit_id)
        return render(
            request,
            "voting/works/manage/submit.html",
            {
                "campaign": collection.campaign,
                "collection": collection,
                "choices": [
                    (category, max(collection.entries_per_unit - taken.get(category.pk, 0), 0))
                    for category in categories
                ],
                "form": form,
                "authors": authors,
                "max_photos": entries.MAX_PHOTOS,
                "kinds": EntryKind,
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        categories = queries.categories_of(self.collection)
        chosen = request.GET.get("category", "")
        initial = {"token": uuid.uuid4()}
        if chosen.isdigit():
            initial["category"] = int(chosen)
        form = EntryForm(initial=initial, categories=categories)
        return self.render_page(request, form, _authors_formset())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        categories = queries.categories_of(self.collection)
        form = EntryForm(request.POST, request.FILES, categories=categories)
        authors = _authors_formset(request.POST)
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many submissions in a minute; please wait a moment."))
            return self.render_page(request, form, authors, status=429)
        if not (form.is_valid() & authors.is_valid()):
            return self.render_page(request, form, authors, status=400)
        category = next(c for c in categories if c.pk == form.cleaned_data["category"])
        try:
            entry = entries.submit_entry(
                collection=self.collection,
                category=category,
                unit=membership_of(request.user).unit,
                actor=request.user,
                content=form.content(author_lines(authors)),
                token=form.cleaned_data["token"],
                photos=form.cleaned_data["photos"],
                video=form.cleaned_data["video"],
            )
        except services.WorksError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form, authors, status=400)
        messages.success(
            request,
            _("“%(title)s” is submitted as entry %(code)s.")
            % {"title": entry.title, "code": entry.code},
        )
        return see_other("works_manage:unit_entry", entry.pk)


class _EntryPage(StaffPermissionMixin, InZone, View):
    """A page about one of the entries the user follows, allowed by `permission_required`."""

    def get_permission_object(self) -> object | None:
        self.entry = queries.visible_entry(self.request.user, self.kwargs["entry_pk"])
        if self.entry is None or not self.request.user.has_perm(
            self.permission_required, self.entry
        ):
            deny()
        self.collection = self.entry.collection
        return self.entry


class UnitEntryView(_EntryPage):
    """One entry as its unit sees it: what was sent, its state (and why it was excluded), its
    award once published; change and withdraw while the call takes entries."""

    permission_required = VIEW_ENTRY

    def get(self, request: HttpRequest, entry_pk: int) -> HttpResponse:
        entry = self.entry
        return render(
            request,
            "voting/works/manage/unit_entry.html",
            {
                "campaign": entry.collection.campaign,
                "collection": entry.collection,
                "entry": entry,
                "paragraphs": [line.strip() for line in entry.essay.splitlines() if line.strip()],
                "may_change": request.user.has_perm(CHANGE_ENTRY, entry),
                "award_public": entry.collection.state == "published" and entry.award,
            },
        )


class EditEntryView(_EntryPage):
    """Change an entry before the deadline: text, authors, photos added or removed, the video
    replaced."""

    permission_required = CHANGE_ENTRY

    def render_page(self, request, form: EntryForm, authors, status: int = 200) -> HttpResponse:
        return render(
            request,
            "voting/works/manage/edit_entry.html",
            {
                "campaign": self.collection.campaign,
                "collection": self.collection,
                "entry": self.entry,
                "form": form,
                "authors": authors,
                "kinds": EntryKind,
                "max_photos": entries.MAX_PHOTOS,
            },
            status=status,
        )

    def get(self, request: HttpRequest, entry_pk: int) -> HttpResponse:
        entry = self.entry
        form = EntryForm(
            initial={
                "title": entry.title,
                "description": entry.description,
                "essay": entry.essay,
            },
            editing=entry,
        )
        authors = _authors_formset(
            initial=[
                {"name": a.name, "role": a.role, "affiliation": a.affiliation}
                for a in entry.authors.all()
            ]
        )
        return self.render_page(request, form, authors)

    def post(self, request: HttpRequest, entry_pk: int) -> HttpResponse:
        form = EntryForm(request.POST, request.FILES, editing=self.entry)
        authors = _authors_formset(request.POST)
        if not (form.is_valid() & authors.is_valid()):
            return self.render_page(request, form, authors, status=400)
        try:
            entry = entries.update_entry(
                entry=self.entry,
                actor=request.user,
                content=form.content(author_lines(authors)),
                add_photos=form.cleaned_data["photos"],
                remove_media=form.cleaned_data.get("remove", []),
                video=form.cleaned_data["video"],
            )
        except services.WorksError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form, authors, status=400)
        messages.success(request, _("Entry %(code)s is saved.") % {"code": entry.code})
        return see_other("works_manage:unit_entry", entry.pk)


class WithdrawEntryView(_EntryPage):
    permission_required = CHANGE_ENTRY
    http_method_names = ["post"]

    def post(self, request: HttpRequest, entry_pk: int) -> HttpResponse:
        try:
            entry = entries.withdraw_entry(entry=self.entry, actor=request.user)
        except services.WorksError as error:
            messages.error(request, str(error))
            return see_other("works_manage:unit_entry", entry_pk)
        messages.success(
            request,
            _("Entry %(code)s is withdrawn; its place can take another entry.")
            % {"code": entry.code},
        )
        return see_other("works_manage:unit_entries")
