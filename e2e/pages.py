"""What several browser tests read: the server's database (the demo's ids, what a form wrote) and the notice a page
shows after a write."""
import sqlite3

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def query(server, sql, *args):
    database = sqlite3.connect(server.database)
    try:
        return database.execute(sql, args).fetchall()
    finally:
        database.close()


def notice(browser):
    """The notice after a write; the page's problems when there is none."""
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#notice, .alert, .field-error"))
    found = browser.find_elements(By.ID, "notice")
    assert found, [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".alert, .field-error")]
    return found[0].text
