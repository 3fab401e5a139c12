"""Opens the benchmark's census through the application itself, as the census office would: a campaign over the
subdistrict, its areas proposed from the registry (timed: the target is under 2 s for 29,120 households), the demo
enumerator given the first area, the list drawn (timed), and a third of that area's doors answered by the enumerator.
Prints the campaign's id, the two timings and the enumerator's session cookie. Arguments: the server's address and
the SQLite file."""
import datetime
import http.cookiejar
import re
import sqlite3
import sys
import time
import urllib.parse
import urllib.request

base, database = sys.argv[1], sys.argv[2]


def session(username):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    csrf = re.search(r'name="_csrf" value="([^"]+)"', opener.open(base + "/login").read().decode()).group(1)
    opener.open(base + "/login", urllib.parse.urlencode({"username": username, "password": "Huayuan-2020", "next": "/", "_csrf": csrf}).encode())
    csrf = re.search(r'name="_csrf" value="([^"]+)"', opener.open(base + "/account").read().decode()).group(1)
    cookie = next(c.value for c in jar if c.name == "gongzhi_session")

    def post(path, pairs):
        return opener.open(base + path, urllib.parse.urlencode(list(pairs) + [("_csrf", csrf)]).encode()).geturl()
    return post, cookie


office, _ = session("puchaban")
today = datetime.date.today()
day = lambda n: (today + datetime.timedelta(days=n)).isoformat()
form = [("kind", "sampleSurvey"), ("name", "基准测试抽样调查"), ("standardTime", day(0)), ("areaTarget", "80"), ("samplePerMille", "100")]
for stage, first, last in [("canvass", -10, -1), ("shortForm", 0, 30), ("longForm", 0, 30), ("review", 31, 40)]:
    form += [(f"{stage}From", day(first)), (f"{stage}To", day(last))]
office("/census", form)
db = sqlite3.connect(database)
campaign, = db.execute("SELECT MAX(id) FROM census_campaigns").fetchone()
started = time.monotonic()
office(f"/census/{campaign}/areas/propose", [])
propose = time.monotonic() - started
office(f"/census/{campaign}/members", [("username", "pucha"), ("kind", "enumerator")])
member, = db.execute("SELECT MAX(id) FROM census_members WHERE campaign_id = ?", (campaign,)).fetchone()
area, = db.execute("SELECT MIN(id) FROM census_areas WHERE campaign_id = ?", (campaign,)).fetchone()
office(f"/census-areas/{area}/enumerator", [("memberID", str(member))])
started = time.monotonic()
office(f"/census/{campaign}/start", [])
start = time.monotonic() - started
enumerator, cookie = session("pucha")
visits = [row[0] for row in db.execute("SELECT id FROM census_visits WHERE area_id = ? ORDER BY path", (area,))]
for i, visit in enumerate(visits[::3]):
    if i % 4 == 3:
        enumerator(f"/census-visits/{visit}/appointment", [("day", day(1)), ("time", "19:30")])
    else:
        enumerator(f"/census-visits/{visit}", [("status", "registered")])
print(campaign, f"{propose:.2f}", f"{start:.2f}", cookie)
