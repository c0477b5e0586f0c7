from django.urls import path

from . import views

app_name = "coverage"

urlpatterns = [
    path("", views.home, name="home"),
    path("aturan/", views.ruleset_list, name="ruleset_list"),
    path("penyaringan/", views.screening_list, name="screening_list"),
    path("penyaringan/<int:pk>/", views.screening_detail, name="screening_detail"),
    path("penyaringan/<int:pk>/pekerja/", views.screening_workers, name="screening_workers"),
    path("pekerja/<int:pk>/", views.worker_eligibility, name="worker_eligibility"),
    path("alokasi/", views.allocation_list, name="allocation_list"),
    path("alokasi/<int:pk>/", views.allocation_detail, name="allocation_detail"),
    path("alokasi/<int:pk>/<str:decision>/", views.allocation_decide, name="allocation_decide"),
    path("komitmen/<int:pledge_pk>/", views.pledge_coverage, name="pledge_coverage"),
    path("komitmen/<int:pledge_pk>/alokasi/", views.allocation_propose, name="allocation_propose"),
    path("kepesertaan/<int:pk>/ganti/", views.coverage_replace, name="coverage_replace"),
    path("berakhir/", views.ending_list, name="ending_list"),
    path("daftar-tunggu/", views.waiting_list, name="waiting_list"),
    path("simulasi/", views.simulator, name="simulator"),
]
