"""X's refusals read by meaning: done already, a duplicate, rejected for a person, or a stop for the run."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from fake_x_api import CREATE, RETWEET, Behaviour, problem
from kbpress.social.problems import ALREADY, DUPLICATE, REJECTED, STOP, UNKNOWN, XProblem, classify
from socialsupport import publish
from test_social_posting import ALL_SOURCES, statuses

QUOTE_SOURCE, REPOST_SOURCE = "queue:quote-backup", "queue:repost-sms"


@dataclass(frozen=True)
class Refusal:
    name: str
    endpoint: str  # the first create is the quote's (queue items without a date go first); RETWEET: the repost's
    answer: Behaviour
    status: str  # the refused item's ledger status afterwards
    code: int  # the run's exit status
    message: str  # in the output (results or stop message)


PER_POST = [
    Refusal("duplicate content", CREATE,
            problem(403, "You are not allowed to create a Tweet with duplicate content."), "duplicate", 0, "同じ文面の投稿"),
    Refusal("already retweeted", RETWEET,
            problem(403, "You have already retweeted this Tweet."), "done", 0, "すでにリポスト・引用済み"),
    Refusal("already reposted, v1.1 code", RETWEET,
            Behaviour(status=403, body={"errors": [{"code": 327, "message": "You have already retweeted this Tweet."}]}),
            "done", 0, "すでにリポスト・引用済み"),
    Refusal("cannot quote a deleted post", CREATE,
            problem(403, "Cannot quote a deleted post."), "rejected", 1, "元の投稿が削除されたか見つかりません"),
    Refusal("quoted post not found", CREATE,
            problem(404, "Could not find tweet with quote_tweet_id: [1790000000000000001].", title="Not Found Error",
                    type_name="resource-not-found"), "rejected", 1, "元の投稿が削除されたか見つかりません"),
    Refusal("protected target", RETWEET,
            problem(403, "Sorry, you are not authorized to see the Tweet with id: [1790000000000000002].",
                    title="Authorization Error", type_name="not-authorized-for-resource"),
            "rejected", 1, "非公開 (鍵アカウント)"),
    Refusal("quoting not permitted", CREATE,
            problem(403, "Quoting this post is not allowed because you have not been mentioned or otherwise engaged "
                         "by the author of the post you are quoting."), "rejected", 1, "許可されていません"),
    Refusal("not permitted to reply", CREATE,
            problem(403, "You are not permitted to reply to this conversation."), "rejected", 1, "許可されていません"),
    Refusal("target account suspended", RETWEET,
            problem(403, "User is suspended: [1790000000000000002].", title="Forbidden", type_name="resource-unavailable"),
            "rejected", 1, "アカウントが凍結されています"),
    Refusal("text refused as invalid", CREATE,
            problem(400, "The text is too long.", title="Invalid Request", type_name="invalid-request"),
            "rejected", 1, "X が投稿の内容を受け付けません"),
]

STOPS = [
    Refusal("app without write permission", CREATE,
            problem(403, "Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.",
                    title="Unsupported Authentication", type_name="oauth1-permissions"),
            "not_posted", 1, "Read and Write"),
    Refusal("not permitted to perform this action", CREATE,
            problem(403, "You are not permitted to perform this action."), "not_posted", 1, "Read and Write"),
    Refusal("our account suspended", CREATE,
            problem(403, "Your account is suspended and is not permitted to access this feature."), "not_posted", 1,
            "アカウントが凍結・ロックされています"),
    Refusal("authentication", CREATE, problem(401, "Unauthorized", title="Unauthorized"), "not_posted", 1, "認証に失敗しました"),
]


@pytest.mark.parametrize("refusal", PER_POST, ids=[r.name for r in PER_POST])
def test_a_refusal_of_one_post_lets_the_others_go_out(project, fake_x, settings, credentials, refusal):
    fake_x.script(refusal.endpoint, refusal.answer)
    refused = QUOTE_SOURCE if refusal.endpoint == CREATE else REPOST_SOURCE

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == refusal.code, run.out + run.err
    assert statuses(project)[refused] == refusal.status
    assert all(statuses(project)[source] == "done" for source in ALL_SOURCES - {refused})
    assert refusal.message in run.out
    note = [r for r in project.ledger() if r["source"] == refused][-1]["note"]
    assert refusal.message in note and f"HTTP {refusal.answer.status}" in note
    if refusal.status == "rejected":
        assert f"要対応: social/{refused.removeprefix('queue:')}.yml: " in run.out

    again = publish(project, post=True, env=credentials, settings=settings)

    assert again.code == 0, again.out + again.err  # a recorded refusal is not retried, and blocks nothing
    assert "投稿するものはありませんでした" in again.out


@pytest.mark.parametrize("refusal", STOPS, ids=[r.name for r in STOPS])
def test_an_account_or_app_problem_stops_the_whole_run(project, fake_x, settings, credentials, refusal):
    fake_x.script(refusal.endpoint, refusal.answer)

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 1
    assert "投稿を中断しました: " in run.err and refusal.message in run.err
    assert list(statuses(project).values()) == ["not_posted"]  # nothing after it was sent
    assert len(fake_x.creates) + fake_x.count("POST", r"/2/users/42/retweets") == 1

    again = publish(project, post=True, env=credentials, settings=settings)  # fixed in the meantime

    assert again.code == 0, again.out + again.err
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}


def test_an_unrecognised_refusal_is_retried_next_run_and_others_continue(project, fake_x, settings, credentials):
    fake_x.script(CREATE, problem(403, "Something we have never seen."))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 1
    assert "X が理由の分からない形で投稿を拒否しました (HTTP 403 Forbidden: Something we have never seen.)" in run.out
    assert statuses(project)[QUOTE_SOURCE] == "not_posted"
    assert all(statuses(project)[source] == "done" for source in ALL_SOURCES - {QUOTE_SOURCE})

    again = publish(project, post=True, env=credentials, settings=settings)

    assert again.code == 0, again.out + again.err
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}


def test_two_unrecognised_refusals_in_a_row_stop_the_run(project, fake_x, settings, credentials):
    (project.root / "social" / "repost-sms.yml").unlink()  # quote, then the article: nothing succeeds in between
    fake_x.script(CREATE, problem(403, "Something we have never seen."), problem(403, "Something else new."))

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 1
    assert "投稿を中断しました: X が続けて投稿を拒否しました (HTTP 403 Forbidden: Something else new.)" in run.err
    assert sorted(statuses(project).values()) == ["not_posted", "not_posted"]
    assert len(fake_x.creates) == 2  # the topic was not tried


# -- the classification table on its own ------------------------------------------


@pytest.mark.parametrize(
    "found, expected",
    [
        (XProblem(403, "about:blank", "Forbidden", "You are not allowed to create a Tweet with duplicate content."), DUPLICATE),
        (XProblem(403, "", "", "Status is a duplicate.", (187,)), DUPLICATE),
        (XProblem(403, "about:blank", "Forbidden", "You have already retweeted this Post."), ALREADY),
        (XProblem(403, "about:blank", "Forbidden", "You have already quoted this post."), ALREADY),
        (XProblem(404, "https://api.twitter.com/2/problems/resource-not-found", "Not Found Error", "Could not find tweet"), REJECTED),
        (XProblem(403, "", "", "", (385,)), REJECTED),
        (XProblem(403, "", "", "", (433,)), REJECTED),
        (XProblem(403, "about:blank", "Forbidden", "Reply to this conversation is not allowed because you have not been mentioned."), REJECTED),
        (XProblem(403, "about:blank", "Forbidden", "You cannot retweet a Tweet from a protected user."), REJECTED),
        (XProblem(403, "https://api.twitter.com/2/problems/client-forbidden", "Client Forbidden", "This request must be made using an approved developer account"), STOP),
        (XProblem(403, "", "", "", (326,)), STOP),
        (XProblem(403, "about:blank", "Forbidden", "This account is temporarily locked."), STOP),
        (XProblem(401, "about:blank", "Unauthorized", "Unauthorized"), STOP),
        (XProblem(403, "about:blank", "Forbidden", "Quotes of this post are restricted by its author."), REJECTED),
        (XProblem(403, "about:blank", "Forbidden", "Replies to this conversation are limited to people mentioned."), REJECTED),
        (XProblem(403, "about:blank", "Forbidden", "Your account is restricted from posting at this time."), STOP),
        (XProblem(400, "about:blank", "Bad Request", "Tweet needs to be a bit shorter."), REJECTED),
        (XProblem(403, "about:blank", "Forbidden", ""), UNKNOWN),
        (XProblem(418, "", "I'm a teapot", ""), UNKNOWN),
    ],
)
def test_classification_by_type_code_and_words(found, expected):
    assert classify(found).kind == expected


def test_an_echo_of_our_own_text_is_not_read_as_the_reason():
    text = "「duplicate content」と表示されたら、同じ文面を二度送っていないか確かめましょう。"
    echoed = XProblem(403, "about:blank", "Forbidden", f"Could not authenticate you. text={text}")

    assert classify(echoed).kind == DUPLICATE  # read naively, the echo decides
    assert classify(echoed, sent_text=text).kind == STOP
