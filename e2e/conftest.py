"""Starts the real Gongzhi server with the demo subdistrict and a headless Chromium driven by Selenium."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


class Server(str):
    """The server's URL, carrying what a test needs to run the same binary on the same database."""
    binary: str
    env: dict
    database: str
    pid: int


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    binary = os.environ.get("GONGZHI_BINARY", ".build/debug/gongzhi")
    folder = tempfile.mkdtemp(prefix="gongzhi-e2e-")
    port = free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:{folder}/gongzhi.sqlite", GONGZHI_BCRYPT_COST="6")
    log = open(os.path.join(folder, "server.log"), "w")
    process = subprocess.Popen([os.path.abspath(binary), "serve", "--demo", "--port", str(port), "--env", "production"],
                               cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/login", timeout=2)
            break
        except Exception:
            if process.poll() is not None:
                raise RuntimeError(open(os.path.join(folder, "server.log")).read())
            time.sleep(0.5)
    else:
        raise RuntimeError("server did not start")
    running = Server(url)
    running.binary, running.env, running.database = os.path.abspath(binary), env, f"{folder}/gongzhi.sqlite"
    running.pid = process.pid
    yield running
    process.terminate()
    process.wait(timeout=20)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000", "--lang=zh-CN"]:
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture()
def signed_in(server, browser):
    """A browser signed in as the demo subdistrict worker."""
    def sign_in(username="jiedao"):
        browser.delete_all_cookies()
        browser.get(server + "/login")
        browser.find_element("name", "username").send_keys(username)
        browser.find_element("name", "password").send_keys("Huayuan-2020")
        browser.find_element("css selector", "button[type=submit]").click()
        WebDriverWait(browser, 20).until(lambda b: "/login" not in b.current_url)
        return browser
    return sign_in
