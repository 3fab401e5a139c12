"""双报到 on a phone: a party member reports to their community, the community confirms, the member claims a small wish
and says it is done; and at the office a worker finds a unit through the picker, records what it offers and makes an
agreement with it for a resident's need."""

from pages import query, notice
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from http_session import Session




def test_a_party_member_reports_in_and_claims_a_wish_on_a_phone(server, browser, signed_in):
    browser.set_window_size(390, 844)
    try:
        signed_in("dangyuan")
        browser.get(server + "/me/service")
        assert "居民点单" not in browser.page_source, "nothing to claim before the community confirms"
        Select(browser.find_element(By.ID, "picker-workplaceID")).select_by_index(1)
        browser.find_element(By.NAME, "intentions").send_keys("助老、陪诊")
        browser.find_element(By.CSS_SELECTOR, "#report button[type=submit]").click()
        assert "已提交报到" in notice(browser)
        assert "待确认" in browser.page_source

        # The community confirms at the office.
        (member,), = query(server, "SELECT person_id FROM users WHERE username = 'dangyuan'")
        (report,), = query(server, "SELECT id FROM report_ins WHERE member_id = ? AND status = 'submitted'", member)
        status, _ = Session(server, "tongxin").request("POST", f"/service/reports/{report}/confirm", form={})
        assert status in (200, 303)

        browser.get(server + "/me/service")
        wishes = browser.find_elements(By.CSS_SELECTOR, "#needs li")
        assert wishes, "the community's open needs are listed"
        title = wishes[0].find_element(By.TAG_NAME, "strong").text
        wishes[0].find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        assert "已认领" in notice(browser)
        claim = browser.find_element(By.CSS_SELECTOR, "#claims li")
        assert title in claim.text
        claim.find_element(By.NAME, "hours").send_keys("1.5")
        claim.find_element(By.NAME, "note").send_keys("已陪同完成")
        claim.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
        assert "等居民确认" in notice(browser)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"
        (state, minutes), = query(server, "SELECT status, minutes FROM service_claims WHERE member_id = ? ORDER BY id DESC LIMIT 1", member)
        assert (state, minutes) == ("delivered", 90)
        assert query(server, "SELECT COUNT(*) FROM service_hours WHERE member_id = ?", member) == [(0,)], "no hours before the confirmation"
    finally:
        browser.set_window_size(1440, 1000)


def test_a_worker_makes_an_agreement_with_a_unit_found_through_the_picker(server, signed_in):
    browser = signed_in("tongxin")
    browser.get(server + "/service/resources")
    browser.find_element(By.CSS_SELECTOR, "details#add summary").click()
    select = browser.find_element(By.ID, "picker-organizationID")
    everything = len(select.find_elements(By.TAG_NAME, "option"))
    (unit,), = query(server, """SELECT o.name FROM organizations o JOIN places c ON o.path LIKE c.path || '%'
                                WHERE c.name = '通信花园社区' AND o.kind = 'residentUnit' ORDER BY o.id DESC LIMIT 1""")
    box = browser.find_element(By.CSS_SELECTOR, ".picker-filter[data-picker='picker-organizationID']")
    box.send_keys(unit[:4])
    shown = [o for o in select.find_elements(By.TAG_NAME, "option") if not o.get_property("hidden") and o.get_attribute("value")]
    assert 0 < len(shown) < everything
    Select(select).select_by_visible_text(unit)
    Select(browser.find_element(By.NAME, "kind")).select_by_value("space")
    browser.find_element(By.NAME, "title").send_keys("职工活动室")
    browser.find_element(By.NAME, "availability").send_keys("每周六下午")
    browser.find_element(By.CSS_SELECTOR, "details#add button[type=submit]").click()
    assert unit in notice(browser)

    # A need of the community, matched with the resource just offered: the agreement, its term and a milestone.
    (need,), = query(server, """SELECT n.id FROM service_needs n JOIN places c ON n.path LIKE c.path || '%'
                                WHERE c.name = '通信花园社区' AND n.status = 'open' ORDER BY n.id LIMIT 1""")
    browser.get(server + f"/service/needs/{need}")
    browser.find_element(By.CSS_SELECTOR, "details#match summary").click()
    Select(browser.find_element(By.ID, "picker-resourceID")).select_by_visible_text(f"职工活动室（{unit}，场地）")
    title = browser.find_element(By.NAME, "title")
    title.clear()
    title.send_keys("四点半课堂")
    browser.find_element(By.NAME, "endsOn").send_keys("2020-01-01")
    browser.find_element(By.NAME, "agreement").send_keys("单位每周六下午开放职工活动室，社区组织党员志愿者辅导作业。")
    browser.find_element(By.CSS_SELECTOR, "details#match button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".field-error"))
    assert "早于签订日期" in browser.find_element(By.CSS_SELECTOR, ".field-error").text
    end = browser.find_element(By.NAME, "endsOn")
    end.clear()
    end.send_keys("2030-12-31")
    browser.find_element(By.CSS_SELECTOR, "details#match button[type=submit]").click()
    assert "已对接" in notice(browser)
    assert "单位每周六下午开放职工活动室" in browser.page_source and "2030-12-31到期" in browser.page_source
    assert query(server, "SELECT status FROM service_resources WHERE title = '职工活动室'") == [("matched",)]


def test_a_worker_makes_a_co_building_agreement_with_a_unit_found_through_the_picker(server, signed_in):
    browser = signed_in("tongxin")
    browser.get(server + "/co-building/agreements")
    browser.find_element(By.CSS_SELECTOR, "details#add summary").click()
    (unit,), = query(server, """SELECT o.name FROM organizations o JOIN places c ON o.path LIKE c.path || '%'
                                WHERE c.name = '通信花园社区' AND o.kind = 'newEconomicOrg' ORDER BY o.id LIMIT 1""")
    select = browser.find_element(By.ID, "picker-organizationID")
    browser.find_element(By.CSS_SELECTOR, ".picker-filter[data-picker='picker-organizationID']").send_keys(unit)
    shown = [o.text for o in select.find_elements(By.TAG_NAME, "option") if not o.get_property("hidden") and o.get_attribute("value")]
    assert unit in shown and all(unit in s for s in shown), shown
    Select(select).select_by_visible_text(unit)
    browser.find_element(By.NAME, "title").send_keys("楼宇党建共建协议")
    browser.find_element(By.NAME, "endsOn").send_keys("2000-01-01")
    browser.find_element(By.NAME, "content").send_keys("企业开放活动室，每月承办一次党员活动。")
    browser.find_element(By.CSS_SELECTOR, "details#add button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".field-error"))
    assert "早于签订日期" in browser.find_element(By.CSS_SELECTOR, ".field-error").text
    assert query(server, "SELECT COUNT(*) FROM co_building_agreements WHERE title = '楼宇党建共建协议'") == [(0,)]
    end = browser.find_element(By.NAME, "endsOn")
    end.clear()
    end.send_keys("2031-12-31")
    browser.find_element(By.CSS_SELECTOR, "details#add button[type=submit]").click()
    assert unit in notice(browser)
    assert "履行中" in browser.page_source and "企业开放活动室" in browser.page_source
