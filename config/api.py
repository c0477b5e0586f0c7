"""API v1: every app registers its endpoints here as it lands."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from jaring.accounts import api as accounts_api
from jaring.coverage import api as coverage_api
from jaring.registry import api as registry_api
from jaring.sponsors import api as sponsors_api
from jaring.wilayah import api as wilayah_api

router = DefaultRouter()
router.register("kecamatan", wilayah_api.KecamatanViewSet, basename="kecamatan")
router.register("kelurahan", wilayah_api.KelurahanViewSet, basename="kelurahan")
router.register("cabang", wilayah_api.BranchViewSet, basename="cabang")
router.register("pekerja", registry_api.WorkerViewSet, basename="pekerja")
router.register("impor", registry_api.ImportBatchViewSet, basename="impor")
router.register("pemberi-dana", sponsors_api.SponsorViewSet, basename="pemberi-dana")
router.register("komitmen", sponsors_api.PledgeViewSet, basename="komitmen")
router.register("tagihan", sponsors_api.InvoiceViewSet, basename="tagihan")
router.register("pembayaran", sponsors_api.PaymentViewSet, basename="pembayaran")
router.register("kelayakan", coverage_api.EligibilityViewSet, basename="kelayakan")
router.register("alokasi", coverage_api.AllocationViewSet, basename="alokasi")
router.register("kepesertaan", coverage_api.CoverageViewSet, basename="kepesertaan")
router.register("daftar-tunggu", coverage_api.WaitingListViewSet, basename="daftar-tunggu")
router.register("simulasi", coverage_api.SimulatorViewSet, basename="simulasi")

urlpatterns = [
    path("", include(router.urls)),
    path("me/", accounts_api.me, name="api-me"),
    path("auth/token/", ObtainAuthToken.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
