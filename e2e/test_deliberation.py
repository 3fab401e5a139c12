"""Residents decide, on a phone: a household's invitation letter, an adult's own sign-up with their ID number, and a
vote at 390 px; the public portal and its notices show no one's ID or phone number."""
import re

from pages import query
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from http_session import Session

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def citizen_id(body):
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]



def sign_up(server, browser, code, number, username):
    """Fills in /signup as a resident does: the letter's code, their own ID number, a username and a password."""
    browser.delete_all_cookies()
    browser.get(server + "/signup")
    for name, value in [("code", code), ("idNumber", number), ("username", username),
                        ("password", "Qingshan-Lane-2026"), ("confirm", "Qingshan-Lane-2026")]:
        browser.find_element(By.NAME, name).send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def test_a_resident_signs_up_with_the_household_letter_and_votes_on_a_phone(server, browser):
    # The matter being voted on at 纬五路13号院, and a household in its scope that has not voted yet.
    (matter,), = query(server, "SELECT id FROM matters WHERE title = '纬五路13号院楼道照明改造'")
    (household, dwelling), = query(server, """
        SELECT h.id, h.dwelling_id FROM matter_households m JOIN households h ON h.id = m.household_id
        WHERE m.matter_id = ? AND NOT EXISTS (SELECT 1 FROM matter_ballots b WHERE b.matter_id = m.matter_id
              AND b.voter = 'household:' || h.id AND b.replaced_at IS NULL) ORDER BY h.id LIMIT 1""", matter)

    # The community worker registers an adult of that household and prints the household's letter.
    worker = Session(server, "tongxin")
    number = citizen_id("41010519850612301")
    status, page = worker.request("POST", f"/households/{household}/residents",
                                  form={"name": "韩晓梅", "idNumber": number, "relation": "配偶", "residency": "registered"})
    assert status in (200, 303), re.findall(r'class="(?:alert|field-error)"[^>]*>([^<]*)', page)
    status, letters = worker.request("POST", f"/places/{dwelling}/invitations", form={})
    assert status == 201, letters[:500]
    code = re.search(r'id="sign-up-code">([0-9A-Z-]+)<', letters).group(1)
    assert number not in letters

    # On a phone: sign up with the letter's code and one's own ID number, sign in, vote.
    browser.set_window_size(390, 844)
    sign_up(server, browser, code, number, "hanxiaomei")
    WebDriverWait(browser, 20).until(lambda b: "/login" in b.current_url or b.find_elements(By.CSS_SELECTOR, ".field-error, .alert"))
    assert "/login" in browser.current_url, [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".field-error, .alert")]
    browser.find_element(By.NAME, "username").send_keys("hanxiaomei")
    browser.find_element(By.NAME, "password").send_keys("Qingshan-Lane-2026")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda b: "/login" not in b.current_url)

    browser.get(server + "/me/matters")
    assert "请投票" in browser.page_source
    browser.find_element(By.PARTIAL_LINK_TEXT, "楼道照明改造").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#vote input[value=inFavour]"))
    browser.find_element(By.CSS_SELECTOR, "#vote input[value=inFavour]").click()
    browser.find_element(By.CSS_SELECTOR, "#vote button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#notice, .alert, .field-error"))
    assert browser.find_elements(By.ID, "notice"), [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".alert, .field-error")]
    assert "已投票" in browser.find_element(By.ID, "notice").text
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"
    (choice, channel), = query(server, "SELECT choice, channel FROM matter_ballots WHERE matter_id = ? AND voter = ? AND replaced_at IS NULL",
                               matter, f"household:{household}")
    assert (choice, channel) == ("inFavour", "online")

    # The same letter is not a second account for the same person.
    sign_up(server, browser, code, number, "hanxiaomei2")
    assert "您已注册过账号" in browser.page_source
    browser.set_window_size(1440, 1000)


ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_the_portal_and_its_notices_show_no_id_or_phone_number(server, browser):
    browser.delete_all_cookies()
    browser.get(server + "/")
    page = browser.page_source
    assert "花园路街道" in page and "公示公告" in page and "正在议事的事项" in page
    assert "纬五路13号院电动自行车充电棚选址" in page
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href*='/notices/']")]
    assert links, "the portal lists notices"
    for url in [server + "/", server + "/notices", server + "/notices/verify"] + links:
        browser.get(url)
        text = re.sub(r"[0-9a-f]{16,64}", "", browser.page_source)    # the notices' hashes
        assert not ID_NUMBER.search(text), url
        assert not PHONE.search(text), url
    assert "衔接完整" in browser.page_source or "公告" in browser.page_source
