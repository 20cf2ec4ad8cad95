"""The static page left at an old address: it sends readers and crawlers on to the current one."""

from __future__ import annotations

import html


def redirect_html(site_url: str, old: str, new: str, title: str) -> str:
    """A static redirect page: meta refresh, canonical and a plain link for readers without either."""
    relative = "../" * old.rstrip("/").count("/") + "../" + new if old != "" else new
    absolute = html.escape(site_url + new, quote=True)
    target = html.escape(relative, quote=True)
    name = html.escape(title)
    return (
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>移動しました: {name}</title>\n"
        f"<link rel=\"canonical\" href=\"{absolute}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
        "</head>\n<body>\n"
        f"<p>このページは移動しました: <a href=\"{target}\">{name}</a></p>\n"
        "</body>\n</html>\n"
    )
