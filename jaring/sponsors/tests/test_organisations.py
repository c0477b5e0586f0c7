import pytest
from django.core.exceptions import ValidationError

from jaring.conftest import make_user
from jaring.core.models import AuditEvent
from jaring.core.roles import Role
from jaring.sponsors import services
from jaring.sponsors.models import Invitation, Sponsor

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_sponsor_user(db):
    return make_user(Role.SPONSOR)


def register(user, **extra):
    data = {"type": Sponsor.Type.COMPANY, "legal_name": "PT Baru Peduli", "npwp": "01.312.166.0-091.000"}
    data.update(extra)
    return services.sponsor_register(acting_user=user, **data)


def test_a_sponsor_user_registers_its_organisation_pending_verification(new_sponsor_user):
    sponsor = register(new_sponsor_user, phone="0812-3456-7890")
    assert not sponsor.is_verified
    assert new_sponsor_user.sponsor_membership.sponsor == sponsor
    assert sponsor.npwp == "01.312.166.0-091.000"
    assert sponsor.contacts.get().phone == "+6281234567890"
    assert AuditEvent.objects.filter(object_type="sponsors.Sponsor", object_id=str(sponsor.pk)).exists()


def test_registration_links_an_existing_invitation(users, new_sponsor_user):
    invitation = services.invitation_create(acting_user=users["operator"], organisation_name="PT Baru Peduli")
    sponsor = register(new_sponsor_user)
    invitation.refresh_from_db()
    assert invitation.sponsor == sponsor


@pytest.mark.parametrize(
    ("npwp", "message"),
    [
        ("01.312.166.1-091.000", "angka pemeriksanya tidak cocok"),
        ("12345", "NPWP harus 15 atau 16 angka"),
    ],
)
def test_a_wrong_npwp_is_refused_in_indonesian(new_sponsor_user, npwp, message):
    with pytest.raises(ValidationError) as error:
        register(new_sponsor_user, npwp=npwp)
    assert message in " ".join(error.value.messages)
    assert not Sponsor.objects.filter(legal_name="PT Baru Peduli").exists()


def test_a_wrong_phone_is_refused_in_indonesian(users):
    sponsor = users["sponsor"].sponsor_membership.sponsor
    with pytest.raises(ValidationError) as error:
        services.contact_add(acting_user=users["operator"], sponsor=sponsor, name="Ibu Ani", phone="12")
    assert "Nomor telepon tidak valid" in error.value.message_dict["phone"][0]
    assert not sponsor.contacts.exists()


def test_a_user_already_bound_cannot_register_again(users):
    with pytest.raises(ValidationError):
        register(users["sponsor"])


def test_the_office_verifies_and_it_is_audited(users, new_sponsor_user):
    sponsor = register(new_sponsor_user)
    services.sponsor_verify(acting_user=users["operator"], sponsor=sponsor)
    sponsor.refresh_from_db()
    assert sponsor.is_verified and sponsor.verified_by == users["operator"]
    assert AuditEvent.objects.filter(
        object_type="sponsors.Sponsor", object_id=str(sponsor.pk), action=AuditEvent.Action.TRANSITION
    ).exists()
    with pytest.raises(ValidationError):
        services.sponsor_verify(acting_user=new_sponsor_user, sponsor=sponsor)


def test_outreach_pipeline_with_notes_and_follow_ups(users, fixed_today):
    import datetime

    operator = users["operator"]
    invitation = services.invitation_create(
        acting_user=operator,
        organisation_name="PT Ojek Sejahtera",
        letter_number="e-0012/SE/2025",
        letter_date=datetime.date(2025, 8, 19),
        next_follow_up=datetime.date(2026, 11, 20),
    )
    from jaring.sponsors.selectors import follow_ups_due

    assert list(follow_ups_due(operator, today=fixed_today)) == [invitation]
    services.invitation_update_status(
        acting_user=operator,
        invitation=invitation,
        status=Invitation.Status.FOLLOWED_UP,
        next_follow_up=datetime.date(2026, 12, 5),
        note="Ditelepon, minta proposal",
    )
    assert list(follow_ups_due(operator, today=fixed_today)) == []
    assert invitation.notes.get().text == "Ditelepon, minta proposal"
    services.invitation_update_status(acting_user=operator, invitation=invitation, status=Invitation.Status.DECLINED)
    invitation.refresh_from_db()
    assert invitation.next_follow_up is None
    assert list(follow_ups_due(users["sponsor"], today=datetime.date(2030, 1, 1))) == []
    with pytest.raises(ValidationError):
        services.invitation_create(acting_user=operator, organisation_name="pt ojek  sejahtera")


def test_the_office_records_an_organisation_that_pledged_on_paper(users):
    sponsor = services.sponsor_create(
        acting_user=users["operator"], type=Sponsor.Type.BUMD, legal_name="Perumda Uji", npwp="013121660091000"
    )
    assert sponsor.npwp == "01.312.166.0-091.000" and not sponsor.memberships.exists()
    with pytest.raises(ValidationError) as error:
        services.sponsor_create(acting_user=users["sponsor"], type=Sponsor.Type.BUMD, legal_name="Perumda Lain")
    assert "Hanya administrator atau operator" in str(error.value)
