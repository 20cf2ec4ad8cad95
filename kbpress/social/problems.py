"""What an error answer from X means for the post and for the run.

X answers refusals with an RFC 7807 problem (``type``, ``title``,
``detail``), or with v1.1-style ``errors`` carrying numeric codes. Only
these fields are kept, cleaned and shortened: the rest of a body can echo
the request (headers included) and is never stored or shown.

Each problem falls into one class:

- ``ALREADY``: the post exists on X (already reposted, already quoted);
- ``DUPLICATE``: X already has this text (final; never sent again);
- ``REJECTED``: this post cannot be made as written (deleted or protected
  target, replies or quotes not permitted, invalid request): recorded
  with the reason for a person; later posts continue;
- ``STOP``: the account or the app cannot post at all (authentication,
  app permissions, our account suspended): the whole run stops;
- ``UNKNOWN``: a refusal we cannot place: the post is tried again on
  the next run, and a second such refusal in a row stops the run.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

ALREADY, DUPLICATE, REJECTED, STOP, UNKNOWN = "already", "duplicate", "rejected", "stop", "unknown"
_TITLE_LIMIT, _DETAIL_LIMIT = 80, 240


@dataclass(frozen=True)
class XProblem:
    status: int | None
    type: str = ""  # the problem type URI, e.g. https://api.twitter.com/2/problems/resource-not-found
    title: str = ""
    detail: str = ""
    codes: tuple[int, ...] = ()  # v1.1 error codes

    @property
    def type_name(self) -> str:
        """The last segment of the type URI ("resource-not-found"); "" for about:blank."""
        if not self.type or self.type == "about:blank":
            return ""
        return self.type.rstrip("/").rsplit("/", 1)[-1]

    def describe(self) -> str:
        """One line for people and the ledger: status, title, detail, type name."""
        parts = [f"HTTP {self.status}" if self.status else "HTTP ?"]
        if self.title:
            parts.append(self.title)
        text = " ".join(parts)
        if self.detail and self.detail != self.title:
            text += f": {self.detail}"
        if self.type_name:
            text += f" [{self.type_name}]"
        return text


@dataclass(frozen=True)
class Meaning:
    kind: str  # ALREADY, DUPLICATE, REJECTED, STOP or UNKNOWN
    reason: str  # in Japanese, for the summary and the ledger
    fix: str = ""  # what a person does about it (STOP only)


@dataclass(frozen=True)
class _Rule:
    meaning: Meaning
    types: tuple[str, ...] = ()
    codes: tuple[int, ...] = ()
    pattern: str | None = None


_OWN_ACCOUNT = Meaning(
    STOP, "センターの X アカウントが凍結・ロックされています", "X のアカウントの状態を確かめてください。解除されるまで投稿できません"
)
_APP = Meaning(
    STOP,
    "X のアプリに投稿の権限がないか、認証の方式が受け付けられません",
    "アプリの権限が Read and Write か、アクセストークンを権限変更後に再発行したかを確かめてください",
)
_USAGE_CAP = Meaning(
    STOP,
    "X API の月間の使用量の上限に達しました",
    "X の開発者ポータルで使用量とプランを確かめてください。上限が解除されるまで投稿できません",
)
_AUTH = Meaning(STOP, "X の認証に失敗しました", "X_API_KEY などの 4 つの値が正しいか確かめてください")
_GONE = Meaning(REJECTED, "元の投稿が削除されたか見つかりません")
_PROTECTED = Meaning(REJECTED, "元の投稿が非公開 (鍵アカウント) か、見る権限がありません")
_TARGET_SUSPENDED = Meaning(REJECTED, "元の投稿のアカウントが凍結されています")
_RESTRICTED = Meaning(REJECTED, "元の投稿の設定により、リポスト・引用・返信が許可されていません")
_INVALID = Meaning(REJECTED, "X が投稿の内容を受け付けません (文字数や形式)")

# Most specific first: an own-account problem before a target's, a named
# restriction before the generic "not permitted to perform this action".
RULES: tuple[_Rule, ...] = (
    _Rule(_OWN_ACCOUNT, codes=(64, 326),
          pattern=r"\b(your|this) account (is|has been|was) (temporarily )?(suspended|locked|restricted)"),
    _Rule(_USAGE_CAP, types=("usage-capped",), pattern=r"usage ?cap|monthly (product )?cap"),
    _Rule(_APP, types=("oauth1-permissions", "unsupported-authentication", "client-forbidden", "client-not-enrolled"),
          codes=(261, 453),
          pattern=r"app permissions|not configured with the appropriate|unsupported authentication|client forbidden"
                  r"|attached to a project|developer app|not permitted to perform this action|access level"),
    _Rule(Meaning(ALREADY, "X ではすでにリポスト・引用済みです"), codes=(327,),
          pattern=r"already (re-?tweeted|re-?posted|quoted)"),
    _Rule(Meaning(DUPLICATE, "同じ文面の投稿が X にすでにあります"), types=("duplicate", "duplicate-content"), codes=(187,),
          pattern=r"duplicate (content|tweet|post|status)|(status|tweet|post) is a duplicate"
                  r"|same (text|content|tweet|post|status) twice"),
    _Rule(_GONE, types=("resource-not-found",), codes=(8, 34, 144, 385, 421, 422),
          pattern=r"deleted|could not find|no status found|not found|does not exist|no longer (exists|available)"),
    _Rule(_TARGET_SUSPENDED, types=("resource-unavailable",), codes=(63,),
          pattern=r"user (is|has been) suspended|suspended (user|account)|account (of the author )?is suspended"),
    _Rule(_PROTECTED, types=("not-authorized-for-resource",), codes=(179, 328),
          pattern=r"protected|not authorized to (see|view|access) (this|the) (status|tweet|post)"),
    _Rule(_RESTRICTED, types=("disallowed-resource",), codes=(433, 136),
          pattern=r"not (permitted|allowed) to (reply|quote|retweet|repost)|(reply|replies) to this conversation is not"
                  r"|(quoting|quote of|retweeting|reposting) this (post|tweet) is not|cannot (quote|retweet|repost)"
                  r"|can'?t (quote|retweet|repost)|(have been|are) blocked|blocked from"
                  r"|(quotes?|quoting|reposts?|retweets?|repl(y|ies))\b[^.]{0,40}\b(restricted|limited|disabled)"),
    _Rule(_INVALID, types=("invalid-request",), codes=(186, 170),
          pattern=r"too long|(a bit|needs to be) shorter|text is (required|empty)|invalid (request|text|parameter)"),
    _Rule(_AUTH, codes=(32, 89, 99, 135, 215, 220),
          pattern=r"unauthori[sz]ed|authenticat|invalid or expired token"),
)
_COMPILED = [(rule, re.compile(rule.pattern, re.IGNORECASE) if rule.pattern else None) for rule in RULES]


def classify(problem: XProblem, *, sent_text: str | None = None) -> Meaning:
    """The meaning of a refusal, by type URI, then v1.1 code, then the words of title and detail.

    ``sent_text`` is removed from the words first: an answer that echoes our
    post must not be read as what it says (a post about "duplicate content").
    """
    if problem.status == 401:
        return _AUTH
    for rule, _pattern in _COMPILED:
        if problem.type_name and problem.type_name in rule.types:
            return rule.meaning
    for rule, _pattern in _COMPILED:
        if set(problem.codes) & set(rule.codes):
            return rule.meaning
    words = f"{problem.title} {problem.detail}"
    for echo in filter(None, {sent_text, *(sent_text or "").split("\n")}):
        if len(echo) >= 8:
            words = words.replace(echo, " ")
    for rule, pattern in _COMPILED:
        if pattern is not None and pattern.search(words):
            return rule.meaning
    if problem.status == 404:
        return _GONE
    if problem.status in (400, 409, 422):
        return _INVALID
    return Meaning(UNKNOWN, "X が理由の分からない形で投稿を拒否しました")


def problem_of(response, clean: Callable[[str], str]) -> XProblem:
    """The problem fields of an error answer; ``clean`` (redaction) runs on each before it is shortened."""
    status = getattr(response, "status_code", None)
    try:
        data = response.json()
    except ValueError:  # HTML from a proxy, an empty body: nothing of it is kept
        return XProblem(status, title=_tidy(_scrub(clean(str(getattr(response, "reason", "") or ""))), _TITLE_LIMIT))
    if not isinstance(data, dict):
        return XProblem(status)
    errors = [error for error in data.get("errors") or [] if isinstance(error, dict)]
    first = errors[0] if errors else {}
    codes = tuple(error["code"] for error in errors if isinstance(error.get("code"), int))

    def field(*names: str) -> str:
        for source in (data, first):
            for name in names:
                value = source.get(name)
                if isinstance(value, str) and value.strip():
                    return value
        return ""

    return XProblem(
        status=status,
        type=_tidy(_scrub(clean(field("type"))), 200),
        title=_tidy(_scrub(clean(field("title"))), _TITLE_LIMIT),
        detail=_tidy(_scrub(clean(field("detail", "message", "error"))), _DETAIL_LIMIT),
        codes=codes,
    )


# Request data an answer may repeat: header values and OAuth parameters are dropped even
# when they hold nothing the redactor knows (a nonce, a signature, another app's key).
_ECHO = re.compile(
    r"""(?ix)
    \b(authorization|proxy-authorization|cookie|x-api-key)\b\s*["']?\s*[:=]\s*["']?(oauth|bearer|basic)?[^,;)}\]]*
    | \boauth_[a-z_]+\s*=\s*("[^"]*"|[^\s,&;)]*)
    | \b(bearer|basic)\s+[a-z0-9._~+/=%-]{8,}
    """
)


def _scrub(text: str) -> str:
    return _ECHO.sub("[REDACTED]", text)


def _tidy(text: str, limit: int) -> str:
    """One line of printable text, cut to ``limit`` characters (after redaction, so no secret is cut in half)."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
