"""A signed-in HTTP client without a browser: the session cookie and the CSRF token a page's forms carry."""
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid


class Session:
    def __init__(self, base, username="jiedao", password="Huayuan-2020"):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        token = self.token("/login")
        self.request("POST", "/login", form={"username": username, "password": password, "next": "/", "_csrf": token})
        self.csrf = self.token("/exchange")

    def token(self, path):
        return re.search(r'name="_csrf" value="([^"]+)"', self.request("GET", path)[1]).group(1)

    @property
    def cookie(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def request(self, method, path, form=None, body=None, headers=None):
        headers = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method != "GET" and hasattr(self, "csrf"):
            headers["X-CSRF-Token"] = self.csrf
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def upload(self, path, filename, data):
        boundary = "----gongzhi" + uuid.uuid4().hex
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", path, body=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
