"""The public and the residents' pages against the WCAG 2 A and AA rules of axe-core (the copy bundled by the PyPI
package axe-selenium-python), at a phone's width: labels, alternative text, contrast, names of controls, structure."""
import sqlite3

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})
   .then(result => done(result.violations)).catch(error => done([{id: 'axe', help: String(error), nodes: [{html: ''}]}]));
"""


def violations(browser):
    Axe(browser).inject()
    browser.set_script_timeout(120)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:120]})" for v in browser.execute_async_script(RUN)]


def test_public_and_residents_pages_meet_wcag_aa(server, browser):
    database = sqlite3.connect(server.database)
    notice, = database.execute("SELECT MIN(id) FROM public_notices").fetchone()
    news, = database.execute("SELECT MIN(id) FROM news_items").fetchone()
    matter, = database.execute("SELECT id FROM matters WHERE title = '纬五路13号院楼道照明改造'").fetchone()
    database.close()
    browser.set_window_size(390, 844)
    try:
        browser.delete_all_cookies()
        found = {}
        for path in ["/", "/notices", f"/notices/{notice}", "/notices/verify", "/news", f"/news/{news}", "/signup", "/login"]:
            browser.get(server + path)
            found[path] = violations(browser)
        browser.get(server + "/login")
        browser.find_element(By.NAME, "username").send_keys("jumin")
        browser.find_element(By.NAME, "password").send_keys("Huayuan-2020")
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 20).until(lambda b: "/login" not in b.current_url)
        for path in ["/me/matters", f"/me/matters/{matter}", "/me"]:
            browser.get(server + path)
            found[path] = violations(browser)
        # A worker's matter pages too, at a desk's width: every stage's colours.
        browser.set_window_size(1440, 1000)
        browser.delete_all_cookies()
        browser.get(server + "/login")
        browser.find_element(By.NAME, "username").send_keys("tongxin")
        browser.find_element(By.NAME, "password").send_keys("Huayuan-2020")
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 20).until(lambda b: "/login" not in b.current_url)
        for path in ["/matters", "/matters/1", f"/matters/{matter}"]:
            browser.get(server + path)
            found[path] = violations(browser)
        assert not any(found.values()), {path: v for path, v in found.items() if v}
    finally:
        browser.set_window_size(1440, 1000)
