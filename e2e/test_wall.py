"""The campaign wall in a browser: a worker makes a campaign, adds a task for every ownerless compound of their
community at once, and sees a compound change colour on the map when its task is reported done; a building-group
leader does the month's self-check with a photo on a phone."""
import datetime
import io
import os
import tempfile

from PIL import Image
from pages import query, notice
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_shared_ui import phone_photo




def marks(browser, status):
    return len(browser.find_elements(By.CSS_SELECTOR, f"svg.plan polygon.st-{status}"))


def test_a_worker_makes_a_campaign_with_bulk_tasks_and_the_map_follows(server, browser, signed_in):
    browser.set_window_size(1366, 1000)
    signed_in("tongxin")
    today = datetime.date.today()
    browser.get(server + "/campaigns")
    browser.find_element(By.CSS_SELECTOR, "#new summary").click()
    browser.find_element(By.NAME, "name").send_keys("无主管楼院消防通道清理")
    Select(browser.find_element(By.ID, "picker-placeID")).select_by_visible_text("通信花园社区")
    browser.find_element(By.NAME, "startsOn").send_keys(today.isoformat())
    browser.find_element(By.NAME, "endsOn").send_keys((today + datetime.timedelta(days=30)).isoformat())
    browser.find_element(By.NAME, "goal").send_keys("消防通道畅通，楼道无堆物")
    Select(browser.find_element(By.ID, "picker-leaders")).select_by_index(0)
    browser.find_element(By.CSS_SELECTOR, "#new button[type=submit]").click()
    assert "请添加任务" in notice(browser)

    # Every ownerless compound of the community, listed and ticked at once.
    Select(browser.find_element(By.ID, "picker-management")).select_by_value("ownerless")
    browser.find_element(By.CSS_SELECTOR, "form.toolbar button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda b: "management=ownerless" in b.current_url)
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[name='places[]']")
    ownerless = query(server, """SELECT COUNT(*) FROM places p JOIN places c ON p.path LIKE c.path || '%'
                                 WHERE c.name = '通信花园社区' AND p.kind = 'compound' AND p.management_type = 'ownerless'""")[0][0]
    assert len(boxes) == ownerless and all(b.is_selected() for b in boxes)
    Select(browser.find_element(By.ID, "picker-cadreID")).select_by_index(1)
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    assert f"已添加{ownerless}个任务" in notice(browser)

    # The wall draws each compound as not started; one is reported done with its evidence and turns green.
    assert marks(browser, "notStarted") == ownerless and marks(browser, "done") == 0
    browser.find_element(By.CSS_SELECTOR, "#tasks table.data tbody tr td a").click()
    Select(browser.find_element(By.NAME, "status")).select_by_value("done")
    progress = browser.find_element(By.NAME, "progress")
    progress.clear()
    progress.send_keys("100")
    browser.find_element(By.NAME, "text").send_keys("通道清理完毕")
    browser.find_element(By.NAME, "evidence").send_keys("消防验收单")
    browser.find_element(By.CSS_SELECTOR, "#report button[type=submit]").click()
    assert "进展已报告" in notice(browser)
    browser.find_element(By.CSS_SELECTOR, ".breadcrumbs a:nth-of-type(2)").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, "svg.plan"))
    assert marks(browser, "done") == 1 and marks(browser, "notStarted") == ownerless - 1

    # The A3 sheet carries the title, the date and the legend.
    browser.get(browser.current_url.split("?")[0] + "/print")
    sheet = browser.find_element(By.CSS_SELECTOR, ".wall-sheet").text
    assert "无主管楼院消防通道清理" in sheet and "制图日期" in sheet and "已完成 1" in browser.page_source


def test_a_leader_does_the_self_check_with_a_photo_on_a_phone(server, browser, signed_in):
    browser.set_window_size(390, 844)
    try:
        path = os.path.join(tempfile.mkdtemp(), "楼道.jpg")
        with open(path, "wb") as f:
            f.write(phone_photo())
        signed_in("louzu")
        browser.get(server + "/")
        WebDriverWait(browser, 20).until(lambda b: "/me/group" in b.current_url)
        before = query(server, "SELECT COUNT(*) FROM star_inspections WHERE status = 'confirmed'")[0][0]
        for box in browser.find_elements(By.CSS_SELECTOR, ".choices input[type=checkbox]"):
            box.click()
        browser.find_element(By.NAME, "photo").send_keys(path)
        WebDriverWait(browser, 20).until(lambda b: b.execute_script(
            "return document.querySelector('input[name=thumbnail]').files.length") == 1)
        browser.find_element(By.CSS_SELECTOR, ".phone-form button[type=submit]").click()
        assert "社区确认后计入星级" in notice(browser)
        assert "等待社区确认" in browser.page_source
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"
        (status, stars), = query(server, "SELECT status, stars FROM star_inspections ORDER BY id DESC LIMIT 1")
        assert (status, stars) == ("pending", 5)
        assert query(server, "SELECT COUNT(*) FROM star_inspections WHERE status = 'confirmed'")[0][0] == before, "nothing counts before the community"
        photo, = query(server, "SELECT bytes FROM photos ORDER BY id DESC LIMIT 1")[0]
        assert b"PhoneMaker" not in photo and b"Exif" not in photo
        assert Image.open(io.BytesIO(photo)).size == (1200, 900)
    finally:
        browser.set_window_size(1440, 1000)
