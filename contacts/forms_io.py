from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File to import"),
        help_text=_(
            "The .zip LinkedIn sends you (Basic_ or Complete_LinkedInDataExport), or its Connections.csv or "
            "Invitations.csv, or a contacts CSV exported from Netwerk; or a vCard file (.vcf) from your phone, "
            "Google Contacts or Outlook; or any CSV with a header line: you then say what its columns hold."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".zip,.csv,.vcf,.vcard,text/csv,text/vcard,text/x-vcard,application/zip"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.NETWERK_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("%(file)s is %(size)s; the limit is %(limit)s.")
                % {"file": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload
