"""What a subdistrict worker does in a real browser: sign in, read the profile, walk the tree,
edit a resident, import an Excel file with an error and then a good one, and import again a ledger
that was opened, edited and saved in LibreOffice Calc."""
import os
import subprocess
import tempfile
import zipfile

import openpyxl
import pytest
import urllib.request

from selenium.webdriver.common.by import By

SEED = ("街道辖区面积3平方公里，下辖10个社区（其中社区党委5个、党总支5个），人口7.57万人，党员9716人，"
        "其中在职党员4695人，离退休党员3363人，直管党员1658人。驻区单位96家，“两新”企业83家。")
HEADER = ["居民编号", "社区", "楼院", "楼栋", "单元", "房屋", "户编号", "与户主关系", "姓名", "性别",
          "出生日期", "公民身份号码", "联系电话", "居住类型", "标签"]


def test_sign_in_and_read_the_profile(server, signed_in):
    browser = signed_in()
    assert browser.current_url.endswith("/overview")
    assert browser.find_element(By.ID, "profile").text == SEED
    assert browser.find_element(By.CSS_SELECTOR, "svg.map polygon")


def test_walk_the_tree_down_to_a_dwelling(server, signed_in):
    browser = signed_in()
    browser.find_element(By.LINK_TEXT, "通信花园社区").click()
    assert "通信花园社区" in browser.find_element(By.TAG_NAME, "h1").text
    for _ in range(5):  # compound, building, entrance, floor, dwelling
        browser.find_element(By.CSS_SELECTOR, "table.data tbody tr td a").click()
    assert "房屋" in browser.find_element(By.TAG_NAME, "h1").text
    crumbs = browser.find_element(By.CSS_SELECTOR, "nav.breadcrumbs").text
    assert "花园路街道" in crumbs and "通信花园社区" in crumbs and "纬五路13号院" in crumbs


def test_edit_a_resident(server, signed_in):
    browser = signed_in()
    browser.get(server + "/residents?address=纬五路13号院")
    browser.find_element(By.CSS_SELECTOR, "table.data tbody tr td a").click()
    browser.find_element(By.LINK_TEXT, "修改").click()
    name = browser.find_element(By.NAME, "name")
    name.clear()
    name.send_keys("浏览器改名")
    phone = browser.find_element(By.NAME, "phone")
    phone.send_keys("12345")
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    assert "不是有效的手机或固定电话号码" in browser.find_element(By.CSS_SELECTOR, ".field-error").text
    browser.find_element(By.NAME, "phone").clear()
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    assert "已保存" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert browser.find_element(By.TAG_NAME, "h1").text == "浏览器改名"


def export_rows(server, browser, ledger="residents"):
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(server + f"/exchange/{ledger}/export.xlsx", headers={"Cookie": cookie})
    path = os.path.join(tempfile.mkdtemp(), "export.xlsx")
    with open(path, "wb") as f:
        f.write(urllib.request.urlopen(request).read())
    return path


def upload(browser, server, path, ledger="residents"):
    browser.get(server + "/exchange")
    browser.find_element(By.CSS_SELECTOR, f"#import-{ledger} input[type=file]").send_keys(path)
    browser.find_element(By.CSS_SELECTOR, f"#import-{ledger} button[type=submit]").click()


def test_import_an_excel_file_with_an_error_then_a_good_one(server, signed_in):
    browser = signed_in("tongxin")
    exported = openpyxl.load_workbook(export_rows(server, browser))  # our file, read by another implementation
    sheet = exported.active
    assert [c.value for c in sheet[1]] == HEADER
    sample = [c.value for c in sheet[2]]
    household = sample[6][:12] + "098001"

    book = openpyxl.Workbook()  # a file written by another implementation (shared strings), read by ours
    ws = book.active
    ws.append(HEADER)
    ws.append([None, *sample[1:6], household, "户主", "王错号", None, None, "110105194912310021", None, "户籍", None])
    path = os.path.join(tempfile.mkdtemp(), "bad.xlsx")
    book.save(path)
    upload(browser, server, path)
    problems = browser.find_element(By.ID, "import-problems").text
    assert "校验位错误" in problems
    assert "数据库未作任何改动" in browser.find_element(By.ID, "import-message").text

    ws.cell(row=2, column=12, value="11010519491231002X")
    ws.cell(row=2, column=9, value="王新户")
    book.save(path)
    upload(browser, server, path)
    assert "导入成功：新增1条" in browser.find_element(By.CSS_SELECTOR, ".notice").text

    # The exported ledger, edited with openpyxl and imported again, updates exactly the edited row.
    sheet.cell(row=2, column=9, value="表格改名")
    edited = os.path.join(tempfile.mkdtemp(), "edited.xlsx")
    exported.save(edited)
    upload(browser, server, edited)
    assert "更新1条" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    browser.get(server + "/residents?name=表格改名")
    assert browser.find_element(By.LINK_TEXT, "表格改名")


def libreoffice(source, target_format, folder):
    """Converts a file with LibreOffice itself (headless Calc), as a worker who opens and saves it there would."""
    profile = os.path.join(folder, "lo-profile")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target_format,
                    "--outdir", folder, source], check=True, capture_output=True, timeout=180)
    stem = os.path.splitext(os.path.basename(source))[0]
    return os.path.join(folder, stem + "." + target_format.split(":")[0])


def test_ledger_edited_in_libreoffice_imports_again(server, signed_in):
    browser = signed_in("tongxin")
    exported = export_rows(server, browser)
    name = openpyxl.load_workbook(exported).active.cell(row=2, column=9).value

    # Open our file in LibreOffice Calc, change one resident's name, save it as .xlsx from Calc.
    folder = tempfile.mkdtemp()
    flat = libreoffice(exported, "fods", folder)
    with open(flat, encoding="utf-8") as f:
        document = f.read()
    cell = f"<text:p>{name}</text:p>"
    assert cell in document
    with open(flat, "w", encoding="utf-8") as f:
        f.write(document.replace(cell, "<text:p>灵台改名</text:p>", 1))
    saved = libreoffice(flat, "xlsx:Calc MS Excel 2007 XML", os.path.join(folder, "saved"))
    assert "xl/sharedStrings.xml" in zipfile.ZipFile(saved).namelist(), "written by Calc (ours writes inline strings)"

    upload(browser, server, saved)
    assert "更新1条" in browser.find_element(By.CSS_SELECTOR, ".notice").text, "only the edited row changes"
    browser.get(server + "/residents?name=灵台改名")
    assert browser.find_element(By.LINK_TEXT, "灵台改名")


@pytest.mark.parametrize("ledger", ["residents", "party-members", "organizations"])
def test_each_ledger_saved_by_libreoffice_imports_as_unchanged(server, signed_in, ledger):
    browser = signed_in("tongxin")
    exported = export_rows(server, browser, ledger)
    rows = openpyxl.load_workbook(exported).active.max_row - 1
    assert rows > 0
    folder = tempfile.mkdtemp()
    saved = libreoffice(libreoffice(exported, "fods", folder), "xlsx:Calc MS Excel 2007 XML", os.path.join(folder, "saved"))
    upload(browser, server, saved, ledger)
    assert browser.find_element(By.CSS_SELECTOR, ".notice").text == f"导入成功：新增0条，更新0条，未变{rows}条。"
