"""Makes the benchmark's campaign of 2,000 tasks through the application itself, as a worker would: a campaign over
the subdistrict, then the form for one task per building, five times (423 buildings × 5 = 2,115 tasks), and a fifth
of the tasks reported done. Prints the campaign's id. Arguments: the server's address and the SQLite file."""
import datetime
import http.cookiejar
import re
import sqlite3
import sys
import urllib.parse
import urllib.request

base, database = sys.argv[1], sys.argv[2]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def token(path):
    html = opener.open(base + path).read().decode()
    return re.search(r'name="_csrf" value="([^"]+)"', html).group(1)


def post(path, pairs, csrf):
    return opener.open(base + path, urllib.parse.urlencode(list(pairs) + [("_csrf", csrf)]).encode()).geturl()


post("/login", [("username", "jiedao"), ("password", "Huayuan-2020"), ("next", "/")], token("/login"))
# Signed in, every form of the session carries the same token.
csrf = token("/campaigns")
db = sqlite3.connect(database)
subdistrict, = db.execute("SELECT id FROM places WHERE kind = 'subdistrict'").fetchone()
jiedao, = db.execute("SELECT id FROM users WHERE username = 'jiedao'").fetchone()
buildings = [row[0] for row in db.execute("SELECT id FROM places WHERE kind = 'building' ORDER BY id")]
today = datetime.date.today()
post("/campaigns", [("name", "基准测试专项行动"), ("goal", "两千个任务的挂图"), ("startsOn", today.isoformat()),
                    ("endsOn", (today + datetime.timedelta(days=120)).isoformat()), ("placeID", str(subdistrict)), ("leaders[]", str(jiedao))], csrf)
campaign, = db.execute("SELECT MAX(id) FROM campaigns").fetchone()
for round in range(5):
    post(f"/campaigns/{campaign}/tasks", [("name", f"{{地点}}第{round + 1}轮整治"), ("cadreID", str(jiedao)), ("mode", "each"),
                                          ("deadline", (today + datetime.timedelta(days=20 * (round + 1))).isoformat())]
         + [("places[]", str(b)) for b in buildings], csrf)
tasks = [row[0] for row in db.execute("SELECT id FROM campaign_tasks WHERE campaign_id = ? ORDER BY id", (campaign,))]
for task in tasks[::5]:
    post(f"/tasks/{task}/reports", [("status", "done"), ("progress", "100"), ("text", "完成"), ("evidence", "验收单")], csrf)
print(campaign, len(tasks))
