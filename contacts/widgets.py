"""Form widgets of the contacts app."""

from django import forms


class IntroducerPicker(forms.Widget):
    """"Introduced by" as a search, not a list of every contact: a search box whose
    results (contacts:introducer_options, htmx) are radio buttons of the same name, each
    with company and position so two people named alike are told apart. The current
    choice and "nobody" are rendered here; the form field still validates the chosen id
    against the member's own contacts."""

    template_name = "contacts/widgets/introducer_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.queryset = None
        self.exclude = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        current = None
        if value not in (None, "") and self.queryset is not None and str(value).isdigit():
            current = self.queryset.filter(pk=int(value)).first()
        context["widget"].update({"current": current, "exclude": self.exclude or ""})
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)
