"""Topics in the console: the organiser writes, opens and closes the week's topics and keeps the
sensitive-word list; the organiser and the provincial reviewers moderate the answers, one at a
time or ticked together, from the queues of waiting, held, published and rejected answers.

A page or topic the user may not have answers 404 (`core.views.deny`).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from vocweek.campaigns.queries import campaign_organised_by, current_campaign
from vocweek.core.views import StaffPermissionMixin, deny
from vocweek.topics import queries, screening, services
from vocweek.topics.enums import AnswerState
from vocweek.topics.forms import ModerationForm, TopicForm, WordsForm
from vocweek.topics.models import Topic

MODERATE_TOPICS = "topics.moderate_topics"
VIEW_TOPIC = "topics.view_topic"
MODERATE_ANSWERS = "topics.moderate_answers"
MANAGE_TOPICS = "topics.manage_topics"
CHANGE_TOPIC = "topics.change_topic"
OPEN_TOPIC = "topics.open_topic"
CLOSE_TOPIC = "topics.close_topic"
EDIT_WORDS = "topics.edit_sensitive_words"


def managed_topic(request: HttpRequest, pk: int, permission: str) -> Topic:
    """The topic if the user holds `permission` on it; otherwise 404."""
    topic = Topic.objects.select_related("campaign", "campaign__organiser").filter(pk=pk).first()
    if topic is None or not request.user.has_perm(permission, topic):
        deny()
    return topic


def _queue_state(value: str) -> str:
    return value if value in AnswerState.values else AnswerState.PENDING


class ListView(StaffPermissionMixin, View):
    """网络互动话题: the current week's topics, drafts included, with the answers waiting."""

    permission_required = MODERATE_TOPICS

    def get(self, request: HttpRequest) -> HttpResponse:
        campaign = current_campaign()
        return render(
            request,
            "topics/manage/list.html",
            {
                "campaign": campaign,
                "lines": queries.campaign_topics(campaign) if campaign else [],
                "may_write": request.user.has_perm(MANAGE_TOPICS),
                "may_edit_words": request.user.has_perm(EDIT_WORDS),
            },
        )


class NewView(StaffPermissionMixin, View):
    """A new topic of the current week, saved as a draft."""

    permission_required = MANAGE_TOPICS

    def get_permission_object(self) -> object | None:
        self.campaign = campaign_organised_by(self.request.user)
        if self.campaign is None:
            deny()
        return None

    def render_page(self, request: HttpRequest, form: TopicForm) -> HttpResponse:
        return render(request, "topics/manage/new.html", {"campaign": self.campaign, "form": form})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, TopicForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TopicForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form)
        try:
            topic = services.create_topic(
                campaign=self.campaign, actor=request.user, content=form.content()
            )
        except services.TopicError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form)
        messages.success(
            request,
            _("“%(title)s” is saved as a draft; open it when it is ready.")
            % {"title": topic.title},
        )
        return redirect("topics_manage:topic", topic.pk)


class TopicView(StaffPermissionMixin, View):
    """One topic: its question (a form while it is a draft), open and close, and the moderation
    queue in four tabs."""

    permission_required = VIEW_TOPIC

    def get_permission_object(self) -> object | None:
        self.topic = managed_topic(self.request, self.kwargs["pk"], VIEW_TOPIC)
        return self.topic

    def render_page(
        self,
        request: HttpRequest,
        form: TopicForm | None = None,
        moderation: ModerationForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        topic, user = self.topic, request.user
        may_change = user.has_perm(CHANGE_TOPIC, topic)
        if form is None and may_change:
            form = TopicForm(initial={"title": topic.title, "question": topic.question})
        state = _queue_state(request.GET.get("state", ""))
        return render(
            request,
            "topics/manage/topic.html",
            {
                "campaign": topic.campaign,
                "topic": topic,
                "form": form,
                "paragraphs": [
                    line.strip() for line in topic.question.splitlines() if line.strip()
                ],
                "may_open": user.has_perm(OPEN_TOPIC, topic),
                "may_close": user.has_perm(CLOSE_TOPIC, topic),
                "may_moderate": user.has_perm(MODERATE_ANSWERS, topic),
                "sizes": queries.queue_sizes(topic),
                "state": state,
                "states": AnswerState.choices,
                "page": queries.queue(topic, state=state, page=request.GET.get("page")),
                "moderation": moderation,
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm(CHANGE_TOPIC, self.topic):
            deny()
        form = TopicForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        try:
            services.update_topic(topic=self.topic, actor=request.user, content=form.content())
        except services.TopicError as error:
            form.add_error(None, str(error))
            return self.render_page(request, form, status=400)
        messages.success(request, _("The draft is saved."))
        return redirect("topics_manage:topic", self.topic.pk)


class _StateChangeView(StaffPermissionMixin, View):
    permission_required = ""

    def get_permission_object(self) -> object | None:
        self.topic = managed_topic(self.request, self.kwargs["pk"], self.permission_required)
        return self.topic

    def change(self, request: HttpRequest) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            self.change(request)
        except services.TopicError as error:
            messages.error(request, str(error))
        return redirect("topics_manage:topic", pk)


class OpenView(_StateChangeView):
    permission_required = OPEN_TOPIC

    def change(self, request: HttpRequest) -> None:
        services.open_topic(topic=self.topic, actor=request.user)
        messages.success(request, _("The topic is open: the public can answer it."))


class CloseView(_StateChangeView):
    permission_required = CLOSE_TOPIC

    def change(self, request: HttpRequest) -> None:
        services.close_topic(topic=self.topic, actor=request.user)
        messages.success(request, _("The topic is closed; its published answers stay on show."))


class ModerateView(StaffPermissionMixin, View):
    """Publish or reject the ticked answers (or the one whose button was pressed)."""

    permission_required = MODERATE_ANSWERS

    def get_permission_object(self) -> object | None:
        self.topic = managed_topic(self.request, self.kwargs["pk"], MODERATE_ANSWERS)
        return self.topic

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        state = _queue_state(request.POST.get("state", ""))
        ids = [int(value) for value in request.POST.getlist("answers") if value.isdigit()]
        form = ModerationForm(request.POST, answer_ids=ids)
        back = reverse("topics_manage:topic", args=[pk])
        back += "?" + urlencode({"state": state, "page": request.POST.get("page", "1")})
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        answers = form.cleaned_data["answers"]
        try:
            if form.cleaned_data["action"] == ModerationForm.PUBLISH:
                done = services.publish_answers(
                    topic=self.topic, actor=request.user, answer_ids=answers
                )
                message = ngettext(
                    "%(count)d answer published.", "%(count)d answers published.", done
                )
            else:
                done = services.reject_answers(
                    topic=self.topic,
                    actor=request.user,
                    answer_ids=answers,
                    reason=form.cleaned_data["reason"],
                )
                message = ngettext(
                    "%(count)d answer rejected.", "%(count)d answers rejected.", done
                )
        except services.TopicError as error:
            messages.error(request, str(error))
            return redirect(back)
        messages.success(request, message % {"count": done})
        skipped = len(answers) - done
        if skipped:
            messages.info(
                request,
                ngettext(
                    "%(count)d answer had been moderated by someone else already.",
                    "%(count)d answers had been moderated by someone else already.",
                    skipped,
                )
                % {"count": skipped},
            )
        return redirect(back)


class WordsView(StaffPermissionMixin, View):
    """The sensitive-word list, one word or phrase a line."""

    permission_required = EDIT_WORDS

    def render_page(self, request: HttpRequest, form: WordsForm, status: int = 200) -> HttpResponse:
        return render(
            request,
            "topics/manage/words.html",
            {"form": form, "count": len(screening.current_words())},
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(
            request, WordsForm(initial={"words": "\n".join(screening.current_words())})
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WordsForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        try:
            words = services.parse_words(form.cleaned_data["words"])
            held = services.set_words(actor=request.user, words=words)
        except services.TopicError as error:
            form.add_error("words", str(error))
            return self.render_page(request, form, status=400)
        messages.success(
            request,
            ngettext(
                "The list is saved: %(count)d word.",
                "The list is saved: %(count)d words.",
                len(words),
            )
            % {"count": len(words)},
        )
        if held:
            messages.info(
                request,
                ngettext(
                    "%(count)d waiting answer now matches the list and is held.",
                    "%(count)d waiting answers now match the list and are held.",
                    held,
                )
                % {"count": held},
            )
        return redirect("topics_manage:words")
