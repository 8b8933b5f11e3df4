from django.urls import path

from . import views, views_io

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    # Import and export (contacts/views_io.py)
    path("import/", views_io.import_upload, name="import"),
    path("import/<int:pk>/", views_io.import_job, name="import_job"),
    path("export/", views_io.export_page, name="export"),
    path("export/contacts.csv", views_io.export_csv, name="export_csv"),
    path("export/contacts.vcf", views_io.export_vcard, name="export_vcard"),
    path("export/account.zip", views_io.export_account, name="export_account"),
]
