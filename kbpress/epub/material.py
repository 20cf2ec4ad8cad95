"""Flattening Material / pymdownx widgets into static blocks a reader can page through.

The portal's collapsible blocks and tabs rely on CSS tricks with radio
buttons and on JavaScript; an e-book has neither. Each widget becomes a
plain block with a visible title, so nothing is hidden in the EPUB.
The functions work on an lxml.html tree before sanitising.
"""

from __future__ import annotations

from lxml import etree

# Python-Markdown titles an admonition without a title by its type in English.
DEFAULT_TITLES_JA = {
    "Note": "メモ", "Abstract": "要約", "Summary": "要約", "Tldr": "要約", "Info": "情報", "Todo": "やること",
    "Tip": "ヒント", "Hint": "ヒント", "Important": "重要", "Success": "成功", "Check": "確認", "Done": "完了",
    "Question": "質問", "Help": "ヘルプ", "Faq": "よくある質問", "Warning": "注意", "Caution": "注意",
    "Attention": "注意", "Failure": "失敗", "Fail": "失敗", "Missing": "不足", "Danger": "危険", "Error": "エラー",
    "Bug": "不具合", "Example": "例", "Quote": "引用", "Cite": "引用",
}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
TASK_DONE = "☑\u00a0"
TASK_OPEN = "☐\u00a0"


def has_class(element: etree._Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def remove_keeping_tail(element: etree._Element) -> None:
    """Remove ``element`` and its content, but not the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def unwrap(element: etree._Element) -> None:
    """Replace ``element`` by its children and text."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    text = element.text or ""
    children = list(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + (element.tail or "")
    else:
        text += element.tail or ""
    if text:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)


def flatten_widgets(root: etree._Element) -> None:
    """Apply every flattening below to the fragment under ``root``."""
    for element in list(root.iter("a", "details", "div", "input", "p")):
        if element.tag == "p" and has_class(element, "admonition-title"):
            translate_default_title(element)
        elif element.tag == "a" and has_class(element, "headerlink"):
            remove_keeping_tail(element)  # the "¶" permalink
        elif element.tag == "details":
            flatten_details(element)
        elif element.tag == "input":
            replace_task_checkbox(element)
    # Outer tab sets first: an inner set is still found after its parent moved it.
    for element in list(root.iter("div")):
        if has_class(element, "tabbed-set"):
            flatten_tabs(element)


def translate_default_title(title: etree._Element) -> None:
    """"Warning" -> "注意", but only for the untouched English default of the block's type."""
    parent = title.getparent()
    text = (title.text or "").strip()
    if len(title) or parent is None or text not in DEFAULT_TITLES_JA:
        return
    if text.lower() in (parent.get("class") or "").split():
        title.text = DEFAULT_TITLES_JA[text]


def flatten_details(details: etree._Element) -> None:
    """``<details><summary>T</summary>...`` -> an admonition-style block titled T."""
    classes = [c for c in (details.get("class") or "").split() if c]
    details.tag = "div"
    details.attrib.clear()
    details.set("class", " ".join(["admonition", "details", *classes]))
    for summary in details.findall("summary"):
        summary.tag = "p"
        summary.attrib.clear()
        summary.set("class", "admonition-title")
        # pymdownx.details makes a title written as a heading (`??? note "## 手順"`) a heading inside the
        # summary, which HTML allows there but not in a paragraph: the title keeps its text and anchor.
        for heading in [child for child in summary if child.tag in HEADINGS]:
            anchor = heading.get("id")
            heading.tag = "span"
            heading.attrib.clear()
            if anchor:
                heading.set("id", anchor)


def flatten_tabs(tab_set: etree._Element) -> None:
    """A pymdownx.tabbed set -> each label as a title line followed by its panel.

    Handles the alternate style Material requires (labels in
    ``.tabbed-labels``, panels in ``.tabbed-content``) and the classic one
    (label / ``.tabbed-content`` pairs as direct children).
    """
    labels: list[etree._Element] = []
    panels: list[etree._Element] = []
    for child in tab_set:
        if child.tag == "label":
            labels.append(child)
        elif child.tag == "div" and has_class(child, "tabbed-labels"):
            labels.extend(c for c in child if c.tag == "label")
        elif child.tag == "div" and has_class(child, "tabbed-content"):
            blocks = [c for c in child if c.tag == "div" and has_class(c, "tabbed-block")]
            panels.extend(blocks or [child])
    for child in list(tab_set):
        tab_set.remove(child)
    tab_set.text = None
    tab_set.attrib.clear()
    tab_set.set("class", "tabbed-set")
    for index, panel in enumerate(panels):
        if index < len(labels):
            label = labels[index]
            label.tag = "p"
            label.attrib.clear()
            label.set("class", "tabbed-label")
            label.tail = None
            tab_set.append(label)
        panel.attrib.clear()
        panel.set("class", "tabbed-block")
        panel.tail = None
        tab_set.append(panel)


def replace_task_checkbox(checkbox: etree._Element) -> None:
    """A pymdownx.tasklist checkbox -> a ballot-box character."""
    if (checkbox.get("type") or "").lower() != "checkbox":
        return
    mark = TASK_DONE if checkbox.get("checked") is not None else TASK_OPEN
    parent = checkbox.getparent()
    if parent is None:
        return
    span = etree.Element("span")
    span.set("class", "task-mark")
    span.text = mark
    span.tail = checkbox.tail
    parent.replace(checkbox, span)
