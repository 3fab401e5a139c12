"""A community worker inspects a building group in a real browser; the star level comes from the rule and the
subdistrict's overview and report sentence follow at once."""
import re
import subprocess

from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait


def wait(browser, condition):
    """Waits for the next page: an element read from the page being left may go stale mid-check."""
    WebDriverWait(browser, 20, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def passing_sentence(browser):
    text = browser.find_element(By.ID, "highlights").text
    match = re.search(r"街道共创建达标星级楼组(\d+)个，达标率(\d+)%。", text)
    assert match, text
    return int(match.group(1))


def test_inspect_a_building_group(server, signed_in):
    browser = signed_in("jiedao")
    before = passing_sentence(browser)

    browser = signed_in("tongxin")
    browser.find_element(By.LINK_TEXT, "星级楼组").click()
    wait(browser, lambda b: b.find_element(By.TAG_NAME, "h1").text == "星级楼组")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")
    below = next(r for r in rows if "未达标" in r.text)
    below.find_element(By.TAG_NAME, "a").click()
    wait(browser, lambda b: b.find_elements(By.ID, "inspect"))
    assert "未达标" in browser.find_element(By.CSS_SELECTOR, "p.lead").text

    # The form (folded under the group's people) starts from today and the signed-in worker; tick every item of 三净三有.
    browser.find_element(By.CSS_SELECTOR, "#inspect summary").click()
    assert browser.find_element(By.NAME, "inspectedOn").get_attribute("value")
    for key in ["groundClean", "wallsClean", "doorsWindowsClean", "hasCulture", "hasActivities", "hasServices"]:
        browser.find_element(By.NAME, key).click()
    browser.find_element(By.CSS_SELECTOR, "#inspect button[type=submit]").click()
    # The saved inspection opens the group again: wait for the new page rather than read the old one.
    wait(browser, lambda b: "★★★★★（达标" in b.find_element(By.CSS_SELECTOR, "p.lead").text)

    browser = signed_in("jiedao")
    assert passing_sentence(browser) == before + 1
    report = subprocess.run([server.binary, "report", "profile"], env=server.env, capture_output=True, text=True, timeout=120)
    assert f"街道共创建达标星级楼组{before + 1}个" in report.stdout, report.stdout + report.stderr
