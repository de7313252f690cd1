"""The public's list of what to take part in: pledges, voting, topics and works collections."""

import pytest
from django.urls import reverse

from vocweek.campaigns.services import make_current
from vocweek.pledges.tests.factories import make_pledge
from vocweek.topics.tests.factories import make_topic


@pytest.fixture
def current(campaign):
    make_current(campaign=campaign, actor=None)
    return campaign


def test_the_open_pledge_and_topic_are_listed_with_where_they_stand(client, current):
    pledge = make_pledge(current, title="职校学生技能成才承诺书")
    make_topic(current, title="我心中的大国工匠")
    make_topic(current, title="还在草稿的话题", open_it=False)

    page = client.get(reverse("portal:take_part")).content.decode()

    assert "职校学生技能成才承诺书" in page
    assert reverse("pledges:pledge", args=[pledge.pk]) in page
    assert "我心中的大国工匠" in page
    assert "还在草稿的话题" not in page


def test_the_home_page_leads_to_taking_part(client, current):
    make_topic(current, title="我心中的大国工匠")

    home = client.get(reverse("portal:home")).content.decode()

    assert reverse("portal:take_part") in home
    assert "我心中的大国工匠" in home
