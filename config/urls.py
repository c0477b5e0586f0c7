from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from jaring.accounts import views as account_views

urlpatterns = [
    path("", include("jaring.web.urls")),
    path("masuk/", account_views.LoginView.as_view(), name="login"),
    path("keluar/", account_views.LogoutView.as_view(), name="logout"),
    path("akun/", include("jaring.accounts.urls")),
    path("wilayah/", include("jaring.wilayah.urls")),
    path("registri/", include("jaring.registry.urls")),
    path("sponsor/", include("jaring.sponsors.urls")),
    path("cakupan/", include("jaring.coverage.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api")),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
