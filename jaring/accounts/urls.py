from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("token-api/", views.api_token, name="api_token"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/", views.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/kata-sandi/", views.user_reset_password, name="user_reset_password"),
    path("audit/", views.audit_list, name="audit_list"),
]
