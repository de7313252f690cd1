"""The school's exhibition-hall editor in the console, and the organiser's list of halls.

The editor is one page of sections. Every change is its own small POST that calls one service and
redirects back to its section with a message. Halls are fetched through
`Hall.objects.visible_to(user)` and their majors, links, albums and media only inside that hall; a
hall the user may not change answers 404, so another school's ids reveal nothing. A form with
errors comes back on a page of its own, where its errors are in view on a phone.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from vocweek.campaigns.models import BEIJING_TIME_ZONES
from vocweek.campaigns.queries import current_campaign
from vocweek.core.uploads import UploadRejected, display_name
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.orgs.models import membership_of
from vocweek.reports.halls import services
from vocweek.reports.halls.enums import HallMediaKind
from vocweek.reports.halls.forms import (
    AlbumForm,
    CaptionForm,
    HallForm,
    LinkForm,
    MajorForm,
    PanoramaForm,
    PhotosForm,
    VideoForm,
    hall_initial,
    link_initial,
    major_initial,
)
from vocweek.reports.halls.manage_queries import (
    album_of,
    halls_with_counts,
    link_of,
    major_of,
    media_of,
)
from vocweek.reports.halls.models import Hall, HallAlbum, HallMedia
from vocweek.reports.halls.queries import hall_of_unit

EDIT_OWN_HALL = "reports.edit_own_hall"
CHANGE_HALL = "reports.change_hall"
VIEW_HALLS = "reports.view_halls"
WITHDRAW_HALL = "reports.withdraw_hall"

HALLS_PER_PAGE = 50
FORM_PAGE = "reports/halls/manage/form_page.html"
MEDIA_SECTIONS = {HallMediaKind.VIDEO: "videos", HallMediaKind.PANORAMA: "panoramas"}


def public_url(hall: Hall) -> str:
    """The address of the hall's public page."""
    try:
        return reverse("halls:hall", args=[hall.pk])
    except NoReverseMatch:  # the public pages are mounted by their own module
        return f"/halls/{hall.pk}/"


def _editor(section: str) -> HttpResponse:
    return redirect(f"{reverse('halls_manage:edit')}#{section}")


def _media_section(media: HallMedia) -> str:
    return MEDIA_SECTIONS.get(media.kind, f"album-{media.album_id}")


def _link_zone() -> tuple[ZoneInfo, str]:
    """The zone livestream times are typed and shown in: the campaign's (Beijing time)."""
    campaign = current_campaign()
    if campaign is not None:
        return campaign.zone, campaign.zone_label
    zone = settings.TIME_ZONE
    return ZoneInfo(zone), _("Beijing time") if zone in BEIJING_TIME_ZONES else zone


def _form_page(
    request: HttpRequest,
    hall: Hall,
    *,
    form: Form,
    title: str,
    action: str,
    section: str,
    submit: str,
    multipart: bool = False,
) -> HttpResponse:
    """One form on a page of its own: a change page, or a form sent back with its errors."""
    return render(
        request,
        FORM_PAGE,
        {
            "hall": hall,
            "form": form,
            "page_title": title,
            "action": action,
            "back": f"{reverse('halls_manage:edit')}#{section}",
            "submit": submit,
            "multipart": multipart,
        },
    )


def _added(
    request: HttpRequest,
    hall: Hall,
    *,
    kind: str,
    uploads: list[UploadedFile],
    caption: str,
    album: HallAlbum | None = None,
) -> tuple[int, list[str]]:
    """Add each upload on its own; return how many were added and, for each other, why not."""
    added, refusals = 0, []
    for upload in uploads:
        try:
            services.add_hall_media(
                hall=hall,
                kind=kind,
                upload=upload,
                caption=caption,
                album=album,
                actor=request.user,
            )
        except (UploadRejected, services.HallError) as error:
            reason = str(getattr(error, "message", "") or error)
            name = display_name(upload.name)
            if name not in reason:
                reason = _("%(file)s: %(reason)s") % {"file": name, "reason": reason}
            refusals.append(reason)
        else:
            added += 1
    return added, refusals


# The school's own hall --------------------------------------------------------------------------


class HallEditorView(StaffPermissionMixin, View):
    """线上展厅: the school's own hall, section by section; an offer to open it the first time."""

    permission_required = EDIT_OWN_HALL

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = membership_of(request.user).unit
        hall = hall_of_unit(unit)
        if hall is None:
            return render(request, "reports/halls/manage/open.html", {"unit": unit})
        if not request.user.has_perm(CHANGE_HALL, hall):
            deny()
        zone, zone_label = _link_zone()
        albums = list(hall.albums.all())
        media = hall.other_media
        return render(
            request,
            "reports/halls/manage/editor.html",
            {
                "hall": hall,
                "public_url": public_url(hall),
                "can_withdraw": request.user.has_perm(WITHDRAW_HALL, hall),
                "hall_form": HallForm(initial=hall_initial(hall)),
                "major_form": MajorForm(auto_id="major_%s"),
                "link_form": LinkForm(zone=zone, zone_label=zone_label, auto_id="link_%s"),
                "album_form": AlbumForm(auto_id="album_%s"),
                "video_form": VideoForm(auto_id="video_%s"),
                "panorama_form": PanoramaForm(auto_id="panorama_%s"),
                "albums": albums,
                "photo_count": sum(len(album.photos.all()) for album in albums),
                "videos": [item for item in media if item.kind == HallMediaKind.VIDEO],
                "panoramas": [item for item in media if item.kind == HallMediaKind.PANORAMA],
                "zone": zone,
                "zone_label": zone_label,
                "caption_length": services.MAX_CAPTION_LENGTH,
                "limits": {
                    "photo": settings.VOCWEEK_MAX_PHOTO_BYTES,
                    "video": settings.VOCWEEK_MAX_VIDEO_BYTES,
                    "albums": settings.VOCWEEK_MAX_HALL_ALBUMS,
                    "media": settings.VOCWEEK_MAX_HALL_MEDIA,
                },
            },
        )


class HallOpenView(StaffPermissionMixin, View):
    """开通展厅: make the unit's hall, an unpublished draft (POST only; never made on GET)."""

    permission_required = EDIT_OWN_HALL
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        services.open_hall(unit=membership_of(request.user).unit, actor=request.user)
        messages.success(
            request,
            _(
                "Your exhibition hall is open as a draft: only your unit sees it until you publish it."
            ),
        )
        return redirect("halls_manage:edit")


class _HallAction(StaffPermissionMixin, View):
    """A change to one hall the user may change; any other hall answers 404 (POST only)."""

    permission_required = CHANGE_HALL
    http_method_names = ["post"]

    def get_permission_object(self) -> object | None:
        hall = Hall.objects.visible_to(self.request.user).select_related("unit")
        self.hall = hall.filter(pk=self.kwargs["pk"]).first()
        if self.hall is None:
            deny()
        return self.hall


class HallPublishView(_HallAction):
    """发布: open the hall to the public."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            services.publish_hall(hall=self.hall, actor=request.user)
        except services.HallError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The hall is published: everyone can visit it now."))
        return _editor("publishing")


class HallWithdrawView(_HallAction):
    """撤下: take the hall off the public site; the school's own staff or the organiser."""

    permission_required = WITHDRAW_HALL

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        services.withdraw_hall(hall=self.hall, actor=request.user)
        messages.success(
            request,
            _("The hall of %(unit)s is withdrawn from the public site; its content is kept.")
            % {"unit": self.hall.unit.name},
        )
        if request.user.has_perm(CHANGE_HALL, self.hall):
            return _editor("publishing")
        return redirect("halls_manage:list")


class HallInformationView(_HallAction):
    """基本信息: the tagline, introduction, enrolment information and contacts."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = HallForm(request.POST)
        if form.is_valid():
            try:
                services.update_hall(hall=self.hall, content=form.content(), actor=request.user)
            except services.HallError as error:
                form.add_error("introduction", str(error))
            else:
                messages.success(request, _("The information of the hall is saved."))
                return _editor("information")
        return _form_page(
            request,
            self.hall,
            form=form,
            title=_("Basic information"),
            action=reverse("halls_manage:information", args=[pk]),
            section="information",
            submit=_("Save"),
        )


# Majors and links -------------------------------------------------------------------------------


class _HallPartSave(_HallAction):
    """Add a part of the hall (POST without an id) or change one (GET/POST with its id): the part
    is looked up inside the checked hall as `self.part`; another hall's part answers 404."""

    http_method_names = ["get", "post"]
    part_kwarg = ""

    @staticmethod
    def find_part(hall, pk: int):  # overridden: major_of, link_of, album_of
        raise NotImplementedError

    def get_permission_object(self) -> object | None:
        hall = super().get_permission_object()
        self.part = None
        if self.part_kwarg in self.kwargs:
            self.part = self.find_part(hall, self.kwargs[self.part_kwarg])
            if self.part is None:
                deny()
        elif self.request.method != "POST":
            deny()
        return hall


class MajorSaveView(_HallPartSave):
    """招生专业: add a major, or change one on a page of its own."""

    part_kwarg = "major_pk"
    find_part = staticmethod(major_of)

    def _page(self, request: HttpRequest, form: MajorForm) -> HttpResponse:
        major = self.part
        if major is None:
            title, action = _("Add a major"), reverse("halls_manage:major_add", args=[self.hall.pk])
        else:
            title = _("Change the major “%(name)s”") % {"name": major.name}
            action = reverse("halls_manage:major_edit", args=[self.hall.pk, major.pk])
        return _form_page(
            request,
            self.hall,
            form=form,
            title=title,
            action=action,
            section="majors",
            submit=_("Save the major"),
        )

    def get(self, request: HttpRequest, pk: int, major_pk: int) -> HttpResponse:
        return self._page(request, MajorForm(initial=major_initial(self.part)))

    def post(self, request: HttpRequest, pk: int, major_pk: int | None = None) -> HttpResponse:
        form = MajorForm(request.POST)
        if form.is_valid():
            try:
                major = services.save_major(
                    hall=self.hall, content=form.content(), actor=request.user, major=self.part
                )
            except services.HallError as error:
                form.add_error("name", str(error))
            else:
                messages.success(
                    request, _("The major “%(name)s” is saved.") % {"name": major.name}
                )
                return _editor("majors")
        return self._page(request, form)


class MajorRemoveView(_HallAction):
    def post(self, request: HttpRequest, pk: int, major_pk: int) -> HttpResponse:
        major = major_of(self.hall, major_pk)
        if major is None:
            deny()
        services.remove_major(major=major, actor=request.user)
        messages.success(request, _("The major “%(name)s” is removed.") % {"name": major.name})
        return _editor("majors")


class LinkSaveView(_HallPartSave):
    """链接: add a link (topic website, livestream, enrolment site), or change one."""

    part_kwarg = "link_pk"
    find_part = staticmethod(link_of)

    def _form(self, data=None, initial=None) -> LinkForm:
        zone, zone_label = _link_zone()
        return LinkForm(data, initial=initial, zone=zone, zone_label=zone_label)

    def _page(self, request: HttpRequest, form: LinkForm) -> HttpResponse:
        link = self.part
        if link is None:
            title, action = _("Add a link"), reverse("halls_manage:link_add", args=[self.hall.pk])
        else:
            title = _("Change the link “%(title)s”") % {"title": link.title}
            action = reverse("halls_manage:link_edit", args=[self.hall.pk, link.pk])
        return _form_page(
            request,
            self.hall,
            form=form,
            title=title,
            action=action,
            section="links",
            submit=_("Save the link"),
        )

    def get(self, request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
        return self._page(request, self._form(initial=link_initial(self.part)))

    def post(self, request: HttpRequest, pk: int, link_pk: int | None = None) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                link = services.save_link(
                    hall=self.hall, content=form.content(), actor=request.user, link=self.part
                )
            except services.HallError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The link “%(title)s” is saved.") % {"title": link.title}
                )
                return _editor("links")
        return self._page(request, form)


class LinkRemoveView(_HallAction):
    def post(self, request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
        link = link_of(self.hall, link_pk)
        if link is None:
            deny()
        services.remove_link(link=link, actor=request.user)
        messages.success(request, _("The link “%(title)s” is removed.") % {"title": link.title})
        return _editor("links")


# Albums and media -------------------------------------------------------------------------------


class AlbumSaveView(_HallPartSave):
    """相册: add a photo album, or rename one."""

    part_kwarg = "album_pk"
    find_part = staticmethod(album_of)

    def _page(self, request: HttpRequest, form: AlbumForm) -> HttpResponse:
        album = self.part
        if album is None:
            title = _("Add a photo album")
            action = reverse("halls_manage:album_add", args=[self.hall.pk])
            section = "albums"
        else:
            title = _("Rename the album “%(title)s”") % {"title": album.title}
            action = reverse("halls_manage:album_edit", args=[self.hall.pk, album.pk])
            section = f"album-{album.pk}"
        return _form_page(
            request,
            self.hall,
            form=form,
            title=title,
            action=action,
            section=section,
            submit=_("Save the album"),
        )

    def get(self, request: HttpRequest, pk: int, album_pk: int) -> HttpResponse:
        album = self.part
        form = AlbumForm(initial={"title": album.title, "description": album.description})
        return self._page(request, form)

    def post(self, request: HttpRequest, pk: int, album_pk: int | None = None) -> HttpResponse:
        form = AlbumForm(request.POST)
        if form.is_valid():
            try:
                album = services.save_album(
                    hall=self.hall,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    actor=request.user,
                    album=self.part,
                )
            except services.HallError as error:
                form.add_error("title", str(error))
            else:
                messages.success(
                    request, _("The album “%(title)s” is saved.") % {"title": album.title}
                )
                return _editor(f"album-{album.pk}")
        return self._page(request, form)


class AlbumRemoveView(_HallAction):
    def post(self, request: HttpRequest, pk: int, album_pk: int) -> HttpResponse:
        album = album_of(self.hall, album_pk)
        if album is None:
            deny()
        services.remove_album(album=album, actor=request.user)
        messages.success(
            request,
            _("The album “%(title)s” and its photos are removed.") % {"title": album.title},
        )
        return _editor("albums")


class PhotosAddView(_HallAction):
    """Add one or more photos to an album; each file on its own, so a refused one loses nothing."""

    def post(self, request: HttpRequest, pk: int, album_pk: int) -> HttpResponse:
        album = album_of(self.hall, album_pk)
        if album is None:
            deny()
        form = PhotosForm(request.POST, request.FILES)
        if not form.is_valid():
            return _form_page(
                request,
                self.hall,
                form=form,
                title=_("Add photos to “%(title)s”") % {"title": album.title},
                action=reverse("halls_manage:photos_add", args=[pk, album.pk]),
                section=f"album-{album.pk}",
                submit=_("Upload"),
                multipart=True,
            )
        added, refusals = _added(
            request,
            self.hall,
            kind=HallMediaKind.PHOTO,
            uploads=form.cleaned_data["photos"],
            caption=form.cleaned_data["caption"],
            album=album,
        )
        if added:
            messages.success(
                request,
                ngettext(
                    "%(count)s photo added to “%(title)s”; it appears once it is processed.",
                    "%(count)s photos added to “%(title)s”; they appear once they are processed.",
                    added,
                )
                % {"count": added, "title": album.title},
            )
        for reason in refusals:
            messages.error(request, _("Not added: %(reason)s") % {"reason": reason})
        return _editor(f"album-{album.pk}")


class _OneMediumAddView(_HallAction):
    """Add one video or panorama."""

    kind: str = ""
    form_class: type[Form] = Form
    title: str | Promise = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.form_class(request.POST, request.FILES)
        section = MEDIA_SECTIONS[self.kind]
        if not form.is_valid():
            return _form_page(
                request,
                self.hall,
                form=form,
                title=str(self.title),
                action=request.path,
                section=section,
                submit=_("Upload"),
                multipart=True,
            )
        added, refusals = _added(
            request,
            self.hall,
            kind=self.kind,
            uploads=[form.cleaned_data["file"]],
            caption=form.cleaned_data["caption"],
        )
        for reason in refusals:
            messages.error(request, reason)
        if added:
            messages.success(
                request,
                _("“%(file)s” is added; it appears once it is processed.")
                % {"file": display_name(form.cleaned_data["file"].name)},
            )
        return _editor(section)


class VideoAddView(_OneMediumAddView):
    kind = HallMediaKind.VIDEO
    form_class = VideoForm
    title = gettext_lazy("Add a video")


class PanoramaAddView(_OneMediumAddView):
    kind = HallMediaKind.PANORAMA
    form_class = PanoramaForm
    title = gettext_lazy("Add a 360° panorama")


class _MediaAction(_HallAction):
    """A change to one photo, video or panorama of the hall."""

    def get_permission_object(self) -> object | None:
        hall = super().get_permission_object()
        self.media = media_of(hall, self.kwargs["media_pk"])
        if self.media is None:
            deny()
        return hall


class CaptionView(_MediaAction):
    def post(self, request: HttpRequest, pk: int, media_pk: int) -> HttpResponse:
        media = self.media
        form = CaptionForm(request.POST)
        if form.is_valid():
            try:
                services.update_caption(
                    media=media, caption=form.cleaned_data["caption"], actor=request.user
                )
            except services.HallError as error:
                reason = str(error)
            else:
                messages.success(
                    request,
                    _("The caption of “%(file)s” is saved.") % {"file": media.original_name},
                )
                return _editor(_media_section(media))
        else:
            reason = " ".join(form.errors["caption"])
        messages.error(
            request,
            _("The caption of “%(file)s” is not saved: %(reason)s")
            % {"file": media.original_name, "reason": reason},
        )
        return _editor(_media_section(media))


class MediaRemoveView(_MediaAction):
    def post(self, request: HttpRequest, pk: int, media_pk: int) -> HttpResponse:
        media = self.media
        services.remove_hall_media(media=media, actor=request.user)
        messages.success(request, _("“%(file)s” is removed.") % {"file": media.original_name})
        return _editor(_media_section(media))


class CoverView(_MediaAction):
    """封面: the photo the directory and share cards show for the hall."""

    def post(self, request: HttpRequest, pk: int, media_pk: int) -> HttpResponse:
        media = self.media
        try:
            services.set_cover(hall=self.hall, media=media, actor=request.user)
        except services.HallError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("“%(file)s” is now the cover of the hall.") % {"file": media.original_name},
            )
        return _editor(_media_section(media))


# The organiser's list ---------------------------------------------------------------------------


class HallListView(StaffPermissionMixin, View):
    """线上展厅一览: every hall of the organiser's subtree, published or not, with its media."""

    permission_required = VIEW_HALLS

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(halls_with_counts(request.user), HALLS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        rows = [
            {
                "hall": hall,
                "public_url": public_url(hall),
                "can_withdraw": hall.is_published and request.user.has_perm(WITHDRAW_HALL, hall),
            }
            for hall in page
        ]
        return render(request, "reports/halls/manage/list.html", {"page": page, "rows": rows})
