"""A bad queue file holds back only itself; the same post reposted twice is an error."""

from __future__ import annotations

from kbpress.social import check_social
from socialsupport import SITE_URL, publish
from test_social_posting import ALL_SOURCES, statuses

SHIFT_JIS = "id: quote-sjis\ntype: quote\nurl: https://x.com/example_account/status/1790000000000000009\ncomment: 注意喚起です。\n"
TAB_INDENTED = "id: quote-tab\ntype: quote\nurl: https://x.com/example_account/status/1790000000000000008\ncomment:\n\t注意喚起です。\n"
PROFILE_URL = "id: repost-profile\ntype: repost\nurl: https://x.com/example_account\n"
# The repost of social/repost-sms.yml again, copied from the app's share menu under another name.
SAME_REPOST = "id: repost-sms-again\ntype: repost\nurl: https://x.com/example_account/status/1790000000000000002?s=20\n"


def add_bad_files(project) -> None:
    (project.root / "social" / "quote-sjis.yml").write_bytes(SHIFT_JIS.encode("cp932"))
    project.write("social/quote-tab.yml", TAB_INDENTED)
    project.write("social/repost-profile.yml", PROFILE_URL)
    project.write("social/repost-sms-again.yml", SAME_REPOST)


def test_bad_queue_files_are_reported_and_skipped_the_good_ones_are_posted(project, fake_x, settings, credentials):
    add_bad_files(project)

    run = publish(project, post=True, env=credentials, settings=settings)

    assert run.code == 1
    # The good ones went out; nothing of the bad files was sent or recorded. The two files reposting
    # the same post are both held back: which one is meant is for a person to say.
    good = ALL_SOURCES - {"queue:repost-sms"}
    assert statuses(project) == {source: "done" for source in good}
    assert fake_x.count("POST", r"/2/users/42/retweets") == 0 and len(fake_x.creates) == 3
    assert not any(body.get("quote_tweet_id") in ("1790000000000000008", "1790000000000000009") for body in fake_x.creates)
    assert "social/quote-sjis.yml:4: 文字コードが UTF-8 ではありません" in run.err
    assert "social/repost-profile.yml:3: url 'https://x.com/example_account' は X の投稿の URL ではありません" in run.err
    assert "social/repost-sms-again.yml:3: social/repost-sms.yml と同じ投稿 (1790000000000000002) をリポストしようとしています" in run.err
    assert "social/repost-sms.yml:3: social/repost-sms-again.yml と同じ投稿 (1790000000000000002) をリポストしようとしています" in run.err
    assert run.err.count("social/quote-tab.yml:") == 1
    flagged = [line for line in run.out.splitlines() if line.startswith("要対応: ")]
    assert len(flagged) == 5 and all("読めないため投稿しませんでした" in line for line in flagged)

    (project.root / "social" / "repost-sms-again.yml").unlink()
    again = publish(project, post=True, env=credentials, settings=settings)

    assert again.code == 1  # the other bad files are still reported
    assert statuses(project) == {source: "done" for source in ALL_SOURCES}
    assert fake_x.count("POST", r"/2/users/42/retweets") == 1 and len(fake_x.creates) == 3


def test_the_dry_run_shows_the_plan_and_fails_on_bad_files(project):
    add_bad_files(project)

    run = publish(project, fmt="json")

    assert run.code == 1
    assert sorted(line["id"] for line in run.json_lines()) == sorted(ALL_SOURCES - {"queue:repost-sms"})
    assert len([line for line in run.err.splitlines() if line.startswith("social/")]) == 5


def test_kbpress_check_reports_a_second_repost_of_the_same_post(project):
    project.write("social/repost-sms-again.yml", SAME_REPOST)
    project.write("social/quote-sms.yml", "id: quote-sms\ntype: quote\nurl: https://x.com/a/status/1790000000000000002\ncomment: 要確認。\n")

    problems = check_social(project.root, [], SITE_URL)

    # Both files are named (quoting the same post as well is fine).
    assert sorted((p.path, p.line) for p in problems) == [("social/repost-sms-again.yml", 3), ("social/repost-sms.yml", 3)]
    assert all("どちらかのファイルを削除してください" in problem.message for problem in problems)
