"""Registry API: worker search and read (scoped and masked like the pages), worker creation and verification for
kelurahan officers and the office, and import upload with status and outcome."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from jaring.core.access import HasRole
from jaring.core.audit import personal_data_accessed
from jaring.core.roles import Role

from . import selectors, services
from .forms import ImportUploadForm, WorkerFilterForm, WorkerForm
from .models import ImportBatch, ImportIssue, Worker
from .nik import mask_name, mask_nik


class WorkerSerializer(serializers.ModelSerializer):
    nik = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    kelurahan = serializers.CharField(source="kelurahan.kode", read_only=True)
    kelurahan_nama = serializers.CharField(source="kelurahan.nama", read_only=True)
    kecamatan_nama = serializers.CharField(source="kelurahan.kecamatan.nama", read_only=True)
    masked = serializers.SerializerMethodField()

    class Meta:
        model = Worker
        fields = [
            "id", "nik", "name", "masked", "sex", "kelurahan", "kelurahan_nama", "kecamatan_nama", "occupation",
            "p3ke_decile", "dtks_decile", "in_dtks", "dtsen_decile", "bpjs_active", "apbd_funded", "deceased",
            "verification", "review_reasons", "merged_into",
        ]  # fmt: skip

    def _masked(self) -> bool:
        return not selectors.sees_personal_data(self.context["request"].user)

    def get_masked(self, obj) -> bool:
        return self._masked()

    def get_nik(self, obj) -> str:
        return mask_nik(obj.nik) if self._masked() else obj.nik

    def get_name(self, obj) -> str:
        return mask_name(obj.name) if self._masked() else obj.name


class WorkerDetailSerializer(WorkerSerializer):
    birth_date = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta(WorkerSerializer.Meta):
        fields = WorkerSerializer.Meta.fields + ["birth_date", "address", "rt", "rw", "phone", "kk"]

    def get_birth_date(self, obj) -> str | None:
        return None if self._masked() or not obj.birth_date else obj.birth_date.isoformat()

    def get_address(self, obj) -> str:
        return "" if self._masked() else obj.address

    def get_phone(self, obj) -> str:
        return "" if self._masked() else obj.phone

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if self._masked():
            data["kk"], data["rt"], data["rw"] = "", "", ""
        return data


@extend_schema(tags=["registri"])
class WorkerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Workers the caller may see. List filters as on the page: ``q`` (NIK or start of a name), ``kecamatan``,
    ``kelurahan`` (ids), ``desil_p3ke``, ``desil_dtsen``, ``sumber``, ``pekerjaan``, ``verifikasi``; paging by
    ``setelah`` (the last NIK of the previous page)."""

    permission_classes = [HasRole]
    read_roles = frozenset(selectors.REGISTRY_ROLES)
    allowed_roles = frozenset({Role.ADMIN, Role.OPERATOR, Role.KELURAHAN_OFFICER})
    pagination_class = None

    def get_queryset(self):
        return selectors.workers_for_user(self.request.user).select_related("kelurahan__kecamatan")

    def get_serializer_class(self):
        return WorkerDetailSerializer if self.action == "retrieve" else WorkerSerializer

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("setelah", str)])
    def list(self, request):
        form = WorkerFilterForm(request.query_params or None)
        if request.query_params and not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        data = form.cleaned_data if request.query_params else {}
        page = selectors.worker_page(
            selectors.worker_filter(self.get_queryset(), data), after=request.query_params.get("setelah", "")[:16]
        )
        if page["rows"] and selectors.sees_personal_data(request.user):
            personal_data_accessed(actor=request.user, object_type="registry.Worker", object_label="API daftar")
        return Response(
            {
                "results": WorkerSerializer(page["rows"], many=True, context={"request": request}).data,
                "next_after": page["last"] if page["has_next"] else None,
            }
        )

    def retrieve(self, request, pk=None):
        worker = selectors.worker_get_for_user(request.user, pk)
        if selectors.sees_personal_data(request.user):
            personal_data_accessed(actor=request.user, obj=worker, note="API")
        return Response(WorkerDetailSerializer(worker, context={"request": request}).data)

    @extend_schema(request=None, responses=WorkerDetailSerializer)
    def create(self, request):
        """Add a worker (kelurahan officers: in their own kelurahan). Same validation as the page."""
        form = WorkerForm(request.data, user=request.user)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        fields = form.worker_fields()
        try:
            worker = services.worker_create(
                acting_user=request.user,
                nik=fields.pop("nik"),
                name=fields.pop("name"),
                kelurahan=fields.pop("kelurahan"),
                **fields,
            )
        except DjangoValidationError as error:
            return Response(error.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            WorkerDetailSerializer(worker, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses=WorkerDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Mark the worker verified against the KTP/KK."""
        worker = selectors.worker_get_for_user(request.user, pk)
        worker = services.worker_verify(acting_user=request.user, worker=worker, note=str(request.data.get("note", "")))
        return Response(WorkerDetailSerializer(worker, context={"request": request}).data)


class ImportBatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportBatch
        fields = [
            "id", "source", "file_name", "sha256", "seen_before", "status", "phase", "progress", "error",
            "created_at", "started_at", "finished_at", "total_rows", "created_count", "updated_count",
            "unchanged_count", "rejected_count", "flagged_count", "duration_ms",
        ]  # fmt: skip
        read_only_fields = fields


class ImportIssueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportIssue
        fields = ["row_number", "outcome", "nik", "codes", "reasons", "original"]


@extend_schema(tags=["registri"])
class ImportBatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Imports: upload a file (multipart ``source`` + ``file``), then poll the batch for status and counts."""

    permission_classes = [HasRole]
    allowed_roles = frozenset({Role.ADMIN, Role.OPERATOR})
    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.import_batches_for_user(self.request.user)

    @extend_schema(request=None, responses={202: ImportBatchSerializer})
    def create(self, request):
        form = ImportUploadForm(request.data, request.FILES)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_batch_create(
                uploaded_by=request.user, source=form.cleaned_data["source"], file_name=upload.name, data=upload.read()
            )
        except DjangoValidationError as error:
            return Response({"file": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        batch.refresh_from_db()
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=ImportIssueSerializer(many=True))
    @action(detail=True)
    def issues(self, request, pk=None):
        """Rejected and flagged rows with reasons and original values (first 1,000)."""
        batch = selectors.import_batch_get_for_user(request.user, pk)
        personal_data_accessed(actor=request.user, obj=batch, note="API baris bermasalah")
        return Response(ImportIssueSerializer(selectors.import_issues(batch, limit=1000), many=True).data)
