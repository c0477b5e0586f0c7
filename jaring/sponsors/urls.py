from django.urls import path

from . import views

app_name = "sponsors"

urlpatterns = [
    path("daftar/", views.sponsor_signup, name="sponsor_signup"),
    path("organisasi/", views.sponsor_list, name="sponsor_list"),
    path("organisasi/saya/", views.sponsor_mine, name="sponsor_mine"),
    path("organisasi/daftar/", views.sponsor_register, name="sponsor_register"),
    path("organisasi/<int:pk>/", views.sponsor_detail, name="sponsor_detail"),
    path("organisasi/<int:pk>/verifikasi/", views.sponsor_verify, name="sponsor_verify"),
    path("organisasi/<int:pk>/narahubung/", views.contact_add, name="contact_add"),
    path("organisasi/<int:pk>/akun/", views.membership_add, name="membership_add"),
    path("penjangkauan/", views.invitation_list, name="invitation_list"),
    path("penjangkauan/baru/", views.invitation_create, name="invitation_create"),
    path("penjangkauan/impor/", views.invitation_import, name="invitation_import"),
    path("penjangkauan/<int:pk>/", views.invitation_detail, name="invitation_detail"),
    path("tarif/", views.rate_list, name="rate_list"),
    path("tarif/baru/", views.rate_edit, name="rate_create"),
    path("tarif/<int:pk>/ubah/", views.rate_edit, name="rate_edit"),
    path("tarif/potongan/", views.rate_discount, name="rate_discount"),
    path("komitmen/", views.pledge_list, name="pledge_list"),
    path("komitmen/baru/", views.pledge_create, name="pledge_create"),
    path("komitmen/<int:pk>/", views.pledge_detail, name="pledge_detail"),
    path("komitmen/<int:pk>/ubah/", views.pledge_edit, name="pledge_edit"),
    path("komitmen/<int:pk>/surat.pdf", views.pledge_letter_pdf, name="pledge_letter_pdf"),
    path("komitmen/<int:pk>/piagam.pdf", views.pledge_certificate_pdf, name="pledge_certificate_pdf"),
    path("komitmen/<int:pk>/saldo/", views.pledge_settle, name="pledge_settle"),
    path("komitmen/<int:pk>/<slug:action>/", views.pledge_action, name="pledge_action"),
    path("tagihan/", views.invoice_list, name="invoice_list"),
    path("tagihan/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("tagihan/<int:pk>/tagihan.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("pembayaran/", views.payment_list, name="payment_list"),
    path("pembayaran/<int:pk>/verifikasi/", views.payment_verify, name="payment_verify"),
    path("pembayaran/<int:pk>/bukti/", views.payment_proof, name="payment_proof"),
    path("pembayaran/<int:pk>/kuitansi.pdf", views.payment_receipt_pdf, name="payment_receipt_pdf"),
]
