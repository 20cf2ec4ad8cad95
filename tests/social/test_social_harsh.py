"""A harsher X than our own: answers that are not what they seem, and what kbpress promises anyway.

Every row runs publish until nothing is left to do (at most three runs,
X's timeline caught up between them) and checks the promises: each item
posted exactly once on X, none lost (posted, or waiting for a person with
the item named), the documented exit codes, and no credential anywhere.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from fake_x_api import CREATE, RETWEET, TIMELINE, Behaviour, problem
from kbpress.model import JST
from socialsupport import publish
from test_social_leaks import leaks
from test_social_posting import ALL_SOURCES, statuses

REPOST_TARGET = "1790000000000000002"


def created(status: int = 201, **extra) -> dict:
    """Keyword arguments for a create answer that X did store (accept=True)."""
    return dict(status=status, accept=True, **extra)


def data_of(tweet: dict, **fields) -> bytes:
    return json.dumps({"data": {"id": tweet["id"], "text": tweet["text"], **fields}}).encode()


CREATE_ROWS = [
    # 2xx that is not plainly "here is your post"
    ("200 errors, no data, not stored", Behaviour(status=200, raw=b'{"errors": [{"message": "Internal error", "code": 131}]}'), 75),
    ("201 errors, no data, stored", Behaviour(**created(raw=b'{"errors": [{"title": "Partial failure"}]}')), 0),
    ("201 data without id, stored", Behaviour(**created(raw=lambda t: json.dumps({"data": {"text": t["text"]}}).encode())), 0),
    ("201 data is a list", Behaviour(**created(raw=lambda t: json.dumps({"data": [{"id": t["id"]}]}).encode())), 0),
    ("201 id is a number", Behaviour(**created(raw=lambda t: json.dumps({"data": {"id": int(t["id"]), "text": t["text"]}}).encode())), 0),
    ("201 empty id", Behaviour(**created(raw=b'{"data": {"id": "", "text": ""}}')), 0),
    ("201 unknown fields", Behaviour(**created(raw=lambda t: data_of(t, shiny={"new": True}) [:-1] + b', "extra": [1, 2]}')), 0),
    ("201 JSON with a BOM", Behaviour(**created(raw=lambda t: b"\xef\xbb\xbf" + data_of(t), content_type="application/json; charset=utf-8")), 0),
    ("201 JSON as text/html", Behaviour(**created(raw=data_of, content_type="text/html; charset=utf-8")), 0),
    ("201 gzip-encoded", Behaviour(**created(raw=data_of, gzip=True)), 0),
    ("201 body cut short", Behaviour(**created(raw=data_of, cut_short=True)), 0),
    ("201 says gzip but is not", Behaviour(**created(raw=data_of, headers={"Content-Encoding": "gzip"})), 0),
    ("200 data and errors both", Behaviour(**created(200, raw=lambda t: data_of(t)[:-1] + b', "errors": [{"title": "partial"}]}')), 0),
    ("201 empty body", Behaviour(**created(raw=b"")), 0),
    ("201 not JSON at all", Behaviour(**created(raw=b"<html><body>OK</body></html>", content_type="text/html")), 0),
    # server trouble
    ("500 then success", Behaviour(status=500, body={"title": "Internal Server Error"}), 75),
    ("503 with retry-after", Behaviour(status=503, raw=b"", headers={"retry-after": "120"}), 75),
    ("502 HTML from a proxy, stored", Behaviour(**created(502, raw=b"<html><h1>502 Bad Gateway</h1>nginx</html>", content_type="text/html")), 0),
    ("504 HTML from a proxy, not stored", Behaviour(status=504, raw=b"<html><h1>504 Gateway Time-out</h1></html>", content_type="text/html"), 75),
    # refusals in other words
    ("403 duplicate: status is a duplicate", problem(403, "Status is a duplicate."), 0),
    ("403 duplicate: this post is a duplicate", problem(403, "This post is a duplicate of one you already posted."), 0),
    ("403 duplicate: type only", problem(403, "Forbidden", type_name="duplicate"), 0),
    ("403 duplicate: same text twice", problem(403, "You can't post the same text twice.", title="Duplicate"), 0),
    ("400 text too long", problem(400, "Your Tweet text is too long. For more information on how Twitter determines text length, see https://github.com/twitter/twitter-text.", title="Invalid Request", type_name="invalid-request"), 1),
]

# Stored by X, but the answer does not say so readably: found by the look-up at once, not sent again.
LOOKED_UP = {"201 errors, no data, stored", "201 says gzip but is not", "201 data without id, stored", "201 data is a list", "201 empty id",
             "201 body cut short", "201 empty body", "201 not JSON at all", "502 HTML from a proxy, stored"}
SETTLED_AS = {"403 duplicate": "duplicate", "400 text too long": "rejected"}


def runs_until_settled(project, fake_x, settings, credentials, *, most: int = 3):
    runs = []
    for _ in range(most):
        runs.append(publish(project, post=True, env=credentials, settings=settings))
        fake_x.catch_up()
        if runs[-1].code != 75:
            break
    return runs


def assert_promises(project, fake_x, runs) -> None:
    stored = [tweet["_original_text"] for tweet in fake_x.tweets if tweet["_original_text"]]
    assert len(stored) == len(set(stored)), f"posted twice: {stored}"
    for run in runs:
        assert run.code in (0, 1, 75), run.out + run.err
        assert "Traceback" not in run.err, run.err
        assert not leaks(run.out + run.err + project.ledger_path.read_text(encoding="utf-8"))
    assert set(statuses(project)) == ALL_SOURCES


def first_source(project) -> str:
    return project.ledger()[0]["source"]


@pytest.mark.parametrize("name, answer, first_code", CREATE_ROWS, ids=[row[0] for row in CREATE_ROWS])
def test_a_harsh_answer_to_a_post_never_posts_twice_or_loses_it(project, fake_x, settings, credentials, name, answer, first_code):
    fake_x.script(CREATE, answer)

    runs = runs_until_settled(project, fake_x, settings, credentials)

    assert runs[0].code == first_code, runs[0].out + runs[0].err
    assert_promises(project, fake_x, runs)
    settled = next((status for prefix, status in SETTLED_AS.items() if name.startswith(prefix)), "done")
    latest = statuses(project)
    assert latest[first_source(project)] == settled, runs[-1].out
    assert all(latest[source] == "done" for source in ALL_SOURCES - {first_source(project)})
    assert len([t for t in fake_x.tweets if t["_original_text"]]) == 3 - (settled != "done")
    assert fake_x.retweeted == {REPOST_TARGET}
    done = [r for r in project.ledger() if r["status"] == "done" and r["kind"] != "repost"]
    assert len(done) == 3 - (settled != "done")
    assert all(isinstance(r["remote_id"], str) and r["remote_id"].isdigit() for r in done), done
    if name in LOOKED_UP:
        assert len(runs) == 1 and len(fake_x.creates) == 3
        assert [r["note"] for r in done if r["source"] == first_source(project)][0].startswith("found on X after")


def test_a_redirect_is_not_followed_with_the_post(project, fake_x, settings, credentials):
    elsewhere = fake_x.base_url.replace("127.0.0.1", "localhost") + "/elsewhere/2/tweets"
    fake_x.script(CREATE, Behaviour(status=307, raw=b"", headers={"Location": elsewhere}))

    runs = runs_until_settled(project, fake_x, settings, credentials)

    assert not [call for call in fake_x.calls if call[1].startswith("/elsewhere")], "the post went to another address"
    assert runs[0].code == 75, runs[0].out + runs[0].err
    assert "転送" in runs[0].out
    assert_promises(project, fake_x, runs)
    assert set(statuses(project).values()) == {"done"}


def in_an_hour() -> datetime:
    return (datetime.now(timezone.utc) + timedelta(hours=1)).replace(microsecond=0)


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


RATE_ROWS = [
    ("reset in the past", lambda: {"x-rate-limit-reset": "1000000000"}, lambda: "解除時刻は返されませんでした"),
    ("reset not a number", lambda: {"x-rate-limit-reset": "soon"}, lambda: "解除時刻は返されませんでした"),
    ("reset with a fraction", lambda: {"x-rate-limit-reset": f"{int(in_an_hour().timestamp())}.5"}, lambda: "解除時刻は返されませんでした"),
    ("reset years ahead", lambda: {"x-rate-limit-reset": "4102444800"}, lambda: "解除時刻は返されませんでした"),
    ("reset missing", lambda: {}, lambda: "解除時刻は返されませんでした"),
    ("retry-after in seconds, no reset", lambda: {"retry-after": "3600"}, lambda: "以降に再実行してください"),
    ("retry-after as an HTTP date", lambda: {"retry-after": http_date(in_an_hour())},
     lambda: f"{in_an_hour().astimezone(JST):%Y-%m-%d %H:}"),
]


@pytest.mark.parametrize("name, headers, says", RATE_ROWS, ids=[row[0] for row in RATE_ROWS])
def test_a_rate_limit_in_any_spelling_pauses_the_run(project, fake_x, settings, credentials, name, headers, says):
    fake_x.script(CREATE, Behaviour(status=429, body={"title": "Too Many Requests", "detail": "Too Many Requests"}, headers=headers()))

    first = publish(project, post=True, env=credentials, settings=settings)

    assert first.code == 75, first.out + first.err
    assert says() in first.err
    assert "1970" not in first.err and "2001" not in first.err
    runs = [first, *runs_until_settled(project, fake_x, settings, credentials)]
    assert_promises(project, fake_x, runs)
    assert set(statuses(project).values()) == {"done"}


USAGE_CAP = {
    "title": "UsageCapExceeded", "detail": "Usage cap exceeded: Monthly product cap", "type": "https://api.twitter.com/2/problems/usage-capped",
    "period": "Monthly", "scope": "Product",
}


@pytest.mark.parametrize("status", [429, 403])
def test_the_monthly_usage_cap_stops_for_a_person(project, fake_x, settings, credentials, status):
    fake_x.script(CREATE, Behaviour(status=status, body=USAGE_CAP, echo=True))

    first = publish(project, post=True, env=credentials, settings=settings)

    assert first.code == 1, first.out + first.err
    assert "月間" in first.err and "開発者ポータル" in first.err
    assert len(fake_x.creates) == 1  # nothing more is tried against a cap
    runs = [first, *runs_until_settled(project, fake_x, settings, credentials)]
    assert_promises(project, fake_x, runs)
    assert set(statuses(project).values()) == {"done"}


def test_an_expired_token_in_the_middle_of_a_run_stops_and_loses_nothing(project, fake_x, settings, credentials):
    fake_x.script(CREATE, None, problem(401, "Unauthorized", title="Unauthorized"))  # the first post goes through

    first = publish(project, post=True, env=credentials, settings=settings)

    assert first.code == 1, first.out + first.err
    assert "X の認証に失敗しました" in first.err
    runs = [first, *runs_until_settled(project, fake_x, settings, credentials)]
    assert_promises(project, fake_x, runs)
    assert set(statuses(project).values()) == {"done"}


TIMELINE_ROWS = [
    ("created_at without fractions", dict(created_at_format="%Y-%m-%dT%H:%M:%SZ")),
    ("created_at with an offset", dict(created_at_format="%Y-%m-%dT%H:%M:%S.%f+00:00")),
    ("created_at without a zone", dict(created_at_format="%Y-%m-%d %H:%M:%S")),
    ("created_at in the old format", dict(created_at_format="%a %b %d %H:%M:%S +0000 %Y")),
    ("no created_at", dict(created_at_format=None)),
    ("one post a page", dict(page_size=1)),
    ("oldest first, one post a page", dict(page_size=1, oldest_first=True)),
]


@pytest.mark.parametrize("name, timeline", TIMELINE_ROWS, ids=[row[0] for row in TIMELINE_ROWS])
def test_the_lookup_reads_any_timeline_and_posts_nothing_twice(project, fake_x, settings, credentials, name, timeline):
    for key, value in timeline.items():
        setattr(fake_x, key, value)
    fake_x.script(CREATE, Behaviour(**created(500, body={"title": "Internal Server Error"})))
    fake_x.script(RETWEET, Behaviour(status=200, accept=True, hang=5))  # answered too late: looked up

    runs = runs_until_settled(project, fake_x, settings, credentials)

    assert runs[0].code == 0, runs[0].out + runs[0].err
    assert_promises(project, fake_x, runs)
    assert set(statuses(project).values()) == {"done"}
    assert len(fake_x.creates) == 3 and fake_x.count("POST", "/2/users/42/retweets") == 1


def test_a_timeline_that_fails_to_parse_leaves_the_post_pending_not_resent(project, fake_x, settings, credentials):
    fake_x.script(CREATE, Behaviour(**created(500, body={"title": "Internal Server Error"})))
    fake_x.always(TIMELINE, Behaviour(status=200, raw=b'{"data": "unavailable", "meta": {"result_count": "many"}}'))

    runs = [publish(project, post=True, env=credentials, settings=settings) for _ in range(2)]

    assert [run.code for run in runs] == [75, 75], runs[-1].out + runs[-1].err
    assert statuses(project)[first_source(project)] == "pending"
    assert "X の応答を読めませんでした" in runs[-1].out
    assert len(fake_x.creates) == 1, "the post in doubt was never sent again, and X's trouble paused the rest"
    del fake_x.persistent[TIMELINE]  # X reads well again: the post in doubt is found, the rest posted
    runs.append(publish(project, post=True, env=credentials, settings=settings))
    assert runs[-1].code == 0, runs[-1].out + runs[-1].err
    assert_promises(project, fake_x, runs)
    assert set(statuses(project).values()) == {"done"} and len(fake_x.creates) == 3


REPOST_ROWS = [
    ("200 errors only, not reposted", Behaviour(status=200, raw=b'{"errors": [{"title": "Service Unavailable", "detail": "try again"}]}'), 75),
    ("200 retweeted false, not reposted", Behaviour(status=200, raw=b'{"data": {"retweeted": false}}'), 75),
    ("200 empty body, reposted", Behaviour(status=200, accept=True, raw=b"{}"), 0),
    ("200 retweeted as a string, reposted", Behaviour(status=200, accept=True, raw=b'{"data": {"retweeted": "true"}}'), 0),
]


@pytest.mark.parametrize("name, answer, first_code", REPOST_ROWS, ids=[row[0] for row in REPOST_ROWS])
def test_a_repost_answer_that_does_not_say_reposted_is_looked_up(project, fake_x, settings, credentials, name, answer, first_code):
    fake_x.script(RETWEET, answer)

    runs = runs_until_settled(project, fake_x, settings, credentials)

    assert runs[0].code == first_code, runs[0].out + runs[0].err
    assert_promises(project, fake_x, runs)
    assert set(statuses(project).values()) == {"done"}, runs[-1].out
    assert fake_x.retweeted == {REPOST_TARGET}
    reposts = [r for r in project.ledger() if r["source"] == "queue:repost-sms"]
    assert reposts[-1]["remote_id"] == REPOST_TARGET
    if first_code == 75:  # not on X after the first run: pending, then found absent and reposted once
        assert [r["status"] for r in reposts][-3:] == ["not_posted", "pending", "done"]
        assert fake_x.count("POST", "/2/users/42/retweets") == 2
    else:
        assert reposts[-1]["note"].startswith("found on X after")


@pytest.mark.parametrize("minutes", [2, 12, 90])
def test_a_clock_ahead_of_x_still_finds_the_post_in_doubt(project, fake_x, settings, credentials, minutes):
    fake_x.clock_behind = minutes * 60  # X's clock behind ours: its created_at is "before" our pending record
    fake_x.refuse_duplicates = False  # only the lookup stands between the lost answer and a second post
    fake_x.script(CREATE, Behaviour(**created(500, body={"title": "Internal Server Error"})))

    runs = runs_until_settled(project, fake_x, settings, credentials)

    assert runs[0].code == 0, runs[0].out + runs[0].err
    assert_promises(project, fake_x, runs)
    assert set(statuses(project).values()) == {"done"} and len(fake_x.creates) == 3


def test_a_ledger_that_cannot_take_the_outcome_stops_clearly_and_posts_nothing_twice(project, fake_x, settings, credentials):
    """The post is on X but its outcome cannot be written (disk full, a changed mount): the run stops
    with the ledger named, and the next run finds the post instead of sending it again."""
    aside = project.ledger_path.with_name("ledger.aside")

    def ledger_gone():  # the ledger's place can no longer be appended to
        project.ledger_path.rename(aside)
        project.ledger_path.mkdir()

    fake_x.refuse_duplicates = False
    fake_x.script(CREATE, Behaviour(status=201, accept=True, on_accept=ledger_gone))

    first = publish(project, post=True, env=credentials, settings=settings)

    assert first.code == 1, first.out + first.err
    assert "Traceback" not in first.err
    assert "投稿台帳 social/ledger.jsonl に書き込めません" in first.err and "二重には投稿しません" in first.err
    project.ledger_path.rmdir()
    aside.rename(project.ledger_path)
    runs = [first, *runs_until_settled(project, fake_x, settings, credentials)]
    assert_promises(project, fake_x, runs)
    assert set(statuses(project).values()) == {"done"} and len(fake_x.creates) == 3
