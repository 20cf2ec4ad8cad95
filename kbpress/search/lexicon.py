"""The built-in reader lexicon: the words readers type for the words security pages use.

A site whose editors wrote no ``synonyms:`` still meets readers who type
スマホ, MFA, ウイルスソフト, 乗っ取られた: ``lexicon.yml`` (package data,
beside this module) holds a few hundred general groups for security,
everyday IT and small-business words, in the syntax of the editors' list
(:mod:`kbpress.synonyms`, one parser for both). The index applies it on
every site, cut down to the words the site's pages use like the editors'
list, so a group no page needs costs nothing; the editors' lines add to
it, and ``lexicon: false`` in the ``kbpress-search`` options leaves it out.

``kbpress check`` does not check these lines against the pages (most
name words a given site never uses): only the editors' are reported.
The file is part of the package, so a change to it changes the code
identity and misses the dictionary cache.
"""

from __future__ import annotations

from pathlib import Path

from ..model import KbpressError, Problem
from ..synonyms import SECTION, SynonymRule, item_lines, parse_rules
from ..yamlload import YamlError, load_yaml

LEXICON_FILE = Path(__file__).resolve().with_name("lexicon.yml")


def load_lexicon(path: Path = LEXICON_FILE) -> tuple[SynonymRule, ...]:
    """The rules of a lexicon file; :class:`KbpressError` naming the file and line if one is malformed.

    Read afresh each time (once a build, about 20 ms): an edited file is never served stale.
    """
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        loaded = load_yaml(text)
    except OSError as error:
        raise KbpressError(Problem(shown, f"検索の組み込み辞書を読めません ({error})。kbpress を入れ直してください")) from None
    except YamlError as error:
        raise KbpressError(Problem(shown, str(error), error.line)) from None
    data = loaded.data if isinstance(loaded.data, dict) else {}
    rules, problems = parse_rules(data.get(SECTION), item_lines(text), shown, loaded.key_lines.get(SECTION))
    if problems or not rules:
        raise KbpressError(problems or [Problem(shown, f"{SECTION}: の行がありません")])
    return rules


def search_rules(editor_rules: tuple[SynonymRule, ...], lexicon: bool = True) -> tuple[SynonymRule, ...]:
    """The rules an index uses: the built-in lexicon (unless switched off), then the editors' lines."""
    return (load_lexicon() if lexicon else ()) + tuple(editor_rules)
