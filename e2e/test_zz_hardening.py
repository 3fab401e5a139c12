"""The real server, attacked as the hardening issue describes: numbers that once stopped it, decompression bombs
that once grew it by gigabytes (its memory is read from /proc while each is refused), and schemathesis over the
OpenAPI document with its default checks, on a copy of the demo database so that nothing here changes the others."""
import io
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
import zlib

import pytest

from conftest import free_port
from http_session import Session

E2E = os.path.dirname(os.path.abspath(__file__))


def memory(pid, field):
    """VmRSS or VmHWM (the peak since the last reset) of a process, in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def reset_peak(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as refs:
        refs.write("5")


WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="居民台账" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>')
HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def workbook(sheet_chunks, shared_chunks=None):
    """An .xlsx whose worksheet (and shared strings) are written from chunks, deflated as they stream."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        for name, chunks in [("xl/worksheets/sheet1.xml", sheet_chunks), ("xl/sharedStrings.xml", shared_chunks)]:
            if chunks is None:
                continue
            with z.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return out.getvalue()


def spaces(megabytes):
    yield HEAD.encode()
    block = b" " * (1 << 20)
    for _ in range(megabytes):
        yield block
    yield b"</sheetData></worksheet>"


def lying(data, name, size=100):
    """The same archive with the part's declared uncompressed size rewritten in both headers."""
    data = bytearray(data)
    encoded = name.encode()
    i = data.find(b"PK\x03\x04")
    while i >= 0:
        if data[i + 30:i + 30 + len(encoded)] == encoded:
            data[i + 22:i + 26] = struct.pack("<I", size)
        i = data.find(b"PK\x03\x04", i + 4)
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        if data[i + 46:i + 46 + len(encoded)] == encoded:
            data[i + 24:i + 28] = struct.pack("<I", size)
        i = data.find(b"PK\x01\x02", i + 4)
    return bytes(data)


def million_rows():
    yield HEAD.encode()
    for start in range(0, 1_000_000, 50_000):
        yield "".join(f'<row r="{r}"/>' for r in range(start + 1, start + 50_001)).encode()
    yield b"</sheetData></worksheet>"


def test_a_huge_page_number_is_refused_and_the_server_lives(server):
    session = Session(server)
    for path in ["/residents?page=9223372036854775807", "/api/v1/residents?page=9223372036854775807", "/residents/99999999999999999999"]:
        status, body = session.request("GET", path)
        assert status == 400, (path, status)
        assert "应为" in body
    assert urllib.request.urlopen(server + "/healthz", timeout=5).read() == b"ok"


@pytest.mark.parametrize("kind", ["ratio", "lying-header", "million-rows", "shared-strings"])
def test_decompression_bombs_are_refused_in_bounded_memory(server, kind):
    bomb = {
        "ratio": lambda: workbook(spaces(600)),
        "lying-header": lambda: lying(workbook(spaces(600)), "xl/worksheets/sheet1.xml"),
        "million-rows": lambda: workbook(million_rows()),
        "shared-strings": lambda: workbook([HEAD.encode() + b"</sheetData></worksheet>"],
                                           [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'] + list(spaces(600))[1:-1] + [b"</sst>"]),
    }[kind]()
    assert len(bomb) < 4 << 20, "a small upload"
    session = Session(server)
    reset_peak(server.pid)
    before = memory(server.pid, "VmRSS")
    started = time.time()
    status, body = session.upload("/exchange/residents", f"{kind}.xlsx", bomb)
    seconds = time.time() - started
    peak = memory(server.pid, "VmHWM")
    print(f"{kind}: {len(bomb) // 1024} KB upload, refused in {seconds:.1f} s, peak {peak - before:+.0f} MB over {before:.0f} MB")
    assert status == 422 and "未导入" in body
    assert any(word in body for word in ["上限", "压缩比"]), body[:2000]
    assert peak - before < 400, f"memory grew by {peak - before:.0f} MB"
    assert seconds < 30
    assert urllib.request.urlopen(server + "/healthz", timeout=5).read() == b"ok"


@pytest.fixture(scope="module")
def copy_server(server):
    """A second server on a copy of the demo database, for tests that write at random."""
    folder = tempfile.mkdtemp(prefix="gongzhi-copy-")
    database = os.path.join(folder, "gongzhi.sqlite")
    source = sqlite3.connect(server.database)
    target = sqlite3.connect(database)
    source.backup(target)
    source.close()
    target.close()
    shutil.copy(server.database + ".key", database + ".key")
    port = free_port()
    env = dict(server.env, DATABASE_URL=f"sqlite:{database}")
    log = open(os.path.join(folder, "server.log"), "w")
    process = subprocess.Popen([server.binary, "serve", "--port", str(port), "--env", "production"], cwd=folder, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2)
            break
        except Exception:
            time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=20)
    shutil.rmtree(folder, ignore_errors=True)


def test_the_api_keeps_to_its_document(copy_server):
    """schemathesis with its default checks (server errors, status codes, content types, response schemas, valid
    data accepted, invalid data refused, methods): every operation, a fixed seed, a bounded number of examples."""
    session = Session(copy_server)
    env = dict(os.environ, SCHEMATHESIS_HOOKS="schemathesis_hooks", PYTHONPATH=E2E)
    result = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", copy_server + "/api/v1/openapi.json",
         "-H", f"Cookie: {session.cookie}", "-H", f"X-CSRF-Token: {session.csrf}",
         "--max-examples", "40", "--seed", "20261202", "-w", "2", "--phases", "examples,coverage,fuzzing", "--no-color"],
        env=env, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    print(output[-3000:])
    failures = re.findall(r"❌ (ST\d+ [^:\n]*)", output)
    assert not failures, output[-12000:]
    # schemathesis' own runtime errors: one is a known fault of hypothesis describing a filter on this Python
    # ("AST constructor recursion depth mismatch"), which says nothing of the API; any other fails the test.
    errors = re.findall(r"Runtime Error\n\n(.*)", output)
    assert all("AST constructor recursion depth mismatch" in e for e in errors), output[-12000:]
    assert "generated" in output, output[-3000:]
    assert urllib.request.urlopen(copy_server + "/healthz", timeout=5).read() == b"ok"


def test_the_command_line_speaks_chinese_and_help_opens_no_database(server):
    folder = tempfile.mkdtemp(prefix="gongzhi-cli-")
    env = {k: v for k, v in server.env.items() if k != "DATABASE_URL"}
    try:
        for arguments in [["--help"], ["import", "--help"], ["places", "--help"]]:
            result = subprocess.run([server.binary] + arguments, cwd=folder, env=env, capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stdout + result.stderr
            assert os.listdir(folder) == [], f"{arguments} left {os.listdir(folder)}"
        # A rejected import lists its problems in Chinese and ends without a type dump.
        bad = os.path.join(folder, "bad.xlsx")
        with open(bad, "wb") as f:
            f.write(workbook([HEAD.encode() + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c></row>".encode()
                              + b"</sheetData></worksheet>"]))
        env_db = dict(env, DATABASE_URL=f"sqlite:{folder}/cli.sqlite")
        subprocess.run([server.binary, "migrate", "-y"], cwd=folder, env=env_db, capture_output=True, text=True, timeout=120)
        result = subprocess.run([server.binary, "import", "residents", bad], cwd=folder, env=env_db, capture_output=True, text=True, timeout=120)
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "缺少必需的列" in output and "文件未导入" in output, output
        assert "AppError" not in output and "CommandFailure" not in output, output
        # Places are listed with their ids for `user create --place`.
        listed = subprocess.run([server.binary, "places"], env=server.env, cwd=folder, capture_output=True, text=True, timeout=120)
        assert "花园路街道" in listed.stdout and "通信花园社区" in listed.stdout, listed.stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)
