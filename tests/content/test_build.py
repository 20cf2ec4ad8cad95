"""Building fixture sites: URLs, section pages, drafts, breadcrumbs, failures."""

from __future__ import annotations

import re

from tests.projects import article, topic


def add_article(project, name, title, category="mail"):
    project.write(f"docs/articles/{name}.md", article(title, category=category))


def add_topic(project, name, title, date, slug, **extra):
    project.write(f"docs/topics/{date[:4]}/{name}.md", topic(title, date=date, slug=slug, **extra))


def test_build_writes_pages_at_ascii_urls_with_section_pages(fixture_project):
    add_article(fixture_project, "mail-basics", "不審なメールの見分け方")
    add_topic(fixture_project, "a", "偽SMSに注意", "2025-06-12T10:00:00+09:00", "fake-sms")
    result = fixture_project.build()
    assert result.returncode == 0, result.output
    site = fixture_project.site
    assert (site / "articles/mail-basics/index.html").is_file()
    assert (site / "topics/2025/fake-sms/index.html").is_file()
    for generated in ("categories/index.html", "categories/mail/index.html", "tags/phishing/index.html",
                      "topics/index.html", "topics/2025/index.html", "updates/index.html"):
        assert (site / generated).is_file(), generated
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in home
    category = (site / "categories/mail/index.html").read_text(encoding="utf-8")
    assert "不審なメールの見分け方" in category and "../../articles/mail-basics/" in category


def test_article_shows_breadcrumbs_and_japanese_dates(fixture_project):
    add_article(fixture_project, "mail-basics", "不審なメールの見分け方")
    add_topic(fixture_project, "a", "偽SMSに注意", "2025-06-12T10:00:00+09:00", "fake-sms")
    assert fixture_project.build().returncode == 0
    article = (fixture_project.site / "articles/mail-basics/index.html").read_text(encoding="utf-8")
    path = re.search(r'<nav class="md-path".*?</nav>', article, re.S).group(0)
    assert "解説記事" in path and "メール・フィッシング対策" in path
    assert "2025年9月1日" in article
    topic = (fixture_project.site / "topics/2025/fake-sms/index.html").read_text(encoding="utf-8")
    assert "2025年6月12日 10:00" in topic
    assert "2025年" in re.search(r'<nav class="md-path".*?</nav>', topic, re.S).group(0)


def test_nav_holds_sections_not_every_page(fixture_project):
    for index in range(30):
        add_article(fixture_project, f"a{index:02d}", f"記事その{index}")
    assert fixture_project.build().returncode == 0
    home = (fixture_project.site / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', home, re.S).group(0)
    assert "記事その1" not in nav
    assert "メール・フィッシング対策" in nav


def test_drafts_and_future_topics_stay_out_of_the_site(fixture_project):
    add_topic(fixture_project, "a", "公開済み", "2025-06-12T10:00:00+09:00", "published")
    add_topic(fixture_project, "b", "下書き", "2025-06-13T10:00:00+09:00", "draft-one", draft=True)
    add_topic(fixture_project, "c", "予約投稿", "2030-01-01T10:00:00+09:00", "future-one")
    result = fixture_project.build()
    assert result.returncode == 0, result.output
    site = fixture_project.site
    assert (site / "topics/2025/published/index.html").is_file()
    assert not (site / "topics/2025/draft-one").exists()
    assert not (site / "topics/2030").exists()
    assert "下書き" not in (site / "updates/index.html").read_text(encoding="utf-8")


def test_duplicate_slug_fails_naming_both_files(fixture_project):
    add_topic(fixture_project, "a", "一つ目", "2025-06-12T10:00:00+09:00", "same")
    add_topic(fixture_project, "b", "二つ目", "2025-07-12T10:00:00+09:00", "same")
    result = fixture_project.build()
    assert result.returncode != 0
    assert "docs/topics/2025/b.md:1: slug 'same' が docs/topics/2025/a.md と重複しています" in result.output
    assert "Traceback" not in result.output


def test_invalid_front_matter_fails_strict_build_and_keeps_previous_site(fixture_project):
    add_article(fixture_project, "mail-basics", "不審なメールの見分け方")
    assert fixture_project.build().returncode == 0
    before = {p.relative_to(fixture_project.site): p.read_bytes() for p in fixture_project.site.rglob("*") if p.is_file()}
    add_article(fixture_project, "broken", "壊れた記事", category="cooking")
    result = fixture_project.build()
    assert result.returncode != 0
    assert "docs/articles/broken.md:4:" in result.output and "cooking" in result.output
    after = {p.relative_to(fixture_project.site): p.read_bytes() for p in fixture_project.site.rglob("*") if p.is_file()}
    assert after == before
    leftovers = [p.name for p in fixture_project.root.iterdir() if p.name.startswith(".site")]
    assert leftovers == []


def test_generated_page_name_collision_is_an_error(fixture_project):
    fixture_project.write("docs/updates.md", "---\ntitle: 手書き\n---\n")
    result = fixture_project.build()
    assert result.returncode != 0
    assert "updates.md" in result.output and "自動で作られます" in result.output


def test_strict_warning_keeps_previous_site(fixture_project):
    """MkDocs aborts strict builds after on_post_build; the old site must survive that too."""
    add_article(fixture_project, "mail-basics", "不審なメールの見分け方")
    assert fixture_project.build().returncode == 0
    before = (fixture_project.site / "articles/mail-basics/index.html").read_bytes()
    fixture_project.write(
        "docs/articles/mail-basics.md",
        article("不審なメールの見分け方", category="mail") + '\n<p onclick="steal()">押してね</p>\n',
    )
    result = fixture_project.build()
    assert result.returncode != 0
    assert "docs/articles/mail-basics.md:13: on* 属性 は使えません" in result.output
    assert (fixture_project.site / "articles/mail-basics/index.html").read_bytes() == before
    relaxed = fixture_project.run("mkdocs", "build")
    assert relaxed.returncode == 0
    assert "steal()" in (fixture_project.site / "articles/mail-basics/index.html").read_text(encoding="utf-8")


def test_a_site_with_only_the_content_plugin_has_the_portal_styles_its_pages_link(fixture_project):
    result = fixture_project.build()
    assert result.returncode == 0, result.output
    home = (fixture_project.site / "index.html").read_text(encoding="utf-8")
    for name in ("kbpress.css", "kbpress.js"):
        assert f"assets/kbpress/{name}" in home
        assert (fixture_project.site / "assets" / "kbpress" / name).is_file(), name
