"""Signing a pledge: numbers without gaps, repeats recognised by the keyed hash, counts exact."""

import pytest

from vocweek.pledges import services
from vocweek.pledges.enums import IdentifierKind
from vocweek.pledges.models import Pledge, PledgeTally, Signature
from vocweek.pledges.tests.factories import make_pledge


@pytest.fixture
def pledge(campaign):
    return make_pledge(campaign)


def sign(pledge, unit, identifier: str, kind=IdentifierKind.STUDENT_NUMBER, name="李明"):
    return services.sign(
        pledge_id=pledge.pk, unit=unit, name=name, kind=kind, identifier=identifier
    )


def test_signers_are_numbered_one_two_three_and_counted_per_school(pledge, tree):
    first = sign(pledge, tree.taiyuan_school, "2021001")
    second = sign(pledge, tree.taiyuan_school, "2021002")
    third = sign(pledge, tree.datong_school, "2021001")  # the same number in another school

    assert [s.signature.number for s in (first, second, third)] == [1, 2, 3]
    assert all(s.created for s in (first, second, third))
    pledge.refresh_from_db()
    assert pledge.signers == 3
    tallies = dict(PledgeTally.objects.values_list("unit__name", "signers"))
    assert tallies == {tree.taiyuan_school.name: 2, tree.datong_school.name: 1}


def test_signing_again_returns_the_first_signature_and_counts_nothing(pledge, tree):
    first = sign(pledge, tree.taiyuan_school, "a2021-001".replace("-", ""))
    again = sign(pledge, tree.taiyuan_school, " A2021001 ", name="李明明")
    by_mobile = sign(pledge, tree.taiyuan_school, "+86 138 1234 5678", kind=IdentifierKind.MOBILE)
    mobile_again = sign(pledge, tree.datong_school, "13812345678", kind=IdentifierKind.MOBILE)

    assert again.created is False and again.signature.pk == first.signature.pk
    assert mobile_again.created is False and mobile_again.signature.pk == by_mobile.signature.pk
    pledge.refresh_from_db()
    assert pledge.signers == 2 == Signature.objects.count()
    assert sorted(Signature.objects.values_list("number", flat=True)) == [1, 2]


def test_the_identifier_itself_is_not_stored(pledge, tree):
    sign(pledge, tree.taiyuan_school, "13812345678", kind=IdentifierKind.MOBILE)

    stored = Signature.objects.values_list("name", "signer_hash", "token").get()
    assert not any("13812345678" in value for value in stored)


def test_a_draft_or_closed_pledge_cannot_be_signed(campaign, tree):
    draft = make_pledge(campaign, open_it=False)
    with pytest.raises(services.PledgeError):
        sign(draft, tree.taiyuan_school, "1")
    open_one = make_pledge(campaign)
    services.close_pledge(pledge=open_one, actor=None)
    with pytest.raises(services.PledgeError):
        sign(open_one, tree.taiyuan_school, "1")
    assert Pledge.objects.get(pk=open_one.pk).signers == 0
