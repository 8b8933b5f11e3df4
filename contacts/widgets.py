"""Form widgets of the contacts app."""

from django import forms

from netwerk.lib.numbers import positive_int


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
        key = positive_int(value)  # a posted value no column holds ("²", 30 nines) is no choice
        if key is not None and self.queryset is not None:
            current = self.queryset.filter(pk=key).first()
        context["widget"].update({"current": current, "exclude": self.exclude or ""})
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)
