from django.urls import path

from . import views

app_name = "wilayah"
urlpatterns = [
    path("", views.kecamatan_list, name="kecamatan_list"),
    path("kelurahan/<int:pk>/", views.kelurahan_detail, name="kelurahan_detail"),
    path("cabang/", views.branch_list, name="branch_list"),
    path("cabang/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("cabang/<int:pk>/ubah/", views.branch_edit, name="branch_edit"),
    path("wilayah-layanan/", views.service_area_edit, name="service_area_edit"),
]
