"""Logs in over HTTP with a printed demo login: `check_login.py URL ROLE EMAIL PASSWORD`."""
import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request


def main(base: str, role: str, email: str, password: str) -> None:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    dashboard = opener.open(f"{base}/login", data=form)
    text = dashboard.read().decode()
    if not dashboard.url.rstrip("/") == base or "Log out" not in text:
        sys.exit(f"login as {role} {email} did not reach the dashboard (ended at {dashboard.url})")
    print(f"logged in over HTTP as {role} {email}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
