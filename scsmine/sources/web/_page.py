"""HTML helpers shared by the web adapters: parse once, links, ``<meta>`` tags, URL clean-up."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

from scsmine.core.errors import ReaderError
from scsmine.core.web_protocols import Link, WebResponse
from scsmine.sources.web._charset import decode_body

__all__ = ["ATTACHMENT_EXTENSIONS", "Page", "clean_url", "host_of", "load_page"]

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps")
_SPACES = re.compile(r"[\s\u3000\xa0]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def clean_url(url: str) -> str:
    """An absolute http(s) URL without fragment, scheme and host in lower case, ``/`` for an empty path."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    """``scheme://host:port`` of a URL: the unit of politeness and of robots.txt (RFC 9309)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class Page:
    """A decoded, parsed HTML response.

    Attributes:
        response: The response it came from.
        text: The decoded HTML.
        encoding: The encoding used.
        root: The lxml root element.
    """

    def __init__(self, response: WebResponse, text: str, encoding: str, root: Any) -> None:
        self.response = response
        self.text = text
        self.encoding = encoding
        self.root = root

    def meta_tags(self) -> dict[str, str]:
        """``<meta name|property=… content=…>`` as a dict with lower-case keys (first wins)."""
        out: dict[str, str] = {}
        for el in self.root.iter("meta"):
            key = (el.get("name") or el.get("property") or "").strip().lower()
            value = _SPACES.sub(" ", el.get("content") or "").strip()
            if key and value and key not in out:
                out[key] = value
        return out

    def title(self) -> str:
        """The ``<title>`` text, whitespace collapsed."""
        el = self.root.find(".//title")
        return _SPACES.sub(" ", el.text_content()).strip() if el is not None else ""

    def links(self) -> list[Link]:
        """Every ``<a href>`` as an absolute URL, in page order, once each.

        Links to PDF/DOC/DOCX/WPS files are ``attachment`` links with the link
        text as ``title`` hint; others are ``page`` links.
        """
        base = self.response.final_url
        seen: set[str] = set()
        out: list[Link] = []
        for el in self.root.iter("a"):
            href = (el.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
                continue
            url = clean_url(urljoin(base, href))
            if not url.startswith(("http://", "https://")) or url in seen:
                continue
            seen.add(url)
            text = _SPACES.sub(" ", el.text_content()).strip()
            if urlsplit(url).path.lower().endswith(ATTACHMENT_EXTENSIONS):
                out.append(Link(url, "attachment", {"title": text} if text else {}))
            else:
                out.append(Link(url, "page", {}))
        return out


def load_page(response: WebResponse) -> Page:
    """Decode and parse an HTML response.

    Raises:
        ReaderError: Undecodable or unparseable (the message names the URL).
    """
    text, encoding = decode_body(response)
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ReaderError(f"{response.final_url} is not parseable HTML ({exc})", "check the page in a browser") from exc
    return Page(response, text, encoding, root)
