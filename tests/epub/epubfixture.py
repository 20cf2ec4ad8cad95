"""A hand-built site with every construct the EPUB must handle (see conftest.rich)."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from epubsupport import article, render
from kbpress.epub import Manifest
from kbpress.model import Kind, Page, PageMeta, Site

REPO = Path(__file__).resolve().parents[2]

RICH = """\
# バックアップの基本

はじめに[^1]。詳しくは [多要素認証](../passwords/#多要素認証) と [よくある質問](../../faq/#問い合わせ) を、
[公式サイト](https://www.ipa.go.jp/) も見てください。[同じページの表](#3-2-1-ルール)、
[トップ](../../)、[ポータルの記事](../outside/)、[PDF](../../files/checklist.pdf)。

![相談の流れを示す図](../../images/consultation-flow.png)

![](../../images/photo.png)

![スクリプト入りの図](../../images/bad.svg)

![安全な図](../../images/ok.svg)

## 3-2-1 ルール {#3-2-1-ルール}

!!! note "ポイント"
    データのコピーを 3 つ持ちます。

!!! warning
    外付けディスクは常時接続しないでください。

??? tip "折りたたみの補足"
    クラウドと外付けディスクを組み合わせます。

???+ danger "開いた状態の警告"
    ランサムウェアは接続中のディスクも暗号化します。

??? note "### 見出しとして書いた題"
    題を見出しの書き方で書くと、ポータルでは見出しになります。

=== "Windows"

    「ファイル履歴」を使います。

    === "Windows 11"
        設定アプリから。

    === "Windows 10"
        コントロールパネルから。

=== "macOS"
    Time Machine を使います。

| 項目 | 内容 | 頻度 |
|:-----|:----:|-----:|
| 業務データ | 外付けディスク | 毎日 |
| 会計データ | クラウド | 毎週 |

```python
def backup(path: str) -> None:
    print("コピー", path)  # コメント
```

行内の `code` と <kbd>Ctrl</kbd>+<kbd>C</kbd>。

- [x] 手順書を作った
- [ ] 復元を試した

用語
:   定義の説明。

<script>alert("x")</script>
<style>body { background: url(https://example.com/bg.png); }</style>
<iframe src="https://www.youtube.com/embed/abc"></iframe>
<form action="https://example.com/"><input type="text" name="q"><button>送信</button></form>
<p onclick="steal()" style="color: red" data-x="1">危険な属性の段落。<a href="javascript:alert(1)">危ないリンク</a></p>
<img src="https://example.com/remote.png" alt="外部の画像">
<img src="https://example.com/no-alt.png">
<font color="red">古いタグ</font>

### 復元の確認

もう一つの脚注[^note]。

[^1]: 最初の脚注です。
[^note]: 二つ目の脚注です。[最初の章へ](../passwords/)
"""

PASSWORDS = """\
# パスワード管理

## 多要素認証

[バックアップの表へ](../backup/#3-2-1-ルール)。[存在しない見出し](../backup/#nothing)。

![相談の流れを示す図](../../images/consultation-flow.png)
"""

FAQ = """\
# よくある質問

## 問い合わせ

窓口は平日に開いています。
"""

SAFE_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#283593"/></svg>
"""
SCRIPT_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"""


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


@dataclass
class Fixture:
    root: Path
    site: Site
    manifest: Manifest

    def with_mode(self, writing_mode: str) -> Manifest:
        from dataclasses import replace

        return replace(self.manifest, writing_mode=writing_mode)


def write_docs(docs: Path) -> None:
    (docs / "images").mkdir(parents=True)
    shutil.copy(REPO / "docs/images/consultation-flow.png", docs / "images/consultation-flow.png")
    (docs / "images/photo.png").write_bytes(jpeg_bytes())  # a JPEG with the wrong extension
    (docs / "images/ok.svg").write_bytes(SAFE_SVG)
    (docs / "images/bad.svg").write_bytes(SCRIPT_SVG)
    (docs / "files").mkdir()
    (docs / "files/checklist.pdf").write_bytes(b"%PDF-1.4\n")


def rich_pages() -> list[Page]:
    html, toc = render(FAQ)
    return [
        article("articles/backup.md", "バックアップの基本", RICH),
        article("articles/passwords.md", "パスワード管理", PASSWORDS),
        article("articles/outside.md", "巻に入っていない記事", "# 巻に入っていない記事\n\n本文。\n"),
        Page("faq.md", "faq/", PageMeta(kind=Kind.FAQ, title="よくある質問"), html=html, toc=toc),
    ]

