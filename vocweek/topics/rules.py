"""Who may do what with interactive topics, built on the unit predicates of `orgs.rules`.

The organiser's administrators write, open and close the topics of the campaigns their unit
organises and keep the sensitive-word list; they and the provincial reviewers moderate the
answers. Permissions on one topic are asked of a `Topic`.
"""

import rules

from vocweek.orgs.models import membership_of
from vocweek.orgs.rules import is_organiser_admin, is_province_reviewer
from vocweek.topics.enums import TopicState


@rules.predicate
def organises_topic(user, topic) -> bool:
    """The topic's campaign is organised by the user's unit or a unit below it."""
    membership = membership_of(user)
    return (
        membership is not None
        and topic is not None
        and membership.unit.contains(topic.campaign.organiser)
    )


@rules.predicate
def is_draft(user, topic) -> bool:
    return topic is not None and topic.state == TopicState.DRAFT


@rules.predicate
def is_open(user, topic) -> bool:
    return topic is not None and topic.state == TopicState.OPEN


is_moderator = is_organiser_admin | is_province_reviewer

# The menu item and the list of topics with their queues.
rules.add_perm("topics.moderate_topics", is_moderator)
rules.add_perm("topics.view_topic", is_moderator & organises_topic)
rules.add_perm("topics.moderate_answers", is_moderator & organises_topic)
# Writing topics and the word list: the organiser's administrators.
rules.add_perm("topics.manage_topics", is_organiser_admin)
rules.add_perm("topics.change_topic", is_organiser_admin & organises_topic & is_draft)
rules.add_perm("topics.open_topic", is_organiser_admin & organises_topic & ~is_open)
rules.add_perm("topics.close_topic", is_organiser_admin & organises_topic & is_open)
rules.add_perm("topics.edit_sensitive_words", is_organiser_admin)
