"""A census in the browser: the census office opens a campaign on a desktop (areas proposed from the registry, an
enumerator appointed to an area, the list drawn), then the enumerator works their day on a phone at 390 px — a
household registered in one tap, another given an evening appointment in one more."""
import datetime

from pages import query, notice
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def confirm_and_click(browser, selector):
    """Buttons that ask first (`data-confirm`): the dialog is answered yes."""
    browser.execute_script("window.confirm = () => true;")
    browser.find_element(By.CSS_SELECTOR, selector).click()


def fits(browser, width=390):
    return browser.execute_script("return document.documentElement.scrollWidth") <= width


def test_an_enumerators_day_on_a_phone(server, browser, signed_in):
    browser.set_window_size(1366, 1000)
    signed_in("puchaban")
    today = datetime.date.today()
    day = lambda n: (today + datetime.timedelta(days=n)).isoformat()
    browser.get(server + "/census")
    browser.find_element(By.CSS_SELECTOR, "#new summary").click()
    Select(browser.find_element(By.ID, "picker-kind")).select_by_value("sampleSurvey")
    browser.find_element(By.NAME, "name").send_keys("浏览器测试抽样调查")
    browser.find_element(By.NAME, "standardTime").send_keys(day(0))
    for stage, first, last in [("canvass", -10, -1), ("shortForm", 0, 30), ("longForm", 0, 30), ("review", 31, 40)]:
        browser.find_element(By.NAME, f"{stage}From").send_keys(day(first))
        browser.find_element(By.NAME, f"{stage}To").send_keys(day(last))
    browser.find_element(By.CSS_SELECTOR, "#new button[type=submit]").click()
    assert "已建立" in notice(browser)
    campaign = query(server, "SELECT MAX(id) FROM census_campaigns")[0][0]

    # Areas from the registry, then the demo enumerator appointed and given the first area.
    browser.get(f"{server}/census/{campaign}/areas")
    confirm_and_click(browser, "form[action$='/areas/propose'] button")
    assert "每户属于且只属于一个普查小区" in notice(browser)
    browser.get(f"{server}/census/{campaign}")
    browser.find_element(By.NAME, "username").send_keys("pucha")
    Select(browser.find_element(By.ID, "picker-kind")).select_by_value("enumerator")
    browser.find_element(By.CSS_SELECTOR, "form[action$='/members'] button").click()
    assert "已选派演示普查员为普查员" in notice(browser)
    browser.get(f"{server}/census/{campaign}/areas")
    browser.find_element(By.CSS_SELECTOR, "table.data tbody tr td a").click()
    Select(browser.find_element(By.ID, "picker-memberID")).select_by_visible_text("演示普查员")
    browser.find_element(By.CSS_SELECTOR, "#enumerator button").click()
    assert "普查员" in notice(browser)
    browser.get(f"{server}/census/{campaign}")
    confirm_and_click(browser, "form[action$='/start'] button")
    assert "入户登记开始" in notice(browser)

    # The enumerator's phone: their home is their day; every page fits the screen.
    browser.set_window_size(390, 844)
    signed_in("pucha")
    browser.get(server + "/")
    WebDriverWait(browser, 20).until(lambda b: f"/census/{campaign}/day" in b.current_url)
    assert fits(browser)
    todo = len(browser.find_elements(By.CSS_SELECTOR, "#todo .visit-list li"))
    assert todo > 10
    first = browser.find_element(By.CSS_SELECTOR, "#todo .visit-list li a")
    address = first.text.split(" ")[0]
    first.click()
    assert fits(browser)
    browser.find_element(By.CSS_SELECTOR, "button[name=status][value=registered]").click()
    assert f"{address}：已登记" in notice(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#todo .visit-list li")) == todo - 1

    # The next door is not answered: an evening appointment, one tap.
    browser.find_element(By.CSS_SELECTOR, "#todo .visit-list li a").click()
    browser.find_element(By.CSS_SELECTOR, "button[name=slot]").click()
    assert "已预约" in notice(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#todo .visit-list li")) == todo - 2
    statuses = dict(query(server, "SELECT status, COUNT(*) FROM census_visit_events WHERE campaign_id = ? GROUP BY status", campaign))
    assert statuses == {"registered": 1, "appointment": 1}
    hours = query(server, "SELECT appointment_at FROM census_visits WHERE campaign_id = ? AND status = 'appointment'", campaign)
    assert (hours[0][0] + 8 * 3600) % 86400 // 3600 == 19
