"""Coverage API: a worker's eligibility with reasons, allocations, coverages, the waiting list and the simulator.

Scoped by the same selectors as the pages: the office sees everything; leadership reads; a sponsor sees only its
own pledges' coverages with masked names and NIKs; kelurahan and branch officers see their area.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from jaring.core.access import HasRole, require_office
from jaring.core.roles import Role
from jaring.registry.selectors import REGISTRY_ROLES, worker_get_for_user
from jaring.sponsors.models import Pledge, Sector
from jaring.sponsors.selectors import pledge_get_for_user
from jaring.wilayah.models import Kecamatan, Kelurahan

from . import selectors, services
from .models import Allocation, Coverage


def _service(call):
    try:
        return call()
    except DjangoValidationError as error:
        raise ApiValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error))


_office_only = require_office


class MaskedWorkerMixin:
    def _masked(self) -> bool:
        return selectors.masks_personal_data(self.context["request"].user)


class CoverageSerializer(MaskedWorkerMixin, serializers.ModelSerializer):
    nik = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    pledge_number = serializers.CharField(source="pledge.number", read_only=True)
    sponsor = serializers.CharField(source="pledge.sponsor.legal_name", read_only=True)
    kelurahan = serializers.CharField(source="kelurahan.nama", read_only=True)
    kecamatan = serializers.CharField(source="kelurahan.kecamatan.nama", read_only=True)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = Coverage
        fields = [
            "id", "worker", "nik", "name", "pledge", "pledge_number", "sponsor", "allocation", "kelurahan",
            "kecamatan", "first_month", "last_month", "status", "rank", "reasons", "replaces", "end_reason",
        ]  # fmt: skip

    def get_nik(self, obj) -> str:
        return selectors.present_worker(obj.worker, self._masked())["nik"]

    def get_name(self, obj) -> str:
        return selectors.present_worker(obj.worker, self._masked())["name"]

    def get_reasons(self, obj) -> list[str]:
        return [line for line in obj.reasons.splitlines() if line] if not self._masked() else []

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if self._masked():
            data["worker"] = None
        return data


class AllocationSerializer(serializers.ModelSerializer):
    pledge_number = serializers.CharField(source="pledge.number", read_only=True)
    ruleset_version = serializers.IntegerField(source="ruleset.version", read_only=True)
    missing_message = serializers.SerializerMethodField()

    class Meta:
        model = Allocation
        fields = [
            "id", "pledge", "pledge_number", "ruleset_version", "renewal_of", "status", "first_month", "last_month",
            "requested", "proposed_count", "missing", "missing_message", "created_at", "decided_at", "duration_ms",
        ]  # fmt: skip

    def get_missing_message(self, obj) -> str:
        return services.missing_message(obj)


class ProposeSerializer(serializers.Serializer):
    pledge = serializers.IntegerField()
    renewal_of = serializers.IntegerField(required=False, allow_null=True)


class ReplaceSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
    from_month = serializers.DateField(required=False, allow_null=True)


class RuleResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    passed = serializers.BooleanField()
    text = serializers.CharField()


class EligibilitySerializer(serializers.Serializer):
    worker = serializers.IntegerField()
    nik = serializers.CharField()
    name = serializers.CharField()
    eligible = serializers.BooleanField()
    ruleset_version = serializers.IntegerField()
    first_month = serializers.DateField()
    last_month = serializers.DateField()
    reasons = serializers.ListField(child=serializers.CharField())
    rules = RuleResultSerializer(many=True)


class WaitingRowSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    worker = serializers.IntegerField(allow_null=True)
    nik = serializers.CharField()
    name = serializers.CharField()
    kelurahan = serializers.IntegerField()
    decile = serializers.IntegerField()


class WaitingListSerializer(serializers.Serializer):
    per_kelurahan = serializers.ListField(child=serializers.DictField())
    workers = WaitingRowSerializer(many=True)


class SimulationResultSerializer(serializers.Serializer):
    workers = serializers.IntegerField()
    per_worker = serializers.IntegerField()
    amount = serializers.IntegerField()
    pool = serializers.IntegerField()
    missing = serializers.IntegerField()
    leftover = serializers.IntegerField()
    first_month = serializers.DateField()
    last_month = serializers.DateField()
    per_kecamatan = serializers.ListField(child=serializers.DictField())


class ScopedViewSet(viewsets.GenericViewSet):
    permission_classes = [HasRole]


@extend_schema(tags=["kepesertaan"])
class EligibilityViewSet(ScopedViewSet):
    """``GET /kelayakan/<worker id>/?bulan=YYYY-MM-01&jumlah_bulan=12``: every rule with a readable reason."""

    allowed_roles = frozenset(REGISTRY_ROLES)
    serializer_class = EligibilitySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="id pekerja"),
            OpenApiParameter("bulan", str, description="bulan pertama, YYYY-MM-01 (bawaan: bulan depan)"),
            OpenApiParameter("jumlah_bulan", int, description="jumlah bulan (bawaan 12)"),
        ],
        responses=EligibilitySerializer,
    )
    def retrieve(self, request, pk=None):
        worker = worker_get_for_user(request.user, pk)
        period = None
        if request.query_params.get("bulan"):
            try:
                first = datetime.date.fromisoformat(request.query_params["bulan"])
                months = int(request.query_params.get("jumlah_bulan", "12"))
            except ValueError:
                raise ApiValidationError({"bulan": "Gunakan format YYYY-MM-01 dan jumlah_bulan berupa angka."})
            period = selectors.Period.of(first, min(max(months, 1), 60))
        explanation = selectors.explain_worker(worker, period=period)
        masked = selectors.masks_personal_data(request.user)
        return Response(
            {
                "worker": worker.pk,
                **selectors.present_worker(worker, masked),
                "eligible": explanation.eligible,
                "ruleset_version": explanation.ruleset.version,
                "first_month": explanation.period.first_month,
                "last_month": explanation.period.last_month,
                "reasons": explanation.reasons,
                "rules": [
                    {"code": r.code, "title": r.title, "passed": r.passed, "text": r.text} for r in explanation.results
                ],
            }
        )


@extend_schema(tags=["kepesertaan"])
class AllocationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Allocations (office and leadership; a sponsor its own). ``POST`` with ``pledge`` proposes; ``approve`` and
    ``discard`` decide (office only)."""

    serializer_class = AllocationSerializer
    allowed_roles = frozenset({Role.ADMIN, Role.OPERATOR, Role.SPONSOR})
    read_roles = frozenset({Role.LEADERSHIP})

    def get_queryset(self):
        return selectors.allocations_for_user(self.request.user)

    @extend_schema(request=ProposeSerializer, responses=AllocationSerializer)
    def create(self, request):
        _office_only(request)
        body = ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        pledge = pledge_get_for_user(request.user, body.validated_data["pledge"])
        renewal_of = None
        if body.validated_data.get("renewal_of"):
            renewal_of = pledge_get_for_user(request.user, body.validated_data["renewal_of"])
        allocation = _service(
            lambda: services.allocation_propose(pledge=pledge, acting_user=request.user, renewal_of=renewal_of)
        )
        return Response(AllocationSerializer(allocation).data, status=201)

    @extend_schema(responses=CoverageSerializer(many=True))
    @action(detail=True, methods=["get"])
    def coverages(self, request, pk=None):
        allocation = self.get_object()
        queryset = selectors.coverages_for_user(request.user).filter(allocation=allocation).order_by("rank")
        page = self.paginate_queryset(queryset)
        data = CoverageSerializer(page if page is not None else queryset, many=True, context={"request": request}).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def _decide(self, request, service):
        _office_only(request)
        allocation = self.get_object()
        allocation = _service(lambda: service(allocation=allocation, acting_user=request.user))
        return Response(AllocationSerializer(allocation).data)

    @extend_schema(request=None, responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, services.allocation_approve)

    @extend_schema(request=None, responses=AllocationSerializer)
    @action(detail=True, methods=["post"])
    def discard(self, request, pk=None):
        return self._decide(request, services.allocation_discard)


@extend_schema(tags=["kepesertaan"])
class CoverageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Coverages the caller may see; filters ``komitmen`` (pledge id), ``status``, ``berakhir_dalam`` (days)."""

    serializer_class = CoverageSerializer
    allowed_roles = frozenset({Role.ADMIN, Role.OPERATOR})
    read_roles = frozenset({Role.LEADERSHIP, Role.SPONSOR, Role.BRANCH_OFFICER, Role.KELURAHAN_OFFICER})

    def get_queryset(self):
        params = self.request.query_params
        if params.get("berakhir_dalam", "").isdigit():
            queryset = selectors.coverages_ending(self.request.user, within_days=int(params["berakhir_dalam"]))
        else:
            queryset = selectors.coverages_for_user(self.request.user).order_by("pledge_id", "rank")
        if params.get("komitmen", "").isdigit():
            queryset = queryset.filter(pledge_id=int(params["komitmen"]))
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        return queryset

    @extend_schema(request=ReplaceSerializer, responses=CoverageSerializer)
    @action(detail=True, methods=["post"])
    def replace(self, request, pk=None):
        _office_only(request)
        coverage = self.get_object()
        body = ReplaceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        replacement = _service(
            lambda: services.coverage_replace(
                coverage=coverage,
                reason=body.validated_data["reason"],
                from_month=body.validated_data.get("from_month"),
                acting_user=request.user,
            )
        )
        if replacement is None:
            return Response({"detail": "Tidak ada pekerja pengganti yang memenuhi syarat untuk sisa bulan."})
        return Response(CoverageSerializer(replacement, context={"request": request}).data, status=201)


@extend_schema(tags=["kepesertaan"])
class WaitingListViewSet(ScopedViewSet):
    """Eligible workers not yet funded: counts per kelurahan and the first ``jumlah`` (max 500) in priority order."""

    allowed_roles = frozenset(selectors.COVERAGE_ROLES)
    serializer_class = WaitingListSerializer

    @extend_schema(
        parameters=[OpenApiParameter("jumlah", int), OpenApiParameter("kelurahan", int)],
        responses=WaitingListSerializer,
    )
    def list(self, request):
        limit = min(int(request.query_params.get("jumlah", "100") or 100), 500)
        kelurahan = request.query_params.get("kelurahan", "")
        page = selectors.waiting_page(
            request.user, kelurahan_id=int(kelurahan) if kelurahan.isdigit() else None, limit=limit
        )
        masked = selectors.masks_personal_data(request.user)
        rows = [
            {"position": i + 1, "worker": None if masked else w.pk, **selectors.present_worker(w, masked),
             "kelurahan": w.kelurahan_id, "decile": w.decile}
            for i, w in enumerate(page.workers)
        ]  # fmt: skip
        return Response({"per_kelurahan": page.counts, "workers": rows})


class SimulatorSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1)
    months = serializers.IntegerField(min_value=1, max_value=60)
    first_month = serializers.DateField(required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, default=Sector.OTHER)
    fund_type = serializers.ChoiceField(choices=Pledge.FundType.choices, default="csr")
    kecamatan = serializers.PrimaryKeyRelatedField(queryset=Kecamatan.objects.all(), many=True, required=False)
    kelurahan = serializers.PrimaryKeyRelatedField(queryset=Kelurahan.objects.all(), many=True, required=False)
    occupations = serializers.CharField(required=False, allow_blank=True, default="")
    women_only = serializers.BooleanField(required=False, default=False)


@extend_schema(tags=["kepesertaan"])
class SimulatorViewSet(ScopedViewSet):
    """``POST`` an amount, months and preferences: how many workers it protects and the change per kecamatan."""

    allowed_roles = frozenset({Role.ADMIN, Role.OPERATOR, Role.LEADERSHIP})
    serializer_class = SimulatorSerializer

    @extend_schema(request=SimulatorSerializer, responses=SimulationResultSerializer)
    def create(self, request):
        body = SimulatorSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            result = selectors.simulate(**data)
        except selectors.RateMissing as missing:
            raise ApiValidationError({"first_month": f"Tabel tarif belum memuat {missing.month:%m/%Y}."})
        return Response(
            {
                "workers": result.workers,
                "per_worker": result.per_worker,
                "amount": result.amount,
                "pool": result.pool,
                "missing": result.missing,
                "leftover": result.leftover,
                "first_month": result.period.first_month,
                "last_month": result.period.last_month,
                "per_kecamatan": result.per_kecamatan,
            }
        )
