"""Discrepancies in Chromium (issue 21), across three browsers: the IPM flags a seat's extension as a
must-fix (advancing is refused while it is open) and sends the round back; the customer sees it beside
the Extension field, fixes it and resubmits; round 2's changes show exactly that change, answering
the discrepancy, which the IPM resolves; the engineer asks a question on the main menu's key 1; the
customer reads it beside that key, answers in the thread; the engineer resolves it; the customer
reads the planned configuration and signs off, and so does the IPM. axe-core and the Nu Html Checker
check every page (tests/e2e/conftest.py)."""
import re

from playwright.sync_api import expect

from tests.e2e.test_review_journey import _decide, _open, _people, _sign_off


def _raise(page, thing: str, part: str, what: str, kind: str, text: str) -> None:
    """From the round's page: open the part, choose the thing, then the field, the kind and the text."""
    page.locator("summary", has_text=f"{part} (").click()
    page.get_by_role("link", name=f"Raise a discrepancy on {thing}").click()
    page.axe.check()
    page.get_by_label("What it is about").select_option(label=what)
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("What is to change, or the question").fill(text)
    page.get_by_role("button", name="Raise the discrepancy").click()
    expect(page.locator(".flash")).to_contain_text(f"is pinned on {what}")
    page.axe.check()


def _resolve_and_pass(page, project_id: int, label: str, decision: str, expect_reply: str | None = None) -> None:
    """A reviewer opens the discrepancy's thread from the list, resolves it, and moves the package on."""
    page.goto(f"/projects/{project_id}/review/discrepancies")
    page.axe.check()
    page.get_by_role("link", name=f"Open the thread on {label}").click()
    page.axe.check()
    if expect_reply:
        expect(page.locator("#thread")).to_contain_text(expect_reply)
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator(".flash")).to_contain_text("is resolved")
    page.axe.check()
    page.goto(f"/projects/{project_id}/review")
    page.axe.check()
    _decide(page, decision)


def test_a_must_fix_and_a_question_are_raised_fixed_answered_and_resolved(page, new_page, app):
    project_id, customer_email, ipm_email, engineer_email = _people(app, flow=True)
    _open(page, customer_email, project_id)
    page.get_by_label("I read the warnings above").check()
    page.get_by_role("button", name="Submit the package").click()
    expect(page.get_by_role("heading", name="Round 1: Submitted")).to_be_visible()

    ipm = new_page()
    _open(ipm, ipm_email, project_id)
    _decide(ipm, "Start the first review")
    ipm.get_by_role("link", name="round 1", exact=True).click()
    ipm.axe.check()
    _raise(ipm, "Ana Silva", "Seats", "Ana Silva: extension", "Must fix",
           "101 is the old office's operator: doctors take the 120s.")
    ipm.get_by_role("link", name="Back to the review").click()
    ipm.axe.check()
    expect(ipm.locator("#discrepancy-count")).to_contain_text("1 open, of which 1 must be fixed")
    _decide(ipm, "Pass it to the engineering review")
    expect(ipm.locator(".error-summary")).to_contain_text("1 must-fix discrepancy is still open")
    _decide(ipm, "Send it back to the customer with the note")
    expect(ipm.get_by_role("heading", name="Round 1: Changes requested")).to_be_visible()

    page.reload()
    page.get_by_role("link", name="Discrepancies").click()
    page.axe.check()
    page.get_by_role("link", name="Change it where it is kept").click()
    pin = page.locator(".field", has=page.get_by_label("Extension", exact=True)).locator(".pin")
    expect(pin).to_contain_text("Must fix")
    expect(pin).to_contain_text("101 is the old office's operator")
    page.axe.check()
    page.get_by_label("Extension", exact=True).fill("120")
    page.get_by_role("button", name="Save seat").click()
    page.axe.check()
    page.goto(f"/projects/{project_id}/review")
    page.axe.check()
    page.get_by_label("I read the warnings above").check()
    page.get_by_role("button", name="Submit round 2").click()
    expect(page.get_by_role("heading", name="Round 2: First review")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="round 2", exact=True).click()
    changes = page.locator("section", has=page.get_by_role("heading", name="What changed since round 1"))
    expect(changes.get_by_role("listitem").first).to_contain_text("extension: 101 → 120")
    expect(changes).to_contain_text("Answers the must fix on Ana Silva: extension")
    expect(changes.get_by_role("listitem")).to_have_count(2)  # the seat, and its one changed field
    expect(page.locator("#discrepancies")).to_contain_text("changed in this round")
    page.axe.check()

    _resolve_and_pass(ipm, project_id, "Ana Silva: extension", "Pass it to the engineering review")
    expect(ipm.get_by_role("heading", name="Round 2: Engineering review")).to_be_visible()

    engineer = new_page()
    _open(engineer, engineer_email, project_id)
    engineer.get_by_role("link", name="round 2", exact=True).click()
    engineer.axe.check()
    _raise(engineer, "Main menu", "Call flows", "Main menu: key 1", "Question",
           "Should key 1 ring Ana only, or the front desk group?")

    page.goto(f"/projects/{project_id}/call-flows")
    page.axe.check()
    page.get_by_role("link", name="Main menu").first.click()  # the flow from the main number: its outline
    expect(page.locator("#flow-outline .pin")).to_contain_text("Review question on Main menu: key 1")
    page.axe.check()
    page.locator("#flow-outline").get_by_role("link", name="Main menu", exact=True).click()
    key_pin = page.locator(".field", has=page.get_by_label("Key 1", exact=True)).locator(".pin")
    expect(key_pin).to_contain_text("Should key 1 ring Ana only")
    page.axe.check()
    key_pin.get_by_role("link", name="Reply or read the thread").click()
    page.axe.check()
    page.get_by_label("Your reply").fill("Ana only, please.")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator(".flash")).to_contain_text("Your reply is in the thread")
    page.axe.check()

    _resolve_and_pass(engineer, project_id, "Main menu: key 1", "Pass it to the second review",
                      expect_reply="Ana only, please.")
    expect(engineer.get_by_role("heading", name="Round 2: Second review")).to_be_visible()

    page.goto(f"/projects/{project_id}/review")
    page.axe.check()
    page.get_by_role("link", name="The planned configuration of round 2").click()
    expect(page.locator("tr[id^=line-seat-]")).to_have_text([re.compile(r"Ana Silva\s*ana@example.com\s*120")])
    expect(page.get_by_role("link", name="Dispute Ana Silva")).to_be_visible()
    page.axe.check()
    page.get_by_role("link", name="the review page").click()
    page.axe.check()
    _sign_off(page)
    ipm.goto(f"/projects/{project_id}/review")
    ipm.axe.check()
    _sign_off(ipm)
    expect(ipm.get_by_role("heading", name="Round 2: Ready for Configuration")).to_be_visible()
