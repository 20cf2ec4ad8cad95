"""Vault folder names: ordering prefixes, and the names that say a folder is not for readers.

Specialists number their folders so Obsidian's file list keeps their order
(``10 メール``, ``01_相談記録``, ``(1) 端末``, ``１０　メール``); the
number is not part of the name. A name that is only a number (``2024``)
is kept as it is, and so is a number the name needs (``2024年度``,
``5G 対策``: no separator after the digits).

``kbpress init --vault`` proposes folders for ``exclude:`` by their names,
compared after NFKC, case folding and without the ordering prefix. The
lists are split by how sure the name is: PRIVATE names hold what a help
desk keeps beside its articles (consultation records, customer files,
minutes, journals, drafts) and are proposed; AMBIGUOUS names often hold
publishable notes too (an archive of old articles, anonymised case
studies), so they are only pointed out. Proposing too much costs one line
deleted from mkdocs.yml; proposing too little publishes a record.
"""

from __future__ import annotations

import re
import unicodedata

# Digits (any script, so full-width too) or a number in brackets, then a separator.
_ORDER_PREFIX_RE = re.compile(r"^\s*(?:[(（\[［]\s*\d+\s*[)）\]］]|\d+(?:[.．\-－]\d+)*(?:[.．)）]|(?=[\s_＿\-－・:：、])))[\s_＿\-－・:：、.．]*(?=[^\s\d_＿\-－・:：、.．])")
_SPACING_RE = re.compile(r"[\s_\-・]+")

# Name (normalised) -> why a folder so named is not published.
_REASONS = {
    "records": "相談・対応の記録 (相談者や顧客が分かる内容)",
    "customers": "顧客・取引先の情報",
    "meetings": "議事録・会議のメモ",
    "journals": "日報・日記などの個人の記録",
    "personal": "個人のメモ・未整理のメモ置き場 (読み手向けに書かれていない)",
    "internal": "社内向け・非公開・下書き",
    "business": "人事・契約・見積・請求などの社内の書類",
}
PRIVATE_NAMES: dict[str, str] = {
    **dict.fromkeys(("相談記録", "相談履歴", "相談対応記録", "相談メモ", "対応記録", "対応履歴", "相談", "相談対応",
                     "問い合わせ記録", "問合せ記録", "インシデント記録", "consultations"), "records"),
    **dict.fromkeys(("顧客", "顧客情報", "顧客管理", "取引先", "相談者", "案件", "customers", "clients", "crm"), "customers"),
    **dict.fromkeys(("議事録", "会議メモ", "会議", "打ち合わせ", "打合せ", "ミーティング", "meetings", "minutes"), "meetings"),
    **dict.fromkeys(("日報", "週報", "月報", "日記", "日誌", "デイリーノート", "daily", "dailynotes", "dailies",
                     "journal", "journals", "diary", "periodic", "periodicnotes"), "journals"),
    **dict.fromkeys(("個人メモ", "個人", "私用", "メモ", "雑記", "inbox", "受信箱", "未整理", "personal", "scratch",
                     "fleeting"), "personal"),
    **dict.fromkeys(("非公開", "内部", "内部資料", "社内", "社内向け", "社内限", "社外秘", "部外秘", "機密", "秘密",
                     "下書き", "草稿", "書きかけ", "作業中", "private", "internal", "confidential", "secret", "drafts",
                     "draft", "wip"), "internal"),
    **dict.fromkeys(("人事", "契約", "契約書", "見積", "見積書", "見積り", "請求", "請求書", "経理", "給与", "hr",
                     "contracts", "invoices"), "business"),
}
# Words that make a longer name private too (相談記録2024, 議事録_旧, 社外秘資料); short or
# common words (人事, 契約, メモ) are matched only as the whole name, so 人事部向け stays public.
PRIVATE_WORDS = ("相談記録", "相談履歴", "対応記録", "顧客情報", "議事録", "会議メモ", "日報", "日記", "個人メモ",
                 "非公開", "社外秘", "部外秘", "機密", "下書き")
AMBIGUOUS_NAMES: dict[str, str] = {
    **dict.fromkeys(("archive", "archives", "アーカイブ", "過去ログ", "旧", "old"), "古いノートの置き場 (公開していた記事のこともある)"),
    **dict.fromkeys(("事例", "相談事例", "対応事例", "q&a", "faq"), "事例・よくある質問 (名前を伏せて公開するものも、元の記録のこともある)"),
}


def strip_order(name: str) -> str:
    """``10 メール`` -> ``メール``; a name that is only a number, or needs its number, as it is."""
    stripped = _ORDER_PREFIX_RE.sub("", name, count=1).strip()
    return stripped or name.strip()


def name_key(name: str) -> str:
    """How folder names are compared: NFKC, case folded, no ordering prefix, no spaces or separators."""
    return _SPACING_RE.sub("", strip_order(unicodedata.normalize("NFKC", name)).casefold())


def private_reason(name: str) -> str | None:
    """Why a folder with this name is proposed for ``exclude:``; None when its name says nothing."""
    key = name_key(name)
    group = PRIVATE_NAMES.get(key) or next((PRIVATE_NAMES[word] for word in PRIVATE_WORDS if word in key), None)
    return _REASONS[group] if group else None


def ambiguous_reason(name: str) -> str | None:
    """Why a folder with this name should be looked at before publishing; None when nothing to say."""
    return AMBIGUOUS_NAMES.get(name_key(name))
