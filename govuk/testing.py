"""Reading a page in tests as its user reads it: a table by its headers (header → cell),
links and buttons by what they say, a part of the page by its id. Built on the standard
library's HTML parser, so tests need no other package."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None

    @property
    def text(self) -> str:
        """The text a reader sees, spaces collapsed."""
        parts: list[str] = []

        def walk(node: Element | str) -> None:
            if isinstance(node, str):
                parts.append(node)
            else:
                for child in node.children:
                    walk(child)

        walk(self)
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def iter(self, tag: str | None = None) -> list[Element]:
        """Every element below this one, in document order, optionally of one tag."""
        found: list[Element] = []
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    found.append(child)
                found.extend(child.iter(tag))
        return found

    def by_id(self, id_: str) -> Element:
        for element in self.iter():
            if element.attrs.get("id") == id_:
                return element
        raise LookupError(f"Nothing on the page has the id {id_!r}")

    def tables(self) -> list[Table]:
        return [Table.read(table) for table in self.iter("table")]

    def links(self) -> list[tuple[str, str]]:
        """(text, href) of every link."""
        return [(a.text, a.attrs["href"]) for a in self.iter("a") if "href" in a.attrs]

    def forms(self) -> list[Element]:
        return self.iter("form")


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[dict[str, str]]

    @staticmethod
    def read(table: Element) -> Table:
        captions = table.iter("caption")
        head = table.iter("thead")
        headers = [cell.text for cell in (head[0].iter("th") if head else [])]
        rows = []
        for body in table.iter("tbody"):
            for row in body.iter("tr"):
                cells = [
                    cell for cell in row.children if isinstance(cell, Element) and cell.tag in ("th", "td")
                ]
                if len(cells) == 1 and int(cells[0].attrs.get("colspan", "1")) == len(headers) > 1:
                    continue  # a heading across the table that groups the rows under it
                texts = [cell.text for cell in cells for _ in range(int(cell.attrs.get("colspan", "1")))]
                if len(texts) != len(headers):
                    raise AssertionError(
                        f"A row has {len(texts)} cells under {len(headers)} headers: {texts}"
                    )
                rows.append(dict(zip(headers, texts, strict=True)))
        return Table(captions[0].text if captions else "", headers, rows)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(
            Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        )

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def page(html: str | bytes) -> Element:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root


def list_rows(client: Any, href: str) -> list[dict[str, str]]:
    """Every row of the list at `href`, as a reader paging through it sees them: the first
    table of the page (or, when `href` has a fragment, of the part of the page with that
    id), then the same on each page its "Next" link (rel="next") leads to."""
    address = urlsplit(href)
    url = address.path + (f"?{address.query}" if address.query else "")
    rows: list[dict[str, str]] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        shown = page(response.content)
        part = shown.by_id(address.fragment) if address.fragment else shown.by_id("main-content")
        tables = part.tables()
        rows.extend(tables[0].rows if tables else [])
        following = [a.attrs["href"] for a in shown.iter("a") if a.attrs.get("rel") == "next"]
        url = address.path + following[0] if following else ""
    return rows
