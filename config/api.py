"""API v1: every app registers its endpoints here as it lands."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import DefaultRouter

from jaring.accounts import api as accounts_api
from jaring.wilayah import api as wilayah_api

router = DefaultRouter()
router.register("kecamatan", wilayah_api.KecamatanViewSet, basename="kecamatan")
router.register("kelurahan", wilayah_api.KelurahanViewSet, basename="kelurahan")
router.register("cabang", wilayah_api.BranchViewSet, basename="cabang")

urlpatterns = [
    path("", include(router.urls)),
    path("me/", accounts_api.me, name="api-me"),
    path("auth/token/", ObtainAuthToken.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
