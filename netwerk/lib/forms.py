"""Form fields that read visitors' numbers safely (see netwerk.lib.numbers)."""

from django import forms
from django.core.exceptions import ValidationError

from .numbers import positive_int


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField for integer keys that refuses a key no database column
    holds before querying: Django's `pk__in` with "9" x 30 raises OverflowError on
    SQLite (a 500), where a wrong key should be the field's "not one of the choices"."""

    def _check_values(self, value):
        for key in value if isinstance(value, (list, tuple, set, frozenset)) else ():
            if positive_int(key) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(key)[:20]}
                )
        return super()._check_values(value)
