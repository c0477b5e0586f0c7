"""API for sponsors, pledges, invoices and payments, scoped by the same selectors as the pages.

A sponsor's token sees only its own organisation's rows; another sponsor's id answers 404. Writes go through
the services, whose refusals come back as 400 with the same Indonesian messages as the pages.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from jaring.core.access import HasRole, require_office
from jaring.core.roles import OFFICE_ROLES, Role
from jaring.wilayah.models import Kecamatan, Kelurahan

from . import selectors, services
from .models import Invoice, Payment, Pledge, Sector, Sponsor

READ_ROLES = frozenset({Role.LEADERSHIP})
OFFICE_AND_SPONSOR = frozenset(OFFICE_ROLES | {Role.SPONSOR})


def _service(call):
    try:
        return call()
    except DjangoValidationError as error:
        raise ApiValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


_office_only = require_office


class SponsorSerializer(serializers.ModelSerializer):
    kecamatan = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    is_verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Sponsor
        fields = ["id", "type", "legal_name", "npwp", "address", "kecamatan", "is_verified", "verified_at"]


class LedgerSerializer(serializers.Serializer):
    pledged = serializers.IntegerField()
    invoiced = serializers.IntegerField()
    paid = serializers.IntegerField()
    pending = serializers.IntegerField()
    used = serializers.IntegerField()
    balance = serializers.IntegerField()


class PledgeSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    sponsor = serializers.PrimaryKeyRelatedField(read_only=True)
    kecamatan = serializers.SlugRelatedField(
        slug_field="kode", many=True, queryset=Kecamatan.objects.all(), required=False
    )
    kelurahan = serializers.SlugRelatedField(
        slug_field="kode", many=True, queryset=Kelurahan.objects.all(), required=False
    )
    sector = serializers.ChoiceField(choices=Sector.choices, default=Sector.OTHER)
    schedule = serializers.ChoiceField(choices=Pledge.Schedule.choices, default=Pledge.Schedule.UPFRONT)
    ledger = serializers.SerializerMethodField()

    class Meta:
        model = Pledge
        fields = [
            "id",
            "number",
            "sponsor",
            "fund_type",
            "sector",
            "workers",
            "months",
            "start_month",
            "kecamatan",
            "kelurahan",
            "occupations",
            "women_only",
            "priority_note",
            "schedule",
            "status",
            "return_reason",
            "cost",
            "standard_value",
            "submitted_at",
            "decided_at",
            "ledger",
        ]
        read_only_fields = ["status", "return_reason", "cost", "standard_value", "submitted_at", "decided_at"]

    @extend_schema(responses=LedgerSerializer)
    def get_ledger(self, obj) -> dict:
        ledger = selectors.pledge_ledger(obj)
        return {
            "pledged": ledger.pledged,
            "invoiced": ledger.invoiced,
            "paid": ledger.paid,
            "pending": ledger.pending,
            "used": ledger.used,
            "balance": ledger.balance,
        }


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InvoiceSerializer(serializers.ModelSerializer):
    pledge = serializers.PrimaryKeyRelatedField(read_only=True)
    open_amount = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "pledge",
            "period_start",
            "period_end",
            "amount",
            "issued_on",
            "due_date",
            "status",
            "open_amount",
        ]

    def get_open_amount(self, obj) -> int:
        return selectors.invoice_open_amount(obj)


class PaymentSerializer(serializers.ModelSerializer):
    invoice = serializers.PrimaryKeyRelatedField(queryset=Invoice.objects.none())
    proof = serializers.FileField(write_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "invoice",
            "pledge",
            "paid_on",
            "amount",
            "reference",
            "proof",
            "status",
            "verified_at",
            "rejection_reason",
        ]
        read_only_fields = ["pledge", "status", "verified_at", "rejection_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["invoice"].queryset = selectors.invoices_for_user(request.user)


class ScopedViewSet(viewsets.GenericViewSet):
    permission_classes = [HasRole]
    allowed_roles = OFFICE_AND_SPONSOR
    read_roles = READ_ROLES


@extend_schema(tags=["pemberi dana"])
class SponsorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Sponsor organisations: all for the city office and leadership, its own for a sponsor."""

    serializer_class = SponsorSerializer
    allowed_roles = frozenset()
    read_roles = READ_ROLES | OFFICE_AND_SPONSOR

    def get_queryset(self):
        return selectors.sponsors_for_user(self.request.user).select_related("kecamatan").order_by("legal_name")


@extend_schema(tags=["pemberi dana"])
class PledgeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """Pledges (komitmen). A sponsor creates and submits its own; the office approves, returns or cancels."""

    serializer_class = PledgeSerializer

    def get_queryset(self):
        qs = selectors.pledges_for_user(self.request.user).prefetch_related("kecamatan", "kelurahan")
        status_filter = self.request.query_params.get("status")
        return qs.filter(status=status_filter) if status_filter else qs

    def perform_create(self, serializer):
        sponsor = selectors.sponsor_of_user(self.request.user)
        if sponsor is None:
            raise PermissionDenied("Hanya akun pemberi dana yang terhubung ke organisasi yang dapat membuat komitmen.")
        data = dict(serializer.validated_data)
        serializer.instance = _service(
            lambda: services.pledge_create(acting_user=self.request.user, sponsor=sponsor, **data)
        )

    def _transition(self, request, service, *, office=False, reason=False):
        pledge = self.get_object()
        if office:
            _office_only(request)
        kwargs = {}
        if reason:
            body = ReasonSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            kwargs["reason"] = body.validated_data["reason"]
        pledge = _service(lambda: service(acting_user=request.user, pledge=pledge, **kwargs))
        return Response(PledgeSerializer(pledge, context={"request": request}).data)

    @extend_schema(request=None, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, services.pledge_submit)

    @extend_schema(request=None, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, services.pledge_approve, office=True)

    @extend_schema(request=ReasonSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_pledge(self, request, pk=None):
        return self._transition(request, services.pledge_return, office=True, reason=True)

    @extend_schema(request=ReasonSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._transition(request, services.pledge_cancel, reason=True)


@extend_schema(tags=["pemberi dana"])
class InvoiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Invoices (tagihan) of the pledges the caller may see."""

    serializer_class = InvoiceSerializer
    allowed_roles = frozenset()
    read_roles = READ_ROLES | OFFICE_AND_SPONSOR

    def get_queryset(self):
        return selectors.invoices_for_user(self.request.user).order_by("due_date", "number")


@extend_schema(tags=["pemberi dana"])
class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    """Payments with their proof (multipart upload). The office verifies them."""

    serializer_class = PaymentSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return selectors.payments_for_user(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = _service(lambda: services.payment_record(acting_user=self.request.user, **data))

    @extend_schema(request=None, responses=PaymentSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        payment = self.get_object()
        _office_only(request)
        payment = _service(lambda: services.payment_verify(acting_user=request.user, payment=payment))
        return Response(PaymentSerializer(payment, context={"request": request}).data, status=status.HTTP_200_OK)
