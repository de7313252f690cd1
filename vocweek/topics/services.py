"""Writing topics, answers, likes and the sensitive-word list.

An answer is written once per form (the form's token is unique within the topic), so a retried
post lands on the answer already made. It is screened against the sensitive-word list on the way
in: a match is held apart with the words it matched. Only a moderator publishes; publishing and
rejecting are conditional updates of the answers' states, and the topic's count of published
answers moves by the number of rows they changed, so two moderators working the same queue
cannot count an answer twice.

A like adds one to the answer's count, under the answer's row lock, and inserts the device's
like in the same transaction; when the insert shows the device liked it before, both roll back.
"""

import hmac
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from hashlib import sha256

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from vocweek.campaigns.models import Campaign
from vocweek.core import audit, clock
from vocweek.topics import screening
from vocweek.topics.enums import AnswerState, TopicState
from vocweek.topics.models import Answer, Like, SensitiveWord, Topic

NICKNAME_LENGTH = 20
ANSWER_MIN_LENGTH = 2
ANSWER_LENGTH = 500
TITLE_LENGTH = 80
QUESTION_LENGTH = 2000
REASON_LENGTH = 100
WORD_LENGTH = 30
WORDS_MAX = 2000
TOKEN_LENGTH = 32

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    TopicState.DRAFT: {TopicState.OPEN},
    TopicState.OPEN: {TopicState.CLOSED},
    TopicState.CLOSED: {TopicState.OPEN},
}
UNPUBLISHED = (AnswerState.PENDING, AnswerState.HELD)


class TopicError(Exception):
    """A topic action that cannot be done; the message is for the user."""


class TopicBusy(TopicError):
    """The database did not answer in time; the visitor should try again in a moment."""


@dataclass(frozen=True)
class TopicContent:
    title: str
    question: str


@dataclass(frozen=True)
class Submitted:
    """What `submit_answer` did: the answer, and whether this call made it (False: a retry)."""

    answer: Answer
    created: bool


@dataclass(frozen=True)
class Liked:
    """The answer's likes after `like_answer`, and whether this call added one."""

    likes: int
    created: bool


def device_hash(device: str) -> str:
    """The keyed hash a like keeps of the browser's device cookie (never the cookie itself)."""
    key = hmac.new(settings.SECRET_KEY.encode(), b"vocweek.topics.device", sha256).digest()
    return hmac.new(key, device.encode(), sha256).hexdigest()


def _single_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _clean_content(content: TopicContent) -> TopicContent:
    title = _single_line(content.title)
    question = (content.question or "").strip()
    if not title:
        raise TopicError(_("Title: give the topic a title."))
    if len(title) > TITLE_LENGTH:
        raise TopicError(_("Title: at most %(length)d characters.") % {"length": TITLE_LENGTH})
    if not question:
        raise TopicError(_("Question: write the question the public answers."))
    if len(question) > QUESTION_LENGTH:
        raise TopicError(
            _("Question: at most %(length)d characters.") % {"length": QUESTION_LENGTH}
        )
    return TopicContent(title=title, question=question)


# --- Topics --------------------------------------------------------------------------------


def create_topic(*, campaign: Campaign, actor, content: TopicContent) -> Topic:
    """A new topic of the week, saved as a draft for the organiser to open."""
    clean = _clean_content(content)
    topic = Topic.objects.create(
        campaign=campaign, title=clean.title, question=clean.question, created_by=actor
    )
    audit.record(actor=actor, action="topics.create", target=topic, after={"title": topic.title})
    return topic


@transaction.atomic
def update_topic(*, topic: Topic, actor, content: TopicContent) -> Topic:
    """Change a draft's title and question; once open, the public is answering that question."""
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if locked.state != TopicState.DRAFT:
        raise TopicError(_("Only a draft can be changed: the public is answering this question."))
    clean = _clean_content(content)
    before = {"title": locked.title, "question": locked.question}
    locked.title, locked.question = clean.title, clean.question
    locked.save(update_fields=["title", "question", "updated_at"])
    audit.record(
        actor=actor,
        action="topics.update",
        target=locked,
        before=before,
        after={"title": locked.title, "question": locked.question},
    )
    return locked


@transaction.atomic
def _transition(*, topic: Topic, actor, to: str, action: str) -> Topic:
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    if to not in ALLOWED_TRANSITIONS.get(locked.state, set()):
        raise TopicError(
            _("A topic that is %(state)s cannot be made %(target)s.")
            % {"state": locked.get_state_display(), "target": TopicState(to).label}
        )
    before = locked.state
    locked.state = to
    fields = ["state", "updated_at"]
    if to == TopicState.OPEN:
        locked.opened_at = locked.opened_at or clock.now()
        locked.closed_at = None
        fields += ["opened_at", "closed_at"]
    elif to == TopicState.CLOSED:
        locked.closed_at = clock.now()
        fields.append("closed_at")
    locked.save(update_fields=fields)
    audit.record(
        actor=actor, action=action, target=locked, before={"state": before}, after={"state": to}
    )
    return locked


def open_topic(*, topic: Topic, actor) -> Topic:
    """Publish the topic and take answers (also to reopen a closed one)."""
    return _transition(topic=topic, actor=actor, to=TopicState.OPEN, action="topics.open")


def close_topic(*, topic: Topic, actor) -> Topic:
    """Stop taking answers and likes; what was published stays on show."""
    return _transition(topic=topic, actor=actor, to=TopicState.CLOSED, action="topics.close")


# --- Answers -------------------------------------------------------------------------------


def clean_answer(*, nickname: str, text: str) -> tuple[str, str]:
    """The nickname and answer as stored; the message names the field that cannot be taken."""
    name = _single_line(nickname)
    if len(name) > NICKNAME_LENGTH:
        raise TopicError(
            _("Nickname: at most %(length)d characters.") % {"length": NICKNAME_LENGTH}
        )
    body = "\n".join(line.strip() for line in (text or "").strip().splitlines() if line.strip())
    body = unicodedata.normalize("NFC", body)
    if len(body) < ANSWER_MIN_LENGTH:
        raise TopicError(_("Answer: write a few words."))
    if len(body) > ANSWER_LENGTH:
        raise TopicError(
            _("Answer: at most %(length)d characters (now %(count)d).")
            % {"length": ANSWER_LENGTH, "count": len(body)}
        )
    return name or _("Netizen"), body


def submit_answer(
    *, topic_id: int, nickname: str, text: str, token: str, network: str = ""
) -> Submitted:
    """Take an answer into the moderation queue (held apart when it contains a listed word).
    The same form sent again returns the answer it made the first time."""
    name, body = clean_answer(nickname=nickname, text=text)
    token = (token or "").strip()
    if not token or len(token) > TOKEN_LENGTH:
        raise TopicError(_("The form has expired; reload the page and send your answer again."))
    try:
        with transaction.atomic():
            topic = Topic.objects.filter(pk=topic_id).only("state").first()
            if topic is None or topic.state != TopicState.OPEN:
                raise TopicError(_("This topic is not taking answers."))
            words = screening.matched_words(f"{name}\n{body}")
            answer = Answer.objects.create(
                topic_id=topic_id,
                nickname=name,
                text=body,
                token=token,
                state=AnswerState.HELD if words else AnswerState.PENDING,
                held_words="、".join(words)[:200],
                network=network[:50],
                submitted_at=clock.now(),
            )
        return Submitted(answer=answer, created=True)
    except IntegrityError:
        earlier = Answer.objects.filter(topic_id=topic_id, token=token).first()
        if earlier is None:
            raise
        return Submitted(answer=earlier, created=False)
    except OperationalError as error:
        raise TopicBusy(_("Answers are busy; please send yours again in a moment.")) from error


def _answers(topic: Topic, answer_ids: Iterable[int]):
    return Answer.objects.filter(topic=topic, pk__in=list(answer_ids))


@transaction.atomic
def publish_answers(*, topic: Topic, actor, answer_ids: Iterable[int]) -> int:
    """Publish answers waiting in the queue or held; returns how many this call published."""
    ids = list(answer_ids)
    now = clock.now()
    published = (
        _answers(topic, ids)
        .filter(state__in=UNPUBLISHED)
        .update(
            state=AnswerState.PUBLISHED,
            published_at=now,
            moderated_at=now,
            moderated_by=actor,
            rejection_reason="",
        )
    )
    if published:
        Topic.objects.filter(pk=topic.pk).update(answers=F("answers") + published)
        audit.record(
            actor=actor,
            action="topics.publish_answers",
            target=topic,
            after={"answers": sorted(ids), "published": published},
        )
    return published


@transaction.atomic
def reject_answers(*, topic: Topic, actor, answer_ids: Iterable[int], reason: str = "") -> int:
    """Reject answers in the queue, held, or already published (taking them down); returns how
    many this call rejected. The reason is for the moderators' record."""
    ids = list(answer_ids)
    reason = _single_line(reason)
    if len(reason) > REASON_LENGTH:
        raise TopicError(_("Reason: at most %(length)d characters.") % {"length": REASON_LENGTH})
    now = clock.now()
    changes = {
        "state": AnswerState.REJECTED,
        "published_at": None,
        "moderated_at": now,
        "moderated_by": actor,
        "rejection_reason": reason,
    }
    taken_down = _answers(topic, ids).filter(state=AnswerState.PUBLISHED).update(**changes)
    rejected = _answers(topic, ids).filter(state__in=UNPUBLISHED).update(**changes)
    if taken_down:
        Topic.objects.filter(pk=topic.pk).update(answers=F("answers") - taken_down)
    if taken_down or rejected:
        audit.record(
            actor=actor,
            action="topics.reject_answers",
            target=topic,
            after={"answers": sorted(ids), "rejected": rejected + taken_down, "reason": reason},
        )
    return rejected + taken_down


# --- Likes ---------------------------------------------------------------------------------


class _LikedBefore(Exception):
    """Raised inside the like's transaction to roll the count back."""


def like_answer(*, answer_id: int, device: str) -> Liked:
    """One like of a published answer of an open topic per device; a repeat changes nothing."""
    try:
        with transaction.atomic():
            counted = Answer.objects.filter(
                pk=answer_id, state=AnswerState.PUBLISHED, topic__state=TopicState.OPEN
            ).update(likes=F("likes") + 1)
            if not counted:
                raise TopicError(_("This answer cannot be liked now."))
            try:
                with transaction.atomic():
                    Like.objects.create(answer_id=answer_id, device=device, liked_at=clock.now())
            except IntegrityError as repeat:
                raise _LikedBefore from repeat
            likes = Answer.objects.values_list("likes", flat=True).get(pk=answer_id)
        return Liked(likes=likes, created=True)
    except _LikedBefore:
        return Liked(
            likes=Answer.objects.values_list("likes", flat=True).get(pk=answer_id), created=False
        )
    except OperationalError as error:
        raise TopicBusy(_("Likes are busy; please try again in a moment.")) from error


# --- The sensitive-word list ---------------------------------------------------------------


def parse_words(text: str) -> list[str]:
    """One word or phrase a line (commas and 、 also separate); blanks and repeats dropped."""
    words: list[str] = []
    seen: set[str] = set()
    for line_number, line in enumerate((text or "").splitlines(), start=1):
        for part in line.replace("，", ",").replace("、", ",").split(","):
            word = _single_line(part)
            if not word:
                continue
            if len(word) > WORD_LENGTH:
                raise TopicError(
                    _("Line %(line)d: “%(word)s” is longer than %(length)d characters.")
                    % {"line": line_number, "word": word[:40], "length": WORD_LENGTH}
                )
            if not screening.normal_form(word):
                raise TopicError(
                    _("Line %(line)d: “%(word)s” has no letters or digits to look for.")
                    % {"line": line_number, "word": word}
                )
            form = screening.normal_form(word)
            if form not in seen:
                seen.add(form)
                words.append(word)
    if len(words) > WORDS_MAX:
        raise TopicError(_("At most %(count)d words.") % {"count": WORDS_MAX})
    return words


@transaction.atomic
def set_words(*, actor, words: list[str]) -> int:
    """Replace the list; answers still waiting in the queue are screened again, and those that
    now match are held. Returns how many waiting answers were held."""
    before = list(SensitiveWord.objects.values_list("word", flat=True))
    SensitiveWord.objects.exclude(word__in=words).delete()
    kept = set(SensitiveWord.objects.values_list("word", flat=True))
    SensitiveWord.objects.bulk_create(
        [SensitiveWord(word=word, added_by=actor) for word in words if word not in kept]
    )
    transaction.on_commit(screening.forget_words)
    held = 0
    listed = tuple(sorted(words))
    for answer in Answer.objects.filter(state=AnswerState.PENDING).only("nickname", "text"):
        found = screening.matched_words(f"{answer.nickname}\n{answer.text}", listed)
        if found:
            held += Answer.objects.filter(pk=answer.pk, state=AnswerState.PENDING).update(
                state=AnswerState.HELD, held_words="、".join(found)[:200]
            )
    added = sorted(set(words) - set(before))
    removed = sorted(set(before) - set(words))
    if added or removed:
        audit.record(
            actor=actor,
            action="topics.set_words",
            target=SensitiveWord(word="*"),  # the list as a whole
            before={"removed": removed},
            after={"added": added, "count": len(words), "held": held},
        )
    return held
