"""The shared pieces every module's pages use, in a real browser: a long choice narrowed by typing, and a photo
taken on a phone that is stored without the place it was taken, with the thumbnail the page made."""
import io
import os
import sqlite3
import tempfile

from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def test_a_long_choice_narrows_as_one_types(server, signed_in):
    browser = signed_in("jiedao")
    browser.get(server + "/co-building")
    box = browser.find_element(By.CSS_SELECTOR, ".picker-filter[data-picker='picker-organizationID']")
    select = browser.find_element(By.ID, "picker-organizationID")
    everything = len(select.find_elements(By.TAG_NAME, "option"))
    assert everything > 100
    box.send_keys("物业")
    shown = [o for o in select.find_elements(By.TAG_NAME, "option") if not o.get_property("hidden")]
    assert 0 < len(shown) < everything and all("物业" in o.text for o in shown)
    assert "物业" in Select(select).first_selected_option.text, "the first option left is chosen"


def phone_photo():
    """A JPEG as a phone writes it: EXIF naming the maker and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (34.0, 46.0, 12.5), 3: "E", 4: (113.0, 40.0, 30.0)}
    data = io.BytesIO()
    Image.new("RGB", (1200, 900), (180, 40, 40)).save(data, "JPEG", exif=exif.tobytes(), quality=85)
    return data.getvalue()


def test_a_photo_is_kept_without_its_place_and_with_a_thumbnail(server, signed_in):
    path = os.path.join(tempfile.mkdtemp(), "楼道.jpg")
    with open(path, "wb") as f:
        f.write(phone_photo())
    browser = signed_in("tongxin")
    browser.get(server + "/star-groups")
    browser.find_element(By.CSS_SELECTOR, "table.data tbody tr td a").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.ID, "inspect"))
    browser.find_element(By.CSS_SELECTOR, "#inspect summary").click()
    browser.find_element(By.NAME, "groundClean").click()
    browser.find_element(By.NAME, "photo").send_keys(path)
    # The page's script makes the thumbnail before the form is sent.
    WebDriverWait(browser, 20).until(lambda b: b.execute_script(
        "return document.querySelector('input[name=thumbnail]').files.length") == 1)
    browser.find_element(By.CSS_SELECTOR, "#inspect button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.ID, "notice"))
    link = browser.find_element(By.LINK_TEXT, "照片")

    database = sqlite3.connect(server.database)
    photo, thumbnail, width = database.execute("SELECT bytes, thumbnail, width FROM photos ORDER BY id DESC LIMIT 1").fetchone()
    database.close()
    assert b"PhoneMaker" not in photo and b"Exif" not in photo, "no metadata kept"
    assert Image.open(io.BytesIO(photo)).size == (1200, 900), "the photo itself still opens"
    assert width == 1200 and thumbnail is not None and max(Image.open(io.BytesIO(thumbnail)).size) <= 320
    served = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => done(r.status + ' ' + r.headers.get('content-type')));", link.get_attribute("href"))
    assert served == "200 image/jpeg", served
