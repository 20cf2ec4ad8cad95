"""From candidate to post: pick and drop, decisions typed in the inbox, and what publish plans."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml

from kbpress.model import KbpressError
from kbpress.social.textfit import weighted_length
from kbpress.watch.pick import drop, pick
from socialsupport import FAKE_CREDENTIALS, publish
from test_watch_x import BEARER, LIST_ID, fill_list
from watchsupport import run_watch, sources_yml

BIN = os.path.dirname(sys.executable)
IPA = "https://www.ipa.go.jp/security/security-alert/2026/alert20261030.html"
NPA_POST = "https://x.com/npa_cyber_ex/status/1852000000000000001"
CISA_POST = "https://x.com/cisa_example/status/1852000000000000002"


@pytest.fixture
def watched(site, x_lists, social_dir):
    """A watch run over a bookmark feed and an X list: web pages and X posts in the inbox."""
    fill_list(x_lists)
    feed = site.feed("/q/security.rss", "hatena-security.rdf")
    (social_dir / "sources.yml").write_text(
        sources_yml([{"name": "はてブ", "url": feed}, {"name": "注意喚起リスト", "x_list": f'"{LIST_ID}"'}]), encoding="utf-8"
    )
    run = run_watch(social_dir, env={"KBPRESS_X_API_BASE": x_lists.base_url, "X_BEARER_TOKEN": BEARER}, fmt="json")
    assert run.code == 0, run.err
    return {line["url"]: line["id"] for line in map(json.loads, run.out.splitlines())}


def inbox_entry(social_dir, candidate_id: str) -> dict:
    data = yaml.safe_load((social_dir / "inbox" / "2026-11-01.yml").read_text(encoding="utf-8"))
    return next(candidate for candidate in data["candidates"] if candidate["id"] == candidate_id)


def test_picked_web_page_and_x_posts_are_planned_with_kind_and_weighted_length(project, social_dir, watched):
    assert len(watched) == 6
    comment = "Ivanti 製品の脆弱性が悪用されています。VPN 機器をお使いの方は、修正版への更新を今すぐ確認してください。"
    quote = "米国の CISA が、悪用が確認された脆弱性として Ivanti 製品を追加しました。国内でも被害のおそれがあります。"

    page = pick(social_dir, "social", watched[IPA], "post", comment)
    quoted = pick(social_dir, "social", watched[CISA_POST], "quote", quote)
    reposted = pick(social_dir, "social", watched[NPA_POST], "repost", None)

    assert page.file == f"social/watch-{watched[IPA]}.yml" and (social_dir / f"watch-{watched[IPA]}.yml").is_file()
    planned = {line["target"]: line for line in publish(project, fmt="json").json_lines()}
    assert len(planned) == 3
    assert planned[IPA]["kind"] == "post"
    assert planned[IPA]["text"] == f"{comment}\n{IPA}"
    assert planned[IPA]["weighted_length"] == weighted_length(comment) + 1 + 23
    assert planned[CISA_POST]["kind"] == "quote" and planned[CISA_POST]["text"] == quote
    assert planned[CISA_POST]["weighted_length"] == weighted_length(quote)
    assert planned[NPA_POST]["kind"] == "repost" and planned[NPA_POST]["text"] is None
    assert inbox_entry(social_dir, watched[IPA])["queued"] == page.file
    assert inbox_entry(social_dir, watched[CISA_POST])["action"] == "quote"
    assert page.to_json()["weighted_length"] == planned[IPA]["weighted_length"]
    assert {quoted.entry.type, reposted.entry.type} == {"quote", "repost"}


def test_picked_candidates_are_posted_once_to_x(project, social_dir, watched, fake_x):
    pick(social_dir, "social", watched[IPA], "post", "IPA が Ivanti 製品の脆弱性対策を公開しました。")
    pick(social_dir, "social", watched[CISA_POST], "quote", "CISA の発表です。国内の VPN 機器にも関係します。")
    pick(social_dir, "social", watched[NPA_POST], "repost", None)
    env = {**FAKE_CREDENTIALS, "KBPRESS_X_API_BASE": fake_x.base_url}

    first = publish(project, post=True, env=env)
    second = publish(project, post=True, env=env)

    assert first.code == 0 and second.code == 0, first.err + second.err
    assert len(fake_x.creates) == 2
    texts = {body["text"]: body for body in fake_x.creates}
    assert f"IPA が Ivanti 製品の脆弱性対策を公開しました。\n{IPA}" in texts
    quote_body = texts["CISA の発表です。国内の VPN 機器にも関係します。"]
    assert quote_body["quote_tweet_id"] == "1852000000000000002"
    assert fake_x.retweeted == {"1852000000000000001"}


def test_a_comment_too_long_is_refused_at_once(social_dir, watched):
    too_long = "中小企業の皆さま、" + "脆弱性の対策をお願いします。" * 20

    with pytest.raises(KbpressError) as raised:
        pick(social_dir, "social", watched[IPA], "post", too_long)

    message = str(raised.value)
    assert "comment が長すぎます" in message and "/280" in message
    assert not list(social_dir.glob("watch-*.yml"))
    assert inbox_entry(social_dir, watched[IPA])["action"] is None


@pytest.mark.parametrize(
    ("url", "action", "comment", "expected"),
    [
        (IPA, "repost", None, "X の投稿ではないので repost できません"),
        (IPA, "quote", "引用します", "X の投稿ではないので quote できません"),
        (CISA_POST, "quote", None, "quote には引用に添える文章が必要です"),
        (NPA_POST, "repost", "一言", "repost にはコメントを付けられません"),
    ],
)
def test_picks_that_cannot_be_posted_say_why(social_dir, watched, url, action, comment, expected):
    with pytest.raises(KbpressError) as raised:
        pick(social_dir, "social", watched[url], action, comment)

    assert expected in str(raised.value)
    assert not list(social_dir.glob("watch-*.yml"))


def test_a_post_without_a_comment_uses_the_title(social_dir, watched):
    picked = pick(social_dir, "social", watched["https://gihyo.jp/article/2026/10/ransomware-sme-survey"], "post", None)

    assert picked.entry.comment.startswith("中小企業の3社に1社がランサムウェア被害を経験")


def test_picking_twice_or_an_unknown_id_is_refused(social_dir, watched):
    pick(social_dir, "social", watched[NPA_POST], "repost", None)

    with pytest.raises(KbpressError, match="すでに social/watch-"):
        pick(social_dir, "social", watched[NPA_POST], "quote", "やはり引用")
    with pytest.raises(KbpressError, match="候補 0123456789 が social/inbox/ にありません"):
        pick(social_dir, "social", "0123456789", "post", None)


def test_drop_marks_the_candidate_and_it_never_comes_back(site, social_dir, watched, x_lists, project):
    dropped = drop(social_dir, "social", watched[IPA])

    assert dropped.action == "drop" and inbox_entry(social_dir, watched[IPA])["action"] == "drop"
    assert publish(project, fmt="json").json_lines() == []
    again = run_watch(social_dir, env={"KBPRESS_X_API_BASE": x_lists.base_url, "X_BEARER_TOKEN": BEARER}, fmt="json")
    assert again.out == ""


def test_picked_and_posted_candidates_do_not_return_even_when_the_inbox_is_pruned(project, social_dir, watched, fake_x, x_lists):
    """The queue file and the ledger remember them too."""
    pick(social_dir, "social", watched[NPA_POST], "repost", None)
    publish(project, post=True, env={**FAKE_CREDENTIALS, "KBPRESS_X_API_BASE": fake_x.base_url})
    (social_dir / "inbox" / "2026-11-01.yml").unlink()
    (social_dir / "watch-state.json").unlink()

    again = run_watch(social_dir, env={"KBPRESS_X_API_BASE": x_lists.base_url, "X_BEARER_TOKEN": BEARER}, fmt="json")

    urls = [json.loads(line)["url"] for line in again.out.splitlines()]
    assert len(urls) == 5 and NPA_POST not in urls
    (social_dir / f"watch-{watched[NPA_POST]}.yml").unlink()
    (social_dir / "inbox" / "2026-11-01.yml").unlink()
    third = run_watch(social_dir, env={"KBPRESS_X_API_BASE": x_lists.base_url, "X_BEARER_TOKEN": BEARER}, fmt="json")
    assert NPA_POST not in [json.loads(line)["url"] for line in third.out.splitlines()]  # the ledger still knows it


def edit_inbox(social_dir, candidate_id: str, action: str, comment: str | None = None) -> None:
    """What a specialist does in the pull request: set action: (and comment:) under the candidate."""
    path = social_dir / "inbox" / "2026-11-01.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"- id: {candidate_id}")
    action_line = next(i for i in range(start, len(lines)) if lines[i].startswith("  action:"))
    lines[action_line] = f"  action: {action}"
    if comment is not None:
        comment_line = next(i for i in range(start, len(lines)) if lines[i].startswith("  comment:"))
        lines[comment_line] = f"  comment: {comment}"
    path.write_text("\n".join(lines), encoding="utf-8")


def test_decisions_typed_in_the_inbox_are_planned_and_queued_on_publish(project, social_dir, watched, fake_x):
    edit_inbox(social_dir, watched[CISA_POST], "quote", "CISA が悪用を確認した脆弱性です。VPN 機器の更新を確認しましょう。")
    edit_inbox(social_dir, watched[IPA], "post", "IPA の注意喚起です。")

    dry = publish(project, fmt="json")

    assert {line["kind"] for line in dry.json_lines()} == {"quote", "post"}
    assert not list(social_dir.glob("watch-*.yml"))  # a dry run writes nothing
    done = publish(project, post=True, env={**FAKE_CREDENTIALS, "KBPRESS_X_API_BASE": fake_x.base_url})
    assert done.code == 0, done.err
    assert len(fake_x.creates) == 2
    assert sorted(path.name for path in social_dir.glob("watch-*.yml")) == sorted(
        [f"watch-{watched[CISA_POST]}.yml", f"watch-{watched[IPA]}.yml"]
    )
    assert inbox_entry(social_dir, watched[IPA])["queued"] == f"social/watch-{watched[IPA]}.yml"


def test_kbpress_check_names_bad_decisions_with_file_and_line(project, social_dir, watched):
    edit_inbox(social_dir, watched[IPA], "retweet")
    edit_inbox(social_dir, watched[NPA_POST], "quote")
    edit_inbox(social_dir, watched[CISA_POST], "quote", "脆弱性の悪用が続いています。" * 12)
    (social_dir / "sources.yml").write_text(
        "sources:\n  - name: JPCERT\n    url: www.jpcert.or.jp/rss/jpcert.rdf\n  - name: JPCERT\n    x_user: a\n", encoding="utf-8"
    )

    done = subprocess.run([os.path.join(BIN, "kbpress"), "check"], cwd=project.root, capture_output=True, text=True, timeout=120)

    assert done.returncode == 1
    lines = done.stdout.splitlines()
    inbox_lines = (social_dir / "inbox" / "2026-11-01.yml").read_text(encoding="utf-8").split("\n")
    action_line = inbox_lines.index("  action: retweet") + 1
    assert any(line.startswith(f"social/inbox/2026-11-01.yml:{action_line}: action 'retweet' は使えません") for line in lines), done.stdout
    comment_lines = [number for number, text in enumerate(inbox_lines, start=1) if text.startswith("  comment:")]
    npa_comment = next(n for n in comment_lines if n > inbox_lines.index(f"- id: {watched[NPA_POST]}"))
    cisa_comment = next(n for n in comment_lines if n > inbox_lines.index(f"- id: {watched[CISA_POST]}"))
    assert f"social/inbox/2026-11-01.yml:{npa_comment}: quote には引用に添える文章が必要です" in done.stdout
    assert f"social/inbox/2026-11-01.yml:{cisa_comment}: {watched[CISA_POST]}: comment が長すぎます: 336/280" in done.stdout
    assert any(line.startswith("social/sources.yml:3: url 'www.jpcert.or.jp/rss/jpcert.rdf'") for line in lines), done.stdout
    assert any(line.startswith("social/sources.yml:4: name 'JPCERT' は 2 行目と重複") for line in lines), done.stdout


def test_the_commands_pick_and_watch_from_the_command_line(project, social_dir, watched):
    run = [os.path.join(BIN, "kbpress"), "social", "pick", watched[CISA_POST], "--as", "quote", "--comment", "CISA の発表です。", "--format", "json"]

    done = subprocess.run(run, cwd=project.root, capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {
        "id": watched[CISA_POST],
        "queue_id": f"watch-{watched[CISA_POST]}",
        "file": f"social/watch-{watched[CISA_POST]}.yml",
        "kind": "quote",
        "url": CISA_POST,
        "text": "CISA の発表です。",
        "weighted_length": weighted_length("CISA の発表です。"),
    }
    refused = subprocess.run([*run[:3], "0000000000", "--as", "post"], cwd=project.root, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "候補 0000000000 が social/inbox/ にありません" in refused.stderr
    dropped = subprocess.run([os.path.join(BIN, "kbpress"), "social", "drop", watched[IPA]], cwd=project.root, capture_output=True, text=True, timeout=120)
    assert dropped.returncode == 0 and "投稿しないことにしました" in dropped.stdout


def test_a_decision_whose_queue_file_exists_is_planned_once(project, social_dir, watched):
    """A pick whose inbox update was lost (not committed) leaves action: without queued: beside its queue file."""
    pick(social_dir, "social", watched[NPA_POST], "repost", None)
    path = social_dir / "inbox" / "2026-11-01.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"  queued: social/watch-{watched[NPA_POST]}.yml\n", "  queued:\n"), encoding="utf-8")
    assert inbox_entry(social_dir, watched[NPA_POST])["queued"] is None

    planned = publish(project, fmt="json").json_lines()

    assert [(line["kind"], line["target"]) for line in planned] == [("repost", NPA_POST)]
