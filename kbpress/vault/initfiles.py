"""The files ``kbpress init --vault`` writes: mkdocs.yml, taxonomy.yml, a volume, a feed, a README."""

from __future__ import annotations

import json

from ..model import AUDIENCES, Kind, Page
from .scan import VaultScan
from .settings import DEFAULT_FIELDS, DEFAULT_REDIRECTS, TEMPLATE_FOLDERS
from .terms import term_slug

DEFAULT_CATEGORY = ("general", "その他")
MAX_CHAPTERS = 200  # a guidebook volume is read on a phone; more notes belong in a second volume


def _field_lines(scan: VaultScan) -> list[str]:
    lines = []
    for name, keys in DEFAULT_FIELDS.items():
        used = [key for key in keys if scan.keys.get(key)]
        if used:
            lines.append(f"          {name}: {json.dumps(used, ensure_ascii=False)}")
    return lines


def _unknown_keys(scan: VaultScan) -> list[str]:
    known = {key for keys in DEFAULT_FIELDS.values() for key in keys}
    return sorted(key for key in scan.keys if key not in known)


def mkdocs_yml(starter: str, docs_dir: str, scan: VaultScan, values: dict[str, str]) -> str:
    """The starter mkdocs.yml with the vault as docs_dir, a vault nav and the kbpress vault options."""
    text = starter.replace("docs_dir: docs\n", f"docs_dir: {json.dumps(docs_dir, ensure_ascii=False)}  # the Obsidian vault; nothing is written into it\n")
    nav_start, nav_end = text.index("nav:\n"), text.index("\nvalidation:")
    nav = ["ホーム: index.md", "分野: categories/index.md", "トピックス: topics/index.md", "更新情報: updates.md", "ガイドブック追補資料: guidebook.md", "フィード: feeds.md"]
    text = text[:nav_start] + "nav:\n" + "".join(f"  - {entry}\n" for entry in nav) + text[nav_end:]
    plugin = '  - kbpress:\n      taxonomy: taxonomy.yml\n      organisation: "' + values["organisation_q"] + '"\n'
    return text.replace(plugin, plugin + vault_block(scan))


def vault_block(scan: VaultScan) -> str:
    lines = ["      obsidian: true  # Obsidian Markdown: wikilinks, embeds, callouts", "      vault:", "        enabled: true"]
    lines += ["        # Which front-matter key gives which field (the first one with a value wins)."]
    lines += ["        fields:"] + (_field_lines(scan) or ["          title: [title]"])
    unknown = _unknown_keys(scan)
    if unknown:
        lines.append(f"        # Other keys in the notes, kept in the notes and not published: {', '.join(unknown)}")
    lines += _exclude_lines(scan)
    lines += ["        # When given, only notes inside these folders are published:", "        include: []"]
    if scan.templates:
        lines.append(f"        templates: {json.dumps(list(TEMPLATE_FOLDERS) + scan.templates, ensure_ascii=False)}")
    lines.append(f"        topic_folders: {json.dumps(scan.topic_folders, ensure_ascii=False)}  # dated notes for the feeds")
    if scan.needs_default_category:
        lines.append(f"        default_category: {DEFAULT_CATEGORY[0]}  # notes at the top of the vault that name no category")
    lines.append(f"        redirects: {DEFAULT_REDIRECTS}")
    return "\n".join(lines) + "\n"


def _exclude_lines(scan: VaultScan) -> list[str]:
    lines = ["        # Folders never published, besides .obsidian/, .trash/, the template folders and what the vault's",
             "        # Obsidian settings leave out (Excluded files, daily notes), which are read at every build.",
             "        # Proposed by kbpress init from the folder names: to publish one, delete its line."]
    if not scan.private_folders:
        lines.append("        exclude: []")
    else:
        lines.append("        exclude:")
        lines += [f"          - {json.dumps(folder, ensure_ascii=False)}  # {reason}" for folder, reason in scan.private_folders.items()]
    lines += [f"        # Published, but look first: {json.dumps(folder, ensure_ascii=False)} ({reason})"
              for folder, reason in scan.ambiguous_folders.items()]
    if scan.obsidian.journal_folders or scan.obsidian.journal_names:
        lines.append("        publish_daily_notes: false  # daily notes are personal journals; true publishes them")
    return lines


def init_summary(scan: VaultScan) -> list[str]:
    """What init decided about privacy, for the person running it: which folders stay out, and why."""
    lines = []
    if scan.private_folders:
        lines.append("  公開しないフォルダ (名前から判断し、mkdocs.yml の vault: exclude: に入れました):")
        lines += [f"    {folder}/  … {reason}" for folder, reason in scan.private_folders.items()]
        lines.append("    公開するフォルダがあれば、mkdocs.yml の exclude: からその行を消してください")
    rules = scan.obsidian
    obsidian = [f"    {entry}  … Obsidian の「除外するファイル」" for entry in rules.ignore_filters]
    obsidian += [f"    {folder}/  … デイリーノート・定期ノート (日々の記録)" for folder in rules.journal_folders]
    obsidian += ["    日付の名前のノート (保管庫の一番上)  … デイリーノート・定期ノート (日々の記録)"] if rules.journal_names else []
    obsidian += [f"    {folder}/  … テンプレートのフォルダ" for folder in scan.templates]
    if obsidian:
        lines.append("  Obsidian の設定で公開しないもの (ビルドのたびに保管庫の .obsidian/ から読みます):")
        lines += obsidian
        if rules.journal_folders or rules.journal_names:
            lines.append("    デイリーノートを公開するなら mkdocs.yml の vault: に publish_daily_notes: true と書いてください")
    if rules.attachment_folder:
        lines.append(f"  添付ファイルのフォルダ {rules.attachment_folder}/ は、公開するノートが使うファイルだけを公開します")
    if scan.ambiguous_folders:
        lines.append("  公開しますが、中身を確かめてください (公開しないなら exclude: に加えます):")
        lines += [f"    {folder}/  … {reason}" for folder, reason in scan.ambiguous_folders.items()]
    if scan.kept_numbers:
        lines.append(f"  分類名には番号を残しました (除くと同じ名前になるため): {', '.join(scan.kept_numbers)}")
    return lines


def taxonomy_yml(scan: VaultScan) -> str:
    """Categories and tags as the vault names them, each with a stable ASCII slug."""
    categories = list(scan.categories)
    if scan.needs_default_category and DEFAULT_CATEGORY[1] not in categories:
        categories.append(DEFAULT_CATEGORY[1])
    lines = ["# The controlled vocabulary, filled in from the vault by kbpress init --vault.",
             "# Notes name terms as they always have (記事分類: [...], tags: [...]); the slug is the term's URL.", "", "categories:"]
    used: set[str] = set()
    for name in categories:
        slug = DEFAULT_CATEGORY[0] if name == DEFAULT_CATEGORY[1] and scan.needs_default_category else _unique(term_slug(name, "c"), used)
        used.add(slug)
        lines.append(f"  {slug}: {{name: {json.dumps(name, ensure_ascii=False)}, description: {json.dumps(name + 'についてのノートです。', ensure_ascii=False)}}}")
    lines += ["", "tags:" + ("" if scan.tags else " {}")]
    used = set()
    for name in scan.tags:
        slug = _unique(term_slug(name, "t"), used)
        used.add(slug)
        lines.append(f"  {slug}: {{name: {json.dumps(name, ensure_ascii=False)}}}")
    audiences = list(dict.fromkeys([*AUDIENCES, *scan.audiences]))
    lines += ["", "# Who a note is for (the mapped audience key); a note that names none is for everyone.", "audiences:"]
    lines += [f"  - {json.dumps(name, ensure_ascii=False)}" for name in audiences]
    return "\n".join(lines) + "\n"


def _unique(slug: str, used: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def volume_yml(pages: list[Page], values: dict[str, str]) -> str:
    """A guidebook volume of the published notes, by document id and then title."""
    articles = sorted((p for p in pages if p.kind is Kind.ARTICLE), key=lambda p: (p.meta.doc_id is None, p.meta.doc_id or "", p.title))
    chapters = [page.src_path for page in articles[:MAX_CHAPTERS]]
    lines = [
        "# ガイドブック追補資料: 保管庫のノートを一冊の EPUB にまとめます (サイトの /guidebook/notes.epub)。",
        "# 章は保管庫からの相対パスです。公開しないノートは入れられません (kbpress check が止めます)。",
        f"title: \"{values['site_name_q']} ノート集\"",
        "volume: 1",
        "language: ja",
        f"authors:\n  - \"{values['organisation_q']}\"",
        "chapters:",
    ]
    lines += [f"  - {json.dumps(src, ensure_ascii=False)}" for src in chapters]
    return "\n".join(lines) + "\n"


def feed_yml(values: dict[str, str]) -> str:
    return (
        "# topic_folders (mkdocs.yml) のノートのフィード: /feeds/notes.xml (RSS)、.atom、.json\n"
        f"title: \"{values['site_name_q']} お知らせ\"\n"
        f"description: \"{values['site_name_q']} の新しいお知らせです。\"\n"
        "language: ja\nlimit: 30\ncontent: full\n"
    )


def readme(site_name: str, docs_dir: str) -> str:
    return f"""# {site_name}

Obsidian の保管庫 (`{docs_dir}`) のノートを、そのまま kbpress で公開する知識ベースです。
ノートは保管庫で今までどおり書きます。この知識ベースは保管庫に何も書き込みません。

```console
python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
.venv/bin/kbpress check            # 公開するノート・公開しないノートの一覧と、直すところ
.venv/bin/mkdocs build --strict    # site/ にポータル・EPUB・フィードを作る
```

| パス | 内容 |
| --- | --- |
| `mkdocs.yml` | サイトの設定。`vault:` に front matter のキーの対応と、公開しないフォルダ |
| `taxonomy.yml` | 分類 (記事分類・フォルダ) とタグの語彙 |
| `redirects.yml` | 以前のアドレスからの転送。資料ID を変えたら `kbpress check --record-addresses` |
| `guidebook/`, `feeds/` | EPUB の巻とフィードの定義 |

公開しないノートには front matter に `公開: false` と書きます。
"""
