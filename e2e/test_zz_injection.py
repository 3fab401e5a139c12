"""Markup typed into every text field of a resident and a party member is shown as text on every page that shows
it, and never runs: no element is created from it and no script changes the page.

This file enrols a party member and so changes the demo's figures: its name sorts it after the profile test."""
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

IMG = "<img src=x onerror=document.title='XSS'>"
SCRIPT = "<script>document.title='XSS'</script>"
# 与户主关系 holds at most 10 characters: markup that fits, and would be an element if it were not escaped.
SHORT = "<b>关系</b>"


def assert_inert(browser, where, *payloads):
    assert browser.title != "XSS", f"script ran on {where}"
    browser.implicitly_wait(0)  # looking for what must not be there: do not wait for it to appear
    try:
        assert not browser.find_elements(By.CSS_SELECTOR, "img[src='x']"), f"markup became an element on {where}"
        assert not [s for s in browser.find_elements(By.TAG_NAME, "script") if "XSS" in (s.get_attribute("innerHTML") or "")], where
    finally:
        browser.implicitly_wait(5)
    text = browser.find_element(By.TAG_NAME, "body").text
    for payload in payloads:
        assert payload in text, f"{payload} not shown as text on {where}"


def test_markup_in_every_text_field_stays_text(server, signed_in):
    browser = signed_in("tongxin")
    browser.get(server + "/residents?address=" + urllib.parse.quote("纬五路13号院"))
    browser.find_element(By.CSS_SELECTOR, "table.data tbody tr td a").click()
    resident_url = browser.current_url

    # Every text field of the resident; the validated ones (phone, ID) echo the input in their error messages.
    browser.find_element(By.LINK_TEXT, "修改").click()
    for field, value in [("name", IMG), ("relation", SHORT), ("phone", SCRIPT), ("idNumber", IMG)]:
        box = browser.find_element(By.NAME, field)
        box.clear()
        box.send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    assert browser.find_elements(By.CSS_SELECTOR, ".field-error")
    assert_inert(browser, "the form with errors")
    for field in ["phone", "idNumber"]:
        browser.find_element(By.NAME, field).clear()
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    assert "已保存" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert_inert(browser, "the resident page", IMG, SHORT)

    # The party member's own text field (the resident's name and numbers are reused, not typed again).
    Select(browser.find_element(By.NAME, "category")).select_by_value("inService")
    browser.find_element(By.NAME, "workplace").send_keys(SCRIPT)
    browser.find_element(By.CSS_SELECTOR, "#enrol button[type=submit]").click()
    assert_inert(browser, "the resident page after enrolment", IMG)

    pages = {
        "resident search": "/residents?name=" + urllib.parse.quote("<img"),
        "resident page": resident_url.replace(server, ""),
    }
    browser.get(resident_url)
    browser.find_element(By.LINK_TEXT, "查看本户").click()
    pages["household"] = browser.current_url.replace(server, "")
    for where, path in pages.items():
        browser.get(server + path)
        assert_inert(browser, where, IMG)
    browser.get(server + "/party/members?name=" + urllib.parse.quote("<img"))
    assert_inert(browser, "party members found by name", IMG, SCRIPT)
