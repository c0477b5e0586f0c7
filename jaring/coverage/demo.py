"""Coverage demo data: the active rule set, one screening, and an approved allocation of the demo sponsor's
approved pledge. Idempotent; creates nothing (and does not fail) while the registry has no workers."""

from __future__ import annotations

from jaring.accounts.models import User
from jaring.registry.models import Worker
from jaring.sponsors.models import Pledge

from . import services
from .models import Allocation, Screening
from .selectors import ruleset_active

DEMO_SPONSOR = "PT Sarana Peduli Pekerja (demo)"


def load_coverage_demo() -> None:
    ruleset_active()
    operator = User.objects.filter(username="operator").first()
    if operator is None or not Worker.objects.exists():
        return
    if not Screening.objects.exists():
        services.screening_run(acting_user=operator)
    pledge = (
        Pledge.objects.filter(sponsor__legal_name=DEMO_SPONSOR, status__in=services.ALLOCATABLE)
        .order_by("created_at")
        .first()
    )
    if pledge is None or Allocation.objects.filter(pledge=pledge).exists():
        return
    allocation = services.allocation_propose(pledge=pledge, acting_user=operator)
    if allocation.proposed_count:
        services.allocation_approve(allocation=allocation, acting_user=operator)
