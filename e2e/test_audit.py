"""The audit administrator reads the log in the browser, and `gongzhi audit verify` names an entry altered in the database."""
import base64
import hashlib
import hmac
import io
import sqlite3
import urllib.parse
import struct
import subprocess
import time

import zxingcpp
from PIL import Image
from selenium.webdriver.common.by import By


def verify(server):
    return subprocess.run([server.binary, "audit", "verify", "--env", "production"], env=server.env,
                          capture_output=True, text=True, timeout=120)


def totp(secret_base32, at=None):
    """RFC 6238 as an authenticator app computes it (SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret_base32.replace(" ", ""))
    counter = int((at or time.time()) // 30)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def test_auditor_reads_and_verifies_the_log(server, signed_in):
    signed_in("jiedao")
    # An administrator's first sign-in leads to setting up an authenticator before anything else.
    browser = signed_in("shenji")
    assert browser.current_url.endswith("/account/totp")
    # The authenticator app scans the QR code on the screen (a screenshot decoded by ZXing, as a phone's camera
    # would): it holds the same key the page prints for typing by hand.
    shot = Image.open(io.BytesIO(browser.find_element(By.CSS_SELECTOR, ".qr-code svg").screenshot_as_png))
    decoded = zxingcpp.read_barcodes(shot)
    assert len(decoded) == 1 and decoded[0].format == zxingcpp.BarcodeFormat.QRCode, "the QR code is read"
    uri = urllib.parse.urlparse(decoded[0].text)
    assert uri.scheme == "otpauth" and uri.netloc == "totp" and urllib.parse.unquote(uri.path) == "/共治:shenji"
    secret = urllib.parse.parse_qs(uri.query)["secret"][0]
    assert secret == browser.find_element(By.ID, "totp-secret").text.replace(" ", "")
    browser.find_element(By.NAME, "code").send_keys(totp(secret))
    browser.find_element(By.CSS_SELECTOR, "#setup button[type=submit]").click()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#recovery-codes ol.codes li")) == 10
    browser.get(server + "/audit")
    assert browser.current_url.endswith("/audit")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")
    assert any("jiedao" in row.text and "登录" in row.text for row in rows)
    browser.find_element(By.LINK_TEXT, "校验哈希链").click()
    assert "哈希链校验通过" in browser.find_element(By.CSS_SELECTOR, ".notice").text

    clean = verify(server)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "审计日志完整" in clean.stdout

    # Someone with full rights on the database file removes the guard and edits an entry.
    with sqlite3.connect(server.database) as db:
        db.execute("DROP TRIGGER audit_entries_no_update")
        db.execute("UPDATE audit_entries SET username = 'nobody' WHERE id = 1")
    tampered = verify(server)
    assert tampered.returncode != 0
    assert "第1条内容已被改动" in tampered.stdout
