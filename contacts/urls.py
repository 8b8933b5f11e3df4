from django.urls import path

from . import (
    views,
    views_contact_labels,
    views_duplicates,
    views_introducer,
    views_io,
    views_items,
    views_key_dates,
    views_methods,
    views_sync,
)

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_create, name="create"),
    path("labels-in-bulk/", views.bulk_labels, name="bulk_labels"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
    path("<int:pk>/labels/", views_contact_labels.contact_labels, name="contact_labels"),
    path("<int:pk>/notes/", views_items.note_create, name="note_create"),
    path("<int:pk>/interactions/", views_items.interaction_create, name="interaction_create"),
    path("<int:pk>/interactions/list/", views_items.interaction_list, name="interactions"),
    path("<int:pk>/dates/", views_key_dates.key_date_create, name="key_date_create"),
    path("<int:pk>/ways-to-reach/", views_methods.method_create, name="method_create"),
    path("ways-to-reach/<int:pk>/delete/", views_methods.method_delete, name="method_delete"),
    path("dates/<int:pk>/delete/", views_key_dates.key_date_delete, name="key_date_delete"),
    path("notes/<int:pk>/", views_items.note_detail, name="note_detail"),
    path("notes/<int:pk>/edit/", views_items.note_edit, name="note_edit"),
    path("notes/<int:pk>/delete/", views_items.note_delete, name="note_delete"),
    path("interactions/<int:pk>/", views_items.interaction_detail, name="interaction_detail"),
    path("interactions/<int:pk>/edit/", views_items.interaction_edit, name="interaction_edit"),
    path("interactions/<int:pk>/delete/", views_items.interaction_delete, name="interaction_delete"),
    path("introducers/", views_introducer.introducer_options, name="introducer_options"),
    path("labels/", views.label_list, name="labels"),
    path("labels/<int:pk>/edit/", views.label_edit, name="label_edit"),
    path("labels/<int:pk>/merge/", views.label_merge, name="label_merge"),
    path("labels/<int:pk>/delete/", views.label_delete, name="label_delete"),
    # Duplicates and merges (contacts/views_duplicates.py)
    path("duplicates/", views_duplicates.duplicate_list, name="duplicates"),
    path("duplicates/scan/", views_duplicates.duplicate_scan, name="duplicate_scan"),
    path("duplicates/<int:first>/<int:second>/different/", views_duplicates.not_same_person, name="not_same_person"),
    path("merge/<int:kept>/<int:other>/", views_duplicates.merge_contacts, name="merge"),
    path("merges/", views_duplicates.merge_list, name="merges"),
    path("merges/<int:pk>/undo/", views_duplicates.merge_undo, name="merge_undo"),
    # Import and export (contacts/views_io.py)
    path("import/", views_io.import_upload, name="import"),
    path("import/<int:pk>/", views_io.import_job, name="import_job"),
    path("linkedin-removals/", views_sync.linkedin_removals, name="linkedin_removals"),
    path("linkedin-removals/<int:pk>/tick/", views_sync.linkedin_removal_tick, name="linkedin_removal_tick"),
    path("export/", views_io.export_page, name="export"),
    path("export/contacts.csv", views_io.export_csv, name="export_csv"),
    path("export/contacts.vcf", views_io.export_vcard, name="export_vcard"),
    path("export/account.zip", views_io.export_account, name="export_account"),
]
