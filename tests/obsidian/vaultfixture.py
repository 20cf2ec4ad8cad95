"""A small Obsidian vault as specialists keep one: Japanese names, sub-folders, images and real attachments.

The notes carry kbpress's own front matter (the Japanese keys are a
separate mapping); their bodies are written in Obsidian's syntax.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

from PIL import Image

from tests.projects import OUTPUT_PLUGINS, FixtureProject, front_matter, mkdocs_yml, new_project

VAULT_MKDOCS = mkdocs_yml(plugins="  - kbpress-search\n" + OUTPUT_PLUGINS).replace(
    "      taxonomy: taxonomy.yml\n", "      taxonomy: taxonomy.yml\n      obsidian: true\n"
)

PHISHING = front_matter(title="フィッシングメールの見分け方", description="不審なメールを見分ける観点です。", category="mail",
                        tags=["phishing"], audience=["従業員"], updated="2025-09-01", slug="phishing-signs") + """\
```table-of-contents
title: 目次
```

## 見分ける観点

送信元を確かめます。パスワードについては [[パスワード 管理【基本】]] を、
使い回しの危険は [[パスワード 管理【基本】#使い回しをやめる|使い回しの話]] を読んでください。
%% 社内メモ: A社の事例はまだ書かない %%
==本文のリンクは押さない== ことが大切です。

![[フィッシングメールの例.png|400]]

> [!warning] 添付ファイルに注意
> 請求書を装った ZIP ファイルは開かないでください。
> 詳しくは ![[資料/注意喚起チラシ.pdf]] をご覧ください。

> [!tip]- 届いてしまったら
> 連絡票 ![[連絡票.docx|連絡票の様式]] で知らせてください。
> > [!note] 補足
> > 受信トレイから削除するだけで大丈夫です。

| 観点 | 説明 |
| --- | --- |
| 送信元 | [[パスワード 管理【基本】\\|管理の基本]] と合わせて |

%%
ここから下は非公開の下書き: 顧客名 株式会社サンプル商事
%%

コードの例: `[[これはリンクではない]]` と

```text
> [!note] これもコードのまま
%% これもコード %%
```
"""

PASSWORD = front_matter(title="パスワード管理の基本", description="パスワードの扱いの基本です。", category="mail",
                        tags=["phishing"], audience=["従業員"], updated="2025-09-02", slug="password-basics") + """\
## 使い回しをやめる

同じパスワードを使い回さないでください。[[フィッシングメールの見分け方#見分ける観点]] も参照してください。
保管の方法は [[バックアップ手順]] にあります。

## 長さ

十分な長さにします。
"""

NOTICE = front_matter(title="注意喚起のお知らせ", date="2026-10-01T10:00:00+09:00", slug="notice-flyer",
                      categories=["alert"], summary="注意喚起チラシを公開しました。") + """\
[[フィッシングメールの見分け方]] をもとにしたチラシです: [[注意喚起チラシ.pdf|チラシ]]
"""

MANIFEST = "title: 対策集\nvolume: 1\nchapters:\n  - articles/フィッシング対策/フィッシングメールの見分け方.md\n  - articles/パスワード 管理【基本】.md\n"
ALERTS_FEED = "title: 注意喚起\ncategories: [alert]\n"

# Saved on a Mac: the file name is decomposed (NFD); links to it are typed composed (NFC).
BACKUP_FILE = unicodedata.normalize("NFD", "articles/バックアップ手順.md")
BACKUP = front_matter(title="バックアップの手順", description="バックアップの手順です。", category="data",
                      tags=["backup"], audience=["従業員"], updated="2025-09-03", slug="backup-steps") + "## 手順\n\n外付けの媒体に保存します。\n"

PRIVATE_TEXT = "株式会社サンプル商事"  # written only in a comment and in a draft: must reach no output


def tiny_pdf() -> bytes:
    """A valid one-page PDF (objects, cross-reference table, trailer)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def tiny_docx() -> bytes:
    """A minimal Word document (the three parts Word needs)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        docx.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                      'Target="word/document.xml"/></Relationships>')
        docx.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                      'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>連絡票</w:t></w:r></w:p></w:body></w:document>')
    return buffer.getvalue()


def png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def new_vault(root: Path) -> FixtureProject:
    project = new_project(root, VAULT_MKDOCS, {
        "articles/フィッシング対策/フィッシングメールの見分け方.md": PHISHING,
        "articles/パスワード 管理【基本】.md": PASSWORD,
        "topics/2026/お知らせ.md": NOTICE,
        "topics/下書き/相談記録.md": front_matter(title="相談記録", date="2026-10-02T10:00:00+09:00", slug="consultation",
                                              categories=["alert"], summary="相談の記録です。", draft=True)
        + f"{PRIVATE_TEXT} からの相談。\n",
    })
    project.write(f"docs/{BACKUP_FILE}", BACKUP)
    project.write_bytes("docs/画像/フィッシングメールの例.png", png())
    project.write_bytes("docs/画像/未使用の写真.png", png(10, 10))
    project.write_bytes("docs/資料/注意喚起チラシ.pdf", tiny_pdf())
    project.write_bytes("docs/添付/連絡票.docx", tiny_docx())
    project.write_bytes("docs/非公開/顧客一覧.xlsx", b"PK\x03\x04 not used by any published note")
    project.write("guidebook/basics.yml", MANIFEST)
    project.write("feeds/alerts.yml", ALERTS_FEED)
    return project
