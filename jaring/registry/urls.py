from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.worker_list, name="worker_list"),
    path("ekspor.xlsx", views.worker_export, name="worker_export"),
    path("pekerja/baru/", views.worker_create, name="worker_create"),
    path("pekerja/<int:pk>/", views.worker_detail, name="worker_detail"),
    path("pekerja/<int:pk>/verifikasi/", views.worker_verify, name="worker_verify"),
    path("pekerja/<int:pk>/penanda/", views.worker_flags, name="worker_flags"),
    path("impor/", views.import_list, name="import_list"),
    path("impor/<int:pk>/", views.import_detail, name="import_detail"),
    path("impor/<int:pk>/masalah.xlsx", views.import_issues_download, name="import_issues"),
    path("impor/<int:pk>/batal/", views.import_cancel, name="import_cancel"),
    path("impor/<int:pk>/ulang/", views.import_restart, name="import_restart"),
    path("templat.xlsx", views.template_download, name="template"),
    path("duplikat/", views.duplicate_list, name="duplicate_list"),
    path("duplikat/<int:pk>/", views.duplicate_detail, name="duplicate_detail"),
]
