"""A community worker records in a real browser that a party member has retired; the subdistrict's profile
paragraph follows at once. (Runs after the tests that read the article's own figures.)"""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_modules import wait


def party_counts(browser):
    text = browser.find_element(By.ID, "profile").text
    match = re.search(r"其中在职党员(\d+)人，离退休党员(\d+)人", text)
    assert match, text
    return int(match.group(1)), int(match.group(2))


def test_a_party_member_retires(server, signed_in):
    in_service, retired = party_counts(signed_in("jiedao"))

    browser = signed_in("tongxin")
    browser.get(server + "/party/members?category=inService")
    browser.find_element(By.CSS_SELECTOR, "table.data tbody tr td a").click()
    wait(browser, lambda b: b.find_elements(By.ID, "edit"))
    assert not browser.find_elements(By.CSS_SELECTOR, "#edit .alert"), "no alert before anything was sent"
    Select(browser.find_element(By.NAME, "category")).select_by_visible_text("离退休党员")
    browser.find_element(By.NAME, "joinedOn").clear()
    browser.find_element(By.NAME, "joinedOn").send_keys("1980-02-30")
    browser.find_element(By.CSS_SELECTOR, "#edit button[type=submit]").click()
    wait(browser, lambda b: "不是有效日期" in b.find_element(By.CSS_SELECTOR, "#edit .field-error").text)

    browser.find_element(By.NAME, "joinedOn").clear()
    browser.find_element(By.NAME, "joinedOn").send_keys("1980-02-01")
    browser.find_element(By.CSS_SELECTOR, "#edit button[type=submit]").click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "p.notice"))
    assert "离退休党员" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text

    assert party_counts(signed_in("jiedao")) == (in_service - 1, retired + 1)
