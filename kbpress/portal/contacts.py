"""Contacts defined once (``extra.contacts`` in mkdocs.yml), shown as tap-to-call links.

The centre's desk and the emergency contacts are data, not text copied
into pages: the quick list, the home page and the footer all render them
from here, so a changed number is changed everywhere. Phone numbers
become ``tel:`` links and addresses ``mailto:`` links; the tables carry
a ``data-label`` on every cell so the portal's stylesheet can show each
row as a card on phones.

In Markdown, a line ``<!-- kbpress:contacts centre -->`` (or
``emergency``) is replaced by the table; it is ordinary HTML, so EPUBs and
feeds get the same links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import quote

from ..model import KbpressError, Problem

WHERE = "mkdocs.yml: extra.contacts"
PLACEHOLDER_RE = re.compile(r"^[ \t]*<!--\s*kbpress:contacts\s+([\w-]*)\s*-->[ \t]*$", re.MULTILINE)
_PHONE_RE = re.compile(r"^[+#*]?[0-9][0-9()\- ]*$")
_MAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_URL_RE = re.compile(r"^https://[^\s<>\"]+$")


@dataclass(frozen=True)
class Contact:
    """One desk: who, how to reach them, when, and what to ask them for."""

    name: str
    phone: str = ""
    phone_hours: str = ""
    mail: str = ""
    mail_hours: str = ""
    url: str = ""  # a web form or the official page
    url_label: str = ""
    url_hours: str = ""
    situation: str = ""  # emergency list: when to contact them
    offers: str = ""  # emergency list: what they do


@dataclass(frozen=True)
class Contacts:
    centre: Contact | None = None
    emergency: tuple[Contact, ...] = ()


_FIELDS = {name for name in Contact.__dataclass_fields__}


def parse_contacts(data: Any) -> Contacts:
    """Validate ``extra.contacts``; every problem names the key and the fix."""
    if data is None:
        return Contacts()
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise KbpressError(Problem(WHERE, "centre: と emergency: を持つマッピングにしてください"))
    for key in data:
        if key not in ("centre", "emergency"):
            problems.append(Problem(WHERE, f"未知のキー '{key}' です。使えるキー: centre, emergency"))
    centre = _contact(data.get("centre"), "centre", problems) if data.get("centre") is not None else None
    entries = data.get("emergency") or []
    if not isinstance(entries, list):
        problems.append(Problem(WHERE, "emergency: は連絡先のリスト (- name: …) にしてください"))
        entries = []
    emergency = tuple(_contact(entry, f"emergency[{i}]", problems) for i, entry in enumerate(entries))
    if problems:
        raise KbpressError(problems)
    return Contacts(centre=centre, emergency=emergency)


def _contact(data: Any, key: str, problems: list[Problem]) -> Contact:
    if not isinstance(data, dict):
        problems.append(Problem(WHERE, f"{key}: は name: などを持つマッピングにしてください"))
        return Contact(name="")
    values = {}
    for field, value in data.items():
        if field not in _FIELDS:
            problems.append(Problem(WHERE, f"{key}.{field}: 未知のキーです。使えるキー: {', '.join(sorted(_FIELDS))}"))
        elif not isinstance(value, (str, int)) or isinstance(value, bool):
            problems.append(Problem(WHERE, f"{key}.{field}: 文字列で書いてください (電話番号は \"03-0000-0000\" のように引用符で囲みます)"))
        else:
            values[field] = str(value).strip()
    if not values.get("name"):
        problems.append(Problem(WHERE, f"{key}: name: (窓口の名前) がありません"))
    checks = (("phone", _PHONE_RE, "数字・ハイフン・括弧と先頭の + # * だけで書いてください (例: \"03-0000-0000\"、\"#9110\")"),
              ("mail", _MAIL_RE, "メールアドレスの形 (例: soudan@example.jp) にしてください"),
              ("url", _URL_RE, "https:// で始まる URL にしてください"))
    for field, pattern, fix in checks:
        if values.get(field) and not pattern.match(values[field]):
            problems.append(Problem(WHERE, f"{key}.{field}: '{values[field]}' は使えません。{fix}"))
    return Contact(**{**values, "name": values.get("name", "")})


def tel_href(phone: str) -> str:
    """``tel:`` URL of a displayed number: 03-0000-0000 -> tel:03-0000-0000, #9110 -> tel:%239110."""
    digits = re.sub(r"[\s()]", "", phone)
    return "tel:" + quote(digits, safe="+-*0123456789")


def mail_href(mail: str) -> str:
    return "mailto:" + mail


def _a(href: str, text: str, label: str = "") -> str:
    extra = f' aria-label="{escape(label, quote=True)}"' if label else ""
    return f'<a href="{escape(href, quote=True)}"{extra}>{escape(text)}</a>'


def methods(contact: Contact) -> list[tuple[str, str, str]]:
    """(method name, link HTML, hours) for each way to reach a desk."""
    rows = []
    if contact.phone:
        rows.append(("電話", _a(tel_href(contact.phone), contact.phone), contact.phone_hours))
    if contact.mail:
        rows.append(("メール", _a(mail_href(contact.mail), contact.mail), contact.mail_hours))
    if contact.url:
        rows.append((contact.url_label or "ウェブサイト", _a(contact.url, contact.url), contact.url_hours))
    return rows


def link_dicts(contact: Contact | None) -> list[dict[str, str]]:
    """The same rows for templates (footer): plain strings, the link already built."""
    if contact is None:
        return []
    return [{"method": method, "link": link, "hours": hours} for method, link, hours in methods(contact)]


def _table(caption: str, headers: tuple[str, ...], rows: list[tuple[str, ...]], css: str) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = "".join(f'<td data-label="{escape(h, quote=True)}">{cell}</td>' for h, cell in zip(headers, row))
        body.append(f"<tr>{cells}</tr>")
    caption_html = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="kb-contacts {css}">{caption_html}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def centre_html(contacts: Contacts) -> str:
    """The centre's desk: one row per way to reach it."""
    centre = contacts.centre
    if centre is None:
        return ""
    rows = [(escape(method), link, escape(hours)) for method, link, hours in methods(centre)]
    return _table(centre.name, ("方法", "連絡先", "受付時間"), rows, "kb-contacts--centre")


def emergency_html(contacts: Contacts) -> str:
    """Who to contact in which situation, with every number and address tappable."""
    if not contacts.emergency:
        return ""
    rows = []
    for entry in contacts.emergency:
        reach = [f'<span class="kb-contacts__name">{escape(entry.name)}</span>']
        for method, link, hours in methods(entry):
            when = f'<span class="kb-contacts__hours">（{escape(hours)}）</span>' if hours else ""
            reach.append(f'<span class="kb-contacts__method">{escape(method)}: {link}{when}</span>')
        rows.append((escape(entry.situation), "<br>".join(reach), escape(entry.offers)))
    return _table("", ("状況", "主な相談・届出先", "伝えること・期待できること"), rows, "kb-contacts--emergency")


RENDERERS = {"centre": centre_html, "emergency": emergency_html}


def expand_placeholders(markdown: str, contacts: Contacts, shown_path: str, first_line: int = 1) -> str:
    """Replace each ``<!-- kbpress:contacts NAME -->`` line by its table (a raw HTML block)."""
    if "kbpress:contacts" not in markdown:
        return markdown

    def replace(match: re.Match) -> str:
        name = match.group(1)
        renderer = RENDERERS.get(name)
        line = first_line + markdown.count("\n", 0, match.start())
        if renderer is None:
            raise KbpressError(Problem(shown_path, f"'{name}' という連絡先の一覧はありません。centre か emergency にしてください", line))
        html_text = renderer(contacts)
        if not html_text:
            raise KbpressError(
                Problem(shown_path, f"mkdocs.yml の extra.contacts.{name} がないため、連絡先を表示できません。mkdocs.yml に書いてください", line)
            )
        return "\n" + html_text + "\n"

    return PLACEHOLDER_RE.sub(replace, markdown)
