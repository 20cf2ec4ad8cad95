"""Stable addresses: a note's document id gives its URL; redirects keep old addresses working.

``資料ID: Sec01-02`` -> ``docs/sec01-02/``: renaming or moving the note
keeps its address, the way the centre's documents are cited by number.
``redirects.yml`` (in the knowledge base's repository, next to mkdocs.yml)
has two maps: ``redirects`` (old address -> current address, each one a
small static page in the site) and ``addresses`` (every address the site
has published, recorded by ``kbpress check --record-addresses``). When an
address recorded there is no longer produced and no redirect covers it,
``kbpress check`` warns and proposes the redirect line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..model import KbpressError, Page, Problem
from ..yamlload import YamlError, load_yaml

ID_PREFIX = "docs"
_NON_ID_RE = re.compile(r"[^a-z0-9]+")
_ADDRESS_RE = re.compile(r"^[A-Za-z0-9._~%/-]+/$")


class IdError(ValueError):
    pass


def id_slug(value: object) -> str:
    """``Sec01-02`` -> ``sec01-02``; full-width forms are folded; other scripts are an :class:`IdError`."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text.isascii():
        raise IdError(f"'{value}' は URL になるため、半角英数字とハイフン・下線・ピリオドで書いてください (例: Sec01-02)")
    slug = _NON_ID_RE.sub("-", text.lower()).strip("-")
    if not slug:
        raise IdError(f"'{value}' から URL を作れません。半角英数字を含めてください (例: Sec01-02)")
    return slug


def id_url(slug: str) -> str:
    return f"{ID_PREFIX}/{slug}/"


def duplicate_id_problems(pages: list[Page], shown: dict[str, str]) -> tuple[list[Problem], set[str]]:
    """Two notes with one id: an error naming both; and the src_paths reported (left out of the URL check)."""
    owners: dict[str, Page] = {}
    problems, reported = [], set()
    for page in sorted(pages, key=lambda page: page.src_path):
        if page.meta.doc_id is None:
            continue
        other = owners.setdefault(page.meta.doc_id, page)
        if other is not page:
            reported.add(page.src_path)
            problems.append(
                Problem(
                    shown[page.src_path],
                    f"資料ID '{page.meta.doc_id}' が {shown[other.src_path]} と同じです。資料ID はノートごとに別の番号にしてください",
                    1,
                )
            )
    return problems, reported


@dataclass
class RedirectMap:
    """``redirects.yml``: old address -> current address, and the addresses published so far."""

    path: Path
    shown: str
    redirects: dict[str, str] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)  # address -> the note it was published from
    lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (section, address) -> line


def load_redirects(path: Path, shown: str) -> RedirectMap:
    """The map; an empty one when the file does not exist. :class:`KbpressError` naming file and line."""
    result = RedirectMap(path, shown)
    if not path.is_file():
        return result
    try:
        text = path.read_text(encoding="utf-8-sig")
        loaded = load_yaml(text)
    except UnicodeDecodeError:
        raise KbpressError(Problem(shown, "UTF-8 で保存されていません。UTF-8 で保存し直してください")) from None
    except YamlError as error:
        raise KbpressError(Problem(shown, str(error), error.line)) from None
    data = loaded.data or {}
    problems = []
    if not isinstance(data, dict):
        raise KbpressError(Problem(shown, "redirects: と addresses: のマッピングにしてください", 1))
    for key in data:
        if key not in ("redirects", "addresses"):
            problems.append(Problem(shown, f"未知のキー '{key}' です。使えるのは redirects と addresses です", loaded.key_lines.get(key)))
    line_of = _line_finder(text)
    for section in ("redirects", "addresses"):
        entries = data.get(section) or {}
        if not isinstance(entries, dict):
            problems.append(Problem(shown, f"{section} は「旧アドレス: 新アドレス」の並びにしてください", loaded.key_lines.get(section)))
            continue
        for old, new in entries.items():
            old, new = str(old).strip(), str(new or "").strip()
            line = line_of(old)
            result.lines[(section, old)] = line
            if not _ADDRESS_RE.match(old) or old.startswith("/"):
                problems.append(Problem(shown, f"'{old}' は docs/sec01-02/ のように、先頭の / なしで / で終わるサイト内のアドレスにしてください", line))
            if section == "redirects" and (not _ADDRESS_RE.match(new) and new != "/" or new.startswith("//")):
                problems.append(Problem(shown, f"'{old}' の転送先 '{new}' は docs/sec01-02/ の形のサイト内のアドレスにしてください", line))
            getattr(result, section)[old] = new.lstrip("/") if section == "redirects" else new
    if problems:
        raise KbpressError(problems)
    return result


def _line_finder(text: str):
    lines = text.splitlines()

    def line_of(address: str) -> int | None:
        starts = (f"{address}:", f"'{address}':", f'"{address}":')
        for number, line in enumerate(lines, start=1):
            if line.strip().startswith(starts):
                return number
        return None

    return line_of


def redirect_problems(redirects: RedirectMap, urls: set[str]) -> list[Problem]:
    """A redirect must lead to a page that exists and must not hide one."""
    problems = []
    for old, new in redirects.redirects.items():
        line = redirects.lines.get(("redirects", old))
        if old in urls:
            problems.append(Problem(redirects.shown, f"'{old}' は今も公開中のページのアドレスです。この転送の行を削除してください", line))
        elif new not in urls:
            problems.append(Problem(redirects.shown, f"'{old}' の転送先 '{new}' のページがありません。今のアドレス (kbpress check の一覧) に直してください", line))
    return problems


def lost_address_problems(redirects: RedirectMap, pages: list[Page]) -> list[Problem]:
    """Warnings for recorded addresses no page has any more, each with the redirect line to add."""
    urls = {page.url: page for page in pages}
    by_src = {page.src_path: page for page in pages}
    problems = []
    for old, src_path in redirects.addresses.items():
        if old in urls or old in redirects.redirects:
            continue
        target = proposed_target(old, src_path, by_src)
        if target is not None:
            how = f"redirects: に次の行を加えてください (kbpress check --record-addresses で自動で加えられます):\n  {old}: {target.url}"
        else:
            how = (f"ノートの移った先を redirects: に書いてください (  {old}: 〈今のアドレス〉)。"
                   "わざと削除したページなら、addresses: からこの行を削除してください")
        problems.append(
            Problem(
                redirects.shown,
                f"以前公開した /{old} ({src_path}) が今はありません。リンクが切れないよう、{how}",
                redirects.lines.get(("addresses", old)),
                severity="warning",
            )
        )
    return problems


def proposed_target(old: str, src_path: str, by_src: dict[str, Page]) -> Page | None:
    """The page an old address most likely became: the same note file (its id or slug changed)."""
    return by_src.get(src_path)


def recorded(redirects: RedirectMap, pages: list[Page]) -> tuple[dict[str, str], dict[str, str]]:
    """The maps after recording this state: every known redirect added, every current address recorded."""
    urls = {page.url for page in pages}
    by_src = {page.src_path: page for page in pages}
    new_redirects = dict(redirects.redirects)
    for old, src_path in redirects.addresses.items():
        target = proposed_target(old, src_path, by_src)
        if old not in urls and old not in new_redirects and target is not None:
            new_redirects[old] = target.url
    # A redirect chain a -> b -> c becomes a -> c: one hop for readers and crawlers.
    for old, new in new_redirects.items():
        seen = {old}
        while new in new_redirects and new not in seen:
            seen.add(new)
            new = new_redirects[new]
        new_redirects[old] = new
    addresses = {**redirects.addresses, **{page.url: page.src_path for page in sorted(pages, key=lambda p: p.url)}}
    return dict(sorted(new_redirects.items())), dict(sorted(addresses.items()))


def write_redirects(path: Path, redirects: dict[str, str], addresses: dict[str, str]) -> None:
    """``redirects.yml`` in a stable order, with the comments that explain it."""
    import json

    def entry(key: str, value: str) -> str:
        return f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}\n"

    text = (
        "# 以前のアドレス → 今のアドレス。サイトに転送ページ (旧アドレス/index.html) ができます。\n"
        "# 資料ID やファイル名を変えたあと、kbpress check --record-addresses で自動で加えられます。\n"
        "redirects:" + (" {}\n" if not redirects else "\n" + "".join(entry(k, v) for k, v in redirects.items()))
        + "\n# これまでに公開したアドレスと、そのノート (kbpress check --record-addresses が記録します)。\n"
        "addresses:" + (" {}\n" if not addresses else "\n" + "".join(entry(k, v) for k, v in addresses.items()))
    )
    path.write_text(text, encoding="utf-8")
