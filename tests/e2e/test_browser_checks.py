"""The journeys' own checks catch what they promise to catch: a console error, a CSP
violation, a page that scrolls sideways on a phone, an axe violation."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.e2e


def test_a_csp_violation_is_caught(journey):
    journey.goto(reverse("login"))
    journey.page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.x = 1"; document.body.append(s); }"""
    )
    journey.page.wait_for_function("() => true")
    journey.page.wait_for_timeout(100)
    assert any("script-src" in v for v in journey.watch.csp_violations), journey.watch.csp_violations
    with pytest.raises(AssertionError, match="CSP violation"):
        journey.assert_clean()
    journey.watch.forget()


def test_a_console_error_is_caught(journey):
    journey.goto(reverse("login"))
    journey.page.evaluate("() => console.error('something broke')")
    with pytest.raises(AssertionError, match="something broke"):
        journey.shot("console error")
    journey.watch.forget()


def test_sideways_scrolling_on_a_phone_is_caught(journey):
    journey.goto(reverse("login"))
    journey.assert_no_sideways_scroll_on_a_phone()
    journey.page.evaluate(
        """() => { const d = document.createElement("div"); d.style.width = "900px"; d.textContent = "wide";
                  document.querySelector("main").append(d); }"""
    )
    with pytest.raises(AssertionError, match="scrolls sideways"):
        journey.assert_no_sideways_scroll_on_a_phone()


def test_axe_reports_an_unlabelled_field(journey):
    journey.goto(reverse("login"))
    assert journey.axe_violations() == []
    journey.page.evaluate(
        """() => { const i = document.createElement("input"); i.type = "text"; document.querySelector("form").append(i); }"""
    )
    violations = journey.axe_violations()
    assert "label" in {v["id"] for v in violations}, violations


def test_shots_are_saved_at_both_widths(journey):
    journey.goto(reverse("login"))
    paths = journey.shot("login page")
    assert [p.name for p in paths] == ["01-login-page-desktop.png", "01-login-page-phone.png"]
    assert all(p.stat().st_size > 1000 for p in paths)
