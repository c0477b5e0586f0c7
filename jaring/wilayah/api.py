from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets

from jaring.core.access import HasRole
from jaring.core.roles import ALL_ROLES

from . import selectors
from .models import Branch, Kecamatan, Kelurahan


class BranchRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Branch
        fields = ["id", "slug", "nama"]


class KecamatanSerializer(serializers.ModelSerializer):
    branch = serializers.SerializerMethodField()

    class Meta:
        model = Kecamatan
        fields = ["id", "kode", "nama", "branch"]

    @extend_schema(responses=BranchRefSerializer)
    def get_branch(self, obj) -> dict | None:
        area = getattr(obj, "service_area", None)
        return BranchRefSerializer(area.branch).data if area else None


class KelurahanSerializer(serializers.ModelSerializer):
    kecamatan = serializers.SlugRelatedField(slug_field="kode", read_only=True)
    kecamatan_nama = serializers.CharField(source="kecamatan.nama", read_only=True)

    class Meta:
        model = Kelurahan
        fields = ["id", "kode", "nama", "kode_pos", "kecamatan", "kecamatan_nama"]


class BranchSerializer(serializers.ModelSerializer):
    kecamatan = serializers.SerializerMethodField()

    class Meta:
        model = Branch
        fields = ["id", "slug", "nama", "alamat", "telepon", "kecamatan"]

    def get_kecamatan(self, obj) -> list[str]:
        return [area.kecamatan.kode for area in obj.service_areas.all()]


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [HasRole]
    read_roles = ALL_ROLES


@extend_schema(tags=["wilayah"])
class KecamatanViewSet(ReferenceViewSet):
    """Kecamatan of Jakarta Selatan the caller may see, each with the BPJS branch that serves it."""

    serializer_class = KecamatanSerializer

    def get_queryset(self):
        return selectors.kecamatan_for_user(self.request.user).select_related("service_area__branch").order_by("kode")


@extend_schema(tags=["wilayah"])
class KelurahanViewSet(ReferenceViewSet):
    """Kelurahan the caller may see. ``?q=`` resolves a code or name in any common spelling."""

    serializer_class = KelurahanSerializer

    def get_queryset(self):
        qs = selectors.kelurahan_for_user(self.request.user).order_by("kode")
        query = self.request.query_params.get("q")
        if query:
            from .lookup import KelurahanLookup

            ref = KelurahanLookup.from_db().resolve(query)
            qs = qs.filter(pk=ref.id if ref else None)
        kecamatan = self.request.query_params.get("kecamatan")
        if kecamatan:
            qs = qs.filter(kecamatan__kode=kecamatan)
        return qs


@extend_schema(tags=["wilayah"])
class BranchViewSet(ReferenceViewSet):
    """BPJS Ketenagakerjaan branch offices and the kecamatan each serves."""

    serializer_class = BranchSerializer

    def get_queryset(self):
        return selectors.branches_for_user(self.request.user).prefetch_related("service_areas__kecamatan")
