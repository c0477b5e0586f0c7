from django.db import transaction

from jaring.core.audit import audit_record, diff, snapshot
from jaring.core.models import AuditEvent

from .models import Branch, Kecamatan, ServiceArea


@transaction.atomic
def service_area_set(*, kecamatan: Kecamatan, branch: Branch, acting_user) -> ServiceArea:
    """Make ``branch`` the office that serves ``kecamatan``; audited. No change, no audit row."""
    area = ServiceArea.objects.select_for_update().filter(kecamatan=kecamatan).first()
    if area is None:
        area = ServiceArea(kecamatan=kecamatan, branch=branch)
        area.full_clean()
        area.save()
        audit_record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=area, after={"branch": branch.pk})
        return area
    if area.branch_id == branch.pk:
        return area
    before = {"branch": area.branch_id, "branch_nama": area.branch.nama}
    area.branch = branch
    area.full_clean()
    area.save()
    audit_record(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        obj=area,
        before=before,
        after={"branch": branch.pk, "branch_nama": branch.nama},
    )
    return area


@transaction.atomic
def branch_update(*, branch: Branch, acting_user, alamat: str, telepon: str) -> Branch:
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    before = snapshot(branch, ["alamat", "telepon"])
    branch.alamat, branch.telepon = alamat.strip(), telepon.strip()
    branch.full_clean()
    branch.save(update_fields=["alamat", "telepon"])
    old, new = diff(before, snapshot(branch, ["alamat", "telepon"]))
    if new:
        audit_record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=branch, before=old, after=new)
    return branch
