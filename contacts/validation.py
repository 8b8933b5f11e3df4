"""What Netwerk accepts as a contact's website, e-mail addresses and phone number: one
set of form fields, used by the contact form and by every import, so a value one of
them accepts the other accepts too (and a contact stays editable).

- website: an http or https address (a bare "example.org" becomes https://example.org);
  `javascript:`, `data:`, `ftp:` and the like are refused, so they are never stored,
  rendered as a link or exported.
- e-mail: one address as Django's EmailValidator reads it: an ASCII local part (a
  mail server without SMTPUTF8, which is most of them, cannot deliver to `aïcha@…`),
  the domain may be internationalised. "a@x,b@x" is refused.
- phone: a number the phonenumbers library finds valid, Dutch numbers without +31;
  stored in E.164 (+31612345678), as the model field stores it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

WEBSITE_MAX_LENGTH = 500
EMAIL_MAX_LENGTH = 254

NOT_A_WEB_ADDRESS = _("Enter a web address such as https://example.org (http or https).")
validate_web_address = URLValidator(schemes=["http", "https"], message=NOT_A_WEB_ADDRESS)


def website_field(**options) -> forms.URLField:
    return forms.URLField(
        max_length=WEBSITE_MAX_LENGTH,
        assume_scheme="https",
        validators=[validate_web_address],
        error_messages={"invalid": NOT_A_WEB_ADDRESS},
        **options,
    )


def email_field(**options) -> forms.EmailField:
    return forms.EmailField(max_length=EMAIL_MAX_LENGTH, **options)


def phone_field(**options) -> PhoneNumberField:
    return PhoneNumberField(region="NL", **options)


# Field name -> the form field that decides (also the contact form's fields).
DETAIL_FIELDS = {
    "website": website_field(required=False),
    "email": email_field(required=False),
    "private_email": email_field(required=False),
    "phone": phone_field(required=False),
}

FIELD_NAMES = {
    "website": _("website"),
    "email": _("e-mail address"),
    "private_email": _("private e-mail"),
    "phone": _("phone"),
}


def clean_detail(name: str, value: str) -> str:
    """`value` as Netwerk stores it in contact field `name` ("" for empty); raises
    ValidationError (with the form's message) when the contact form would refuse it."""
    cleaned = DETAIL_FIELDS[name].clean(value)
    if name == "phone":
        return cleaned.as_e164 if cleaned else ""
    return cleaned or ""


def refusal(name: str, value: str) -> str | None:
    """Why the contact form refuses `value` for field `name`, or None when it accepts it."""
    try:
        clean_detail(name, value)
    except ValidationError as error:
        return " ".join(dict.fromkeys(str(message) for message in error.messages))
    return None


def left_out_note(name: str, value: str) -> str:
    """The private note that keeps a value Netwerk would not store (in the member's language)."""
    return str(_("Netwerk left this %(field)s out of the contact because it is not valid: %(value)s")) % {
        "field": FIELD_NAMES[name],
        "value": value,
    }
