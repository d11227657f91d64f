"""What a Content-Security-Policy of script-src 'self' would block in a page: inline scripts, on*
handlers, javascript: URLs. Used by the integration crawl and by every Chromium journey."""
from __future__ import annotations

from html.parser import HTMLParser


class ScriptFinder(HTMLParser):
    """Collects, in words, every script the CSP would refuse to run."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not values.get("src"):
            self.found.append("a <script> without src")
        self.found += [f"an {name} attribute on <{tag}>" for name, _ in attrs if name.startswith("on")]
        self.found += [f"a javascript: URL in {name} of <{tag}>" for name, value in attrs
                       if value and value.strip().lower().startswith("javascript:")]


def inline_scripts(html: str) -> list[str]:
    finder = ScriptFinder()
    finder.feed(html)
    return finder.found


def internal_links(html: str) -> list[str]:
    """The portal's own pages a page links to (paths, without query or fragment)."""
    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.paths: list[str] = []

        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href") if tag == "a" else None
            if href and href.startswith("/") and not href.startswith("//"):
                self.paths.append(href.split("#")[0].split("?")[0])
    parser = Links()
    parser.feed(html)
    return parser.paths
