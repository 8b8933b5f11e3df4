"""Steps a member takes, for the journey tests to compose.

Selectors use URLs and field names, never visible text, so a step works in Dutch and in
English. Each step leaves the page where a member would expect it; the test decides
where to take a screenshot (`journey.shot`) and where to run axe (`journey.axe`).
Journeys (tests/e2e/test_*_journey*.py) use these steps: `go_to(journey, "<url name>")`
through the menu, `follow(journey, href)` for a link in the page, fill by field name,
submit, assert on the URL or on an id / `data-*` hook; `mark_page` + `assert_same_page`
prove an htmx step changed the page in place.
"""

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

PASSWORD = "correct horse battery staple"


def submit(journey, form_selector: str = "main form") -> None:
    """Submit a form with its own submit button and wait for the next page."""
    with journey.page.expect_navigation():
        journey.page.locator(form_selector).locator("button[type=submit]").first.click()


def open_menu_if_collapsed(journey) -> None:
    toggler = journey.page.locator("button.navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(journey.page.locator("#mainnav")).to_be_visible()


def go_to(journey, url_name: str, **kwargs) -> None:
    """Follow the main navigation to a page, as a member would (the menu folds on a phone)."""
    href = reverse(url_name, kwargs=kwargs or None)
    open_menu_if_collapsed(journey)
    with journey.page.expect_navigation():
        journey.page.locator(f"#mainnav a[href='{href}']").click()
    expect(journey.page).to_have_url(re.compile(re.escape(href) + r"(\?.*)?$"))


def sign_up(journey, *, username: str, email: str, password: str = PASSWORD) -> None:
    """Give the address, open the link from the mail, fill in the account (not submitted)."""
    journey.goto(reverse("accounts:signup"))
    page = journey.page
    page.locator("[name=email]").fill(email)
    submit(journey)
    expect(page).to_have_url(journey.url(reverse("accounts:signup_sent")))
    [message] = [m for m in mail.outbox if m.to == [email]]
    link = re.search(r"https?://\S+?(/account/signup/finish/[^/\s]+/)", message.body).group(1)
    journey.goto(link)
    page.locator("[name=username]").fill(username)
    page.locator("[name=password1]").fill(password)
    page.locator("[name=password2]").fill(password)


def log_in(journey, username: str, password: str = PASSWORD) -> None:
    journey.goto(reverse("login"))
    journey.page.locator("[name=username]").fill(username)
    journey.page.locator("[name=password]").fill(password)
    submit(journey)
    expect(journey.page).to_have_url(journey.url(reverse("dashboard")))


def log_out(journey) -> None:
    open_menu_if_collapsed(journey)
    with journey.page.expect_navigation():
        journey.page.locator(f"form[action='{reverse('logout')}'] button[type=submit]").click()
    expect(journey.page).to_have_url(re.compile(re.escape(reverse("login"))))


def page_language(journey) -> str:
    return journey.page.locator("html").get_attribute("lang")


def switch_language_in_footer(journey, code: str) -> None:
    form = journey.page.locator(f"footer form[action='{reverse('switch_language')}']")
    form.locator("select[name=language]").select_option(code)
    with journey.page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(journey.page.locator("html")).to_have_attribute("lang", code)


def save_settings(journey, **fields) -> None:
    """On the settings page, set profile fields by name (`language="en"`) and save."""
    for name, value in fields.items():
        field = journey.page.locator(f"[name='profile-{name}']")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(str(value))
        elif field.get_attribute("type") == "checkbox":
            field.set_checked(bool(value))
        else:
            field.fill(str(value))
    submit(journey, "main form")
    expect(journey.page.locator(".alert-success")).to_be_visible()


def request_password_reset(journey, email: str) -> None:
    journey.goto(reverse("password_reset"))
    journey.page.locator("[name=email]").fill(email)


def link_in(message, path_prefix: str) -> str:
    """The first link in an e-mail's text part whose path starts with `path_prefix`."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^\s]+" + re.escape(path_prefix) + r"[^\s]*", body)
    assert match, f"no link to {path_prefix} in:\n{body}"
    return match.group(0)


def mark_page(journey) -> None:
    """Leave a mark on the window; `assert_same_page` proves htmx swapped in place (a page
    load would wipe the mark)."""
    journey.page.evaluate("() => { window.__netwerkSamePage = true; }")


def assert_same_page(journey) -> None:
    assert journey.page.evaluate("() => window.__netwerkSamePage === true"), "the page was reloaded"


def follow(journey, href: str) -> None:
    """Click the link to `href` in the page's main content and wait for the next page."""
    with journey.page.expect_navigation():
        journey.page.locator(f"main a[href='{href}']").first.click()
    expect(journey.page).to_have_url(re.compile(re.escape(href) + r"(\?.*)?(#.*)?$"))


def upload_linkedin_export(journey, filename: str, content: bytes, mime_type: str = "text/csv"):
    """On the import page, choose a file and press Import; returns the answer."""
    journey.page.locator("main form [name=file]").set_input_files(
        files=[{"name": filename, "mimeType": mime_type, "buffer": content}]
    )
    with journey.page.expect_navigation() as navigation:
        journey.page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    return navigation.value
