/* kbpress portal: the search page, backed by the Pagefind index (pagefind/).
 *
 * The index holds two-character terms of the pages' Japanese text (see
 * kbpress/search/tokens.py, spelled in ASCII) and the query is cut and
 * spelled the same way here, so
 * compound words and phrases (パスワード管理, 宅配業者をかたる) find the
 * pages they occur in. Everything is served by the portal itself: no
 * request leaves the site. ?q= is kept in the address, so a search can
 * be bookmarked and shared, and the header's plain form lands here.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-kb-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("kb-search-status");
  var list = document.getElementById("kb-search-results");
  var more = document.getElementById("kb-search-more");
  var siteRoot = new URL(form.getAttribute("data-site-root").replace(/\/?$/, "/"), window.location.href);
  var moduleUrl = new URL(form.getAttribute("data-pagefind-module"), window.location.href).href;
  var PAGE_SIZE = 10;
  var EXCERPT_BEFORE = 30;
  var EXCERPT_LENGTH = 110;
  var pagefind = null;
  var generation = 0;
  var pending = [];
  var pieces = [];
  var timer = null;

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(moduleUrl).then(function (module) {
        // Titles are weighted in the index itself (their terms sit in <h1>).
        return module.options({ baseUrl: siteRoot.pathname }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  /* The same rules as kbpress/search/tokens.py: runs of kana and kanji
   * become overlapping two-character terms, other words stay whole. The
   * index was built from these terms, so any phrase that occurs in a page
   * finds it, whatever the browser's own word segmentation says. */
  var CJK = "\u3005\u3006\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TOKEN_RE = new RegExp("([" + CJK + "]+)|((?:(?![" + CJK + "_])[\\p{L}\\p{N}])+)", "gu");

  function normalise(text) {
    return text.normalize("NFKC").toLowerCase();
  }

  function searchTerms(text) {
    var terms = [];
    var match;
    var source = normalise(text);
    TOKEN_RE.lastIndex = 0;
    while ((match = TOKEN_RE.exec(source)) !== null) {
      if (match[2]) {
        terms.push(match[2]);
      } else if (match[1].length === 1) {
        terms.push(match[1]);
      } else {
        for (var i = 0; i + 1 < match[1].length; i++) terms.push(match[1].slice(i, i + 2));
      }
    }
    return terms;
  }

  /* Japanese terms spelled in ASCII, as in the index: "q", then three
   * base-36 digits per character numbering the ranges below in order.
   * Pagefind would otherwise split kana and kanji into single characters. */
  var CJK_RANGES = [[0x3005, 0x3007], [0x3041, 0x3096], [0x309d, 0x309f], [0x30a1, 0x30fa], [0x30fc, 0x30ff],
                    [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]];

  function spellCharacter(code) {
    var number = 0;
    for (var i = 0; i < CJK_RANGES.length; i++) {
      var range = CJK_RANGES[i];
      if (code >= range[0] && code <= range[1]) {
        return ("00" + (number + code - range[0]).toString(36)).slice(-3);
      }
      number += range[1] - range[0] + 1;
    }
    return null;
  }

  function encodeTerm(term) {
    var spelled = "";
    for (var i = 0; i < term.length; i++) {
      var code = spellCharacter(term.charCodeAt(i));
      if (code === null) return term;  // a Latin word or number
      spelled += code;
    }
    return "q" + spelled;
  }

  /* The parts of a query that carry meaning: split at spaces,
   * punctuation and runs of hiragana (particles and endings), so
   * バックアップの取得 gives バックアップ and 取得. */
  function queryParts(query) {
    return normalise(query).split(/[\s\p{P}\p{S}\u3041-\u3096]+/u).filter(function (part) { return part.length > 0; });
  }

  /* What to mark in excerpts: the query as typed and its parts, longest first. */
  function queryPieces(query) {
    var pieces = normalise(query).split(/[\s\p{P}\p{S}]+/u).concat(queryParts(query));
    return pieces.filter(function (piece, index) {
      return piece.length > 0 && pieces.indexOf(piece) === index;
    }).sort(function (a, b) { return b.length - a.length; });
  }

  /* An excerpt of the page's text around the first piece found, with
   * every piece marked. Built with DOM nodes: page text is never HTML. */
  function excerptNode(text, pieces) {
    var paragraph = document.createElement("p");
    paragraph.className = "kb-search__excerpt";
    var folded = normalise(text);
    // NFKC can change lengths; fall back to the plain lower case text then.
    if (folded.length !== text.length) folded = text.toLowerCase();
    var first = -1;
    pieces.forEach(function (piece) {
      var at = folded.indexOf(piece);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var start = Math.max(0, first - EXCERPT_BEFORE);
    var end = Math.min(text.length, start + EXCERPT_LENGTH);
    var position = start;
    if (start > 0) paragraph.appendChild(document.createTextNode("…"));
    while (position < end) {
      var next = -1, length = 0;
      pieces.forEach(function (piece) {
        var at = folded.indexOf(piece, position);
        if (at >= 0 && at < end && (next < 0 || at < next)) { next = at; length = piece.length; }
      });
      if (next < 0) {
        paragraph.appendChild(document.createTextNode(text.slice(position, end)));
        break;
      }
      if (next > position) paragraph.appendChild(document.createTextNode(text.slice(position, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, Math.min(end, next + length));
      paragraph.appendChild(mark);
      position = next + length;
    }
    if (end < text.length) paragraph.appendChild(document.createTextNode("…"));
    return paragraph;
  }

  function resultItem(data, pieces) {
    var item = document.createElement("li");
    item.className = "kb-search__result";
    var link = document.createElement("a");
    link.className = "kb-search__title";
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    item.appendChild(link);
    item.appendChild(excerptNode((data.meta && data.meta.text) || "", pieces));
    return item;
  }

  function showMore(mine) {
    var batch = pending.splice(0, PAGE_SIZE);
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (items) {
      if (mine !== generation) return;
      items.forEach(function (data) { list.appendChild(resultItem(data, pieces)); });
      more.hidden = pending.length === 0;
    });
  }

  function find(module, text) {
    var terms = searchTerms(text);
    if (!terms.length) return Promise.resolve([]);
    return module.search(terms.map(encodeTerm).join(" ")).then(function (found) { return found.results; });
  }

  /* No page has every term: rank the pages that have some of the parts,
   * adding up their scores, so a long phrase still leads somewhere. */
  function findSome(module, parts) {
    return Promise.all(parts.map(function (part) { return find(module, part); })).then(function (lists) {
      var byId = new Map();
      lists.forEach(function (results) {
        results.forEach(function (result) {
          var seen = byId.get(result.id);
          if (seen) seen.total += result.score; else byId.set(result.id, { result: result, total: result.score });
        });
      });
      return Array.from(byId.values()).sort(function (a, b) { return b.total - a.total; })
        .map(function (entry) { return entry.result; });
    });
  }

  function search(query) {
    var mine = ++generation;
    query = query.trim();
    list.textContent = "";
    list.setAttribute("aria-busy", "true");
    more.hidden = true;
    pending = [];
    if (!query) {
      status.textContent = "";
      return Promise.resolve().then(function () { finish(mine, query); });
    }
    status.textContent = "検索しています…";
    pieces = queryPieces(query);
    var partial = false;
    return loadPagefind().then(function (module) {
      return find(module, query).then(function (results) {
        var parts = queryParts(query);
        if (results.length || parts.length < 2) return results;
        partial = true;
        return findSome(module, parts);
      });
    }).then(function (results) {
      if (mine !== generation) return;
      pending = results.slice();
      if (!pending.length) {
        status.textContent = "「" + query + "」に一致するページは見つかりませんでした。言葉を短くするか、別の言い方で探してください。";
        return;
      }
      status.textContent = partial
        ? "「" + query + "」をすべて含むページはありませんでした。一部の言葉を含むページ: " + pending.length + " 件"
        : "「" + query + "」の検索結果: " + pending.length + " 件";
      return showMore(mine);
    }).catch(function () {
      if (mine !== generation) return;
      status.textContent = "検索を準備できませんでした。ページを再読み込みしてください。";
    }).then(function () { finish(mine, query); });
  }

  /* Marks the list as complete for this query (assistive tech and tests). */
  function finish(mine, query) {
    if (mine !== generation) return;
    list.setAttribute("aria-busy", "false");
    list.setAttribute("data-query", query);
  }

  function remember(query) {
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.href);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    remember(input.value.trim());
    search(input.value);
  });

  // Search as the reader types, but not while an IME is still composing.
  input.addEventListener("input", function (event) {
    if (event.isComposing) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      remember(input.value.trim());
      search(input.value);
    }, 300);
  });
  input.addEventListener("compositionend", function () {
    input.dispatchEvent(new Event("input"));
  });

  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(generation).then(function () {
      var next = list.children[first];
      if (next) next.querySelector("a").focus();
    });
  });

  var initial = new URL(window.location.href).searchParams.get("q") || "";
  input.value = initial;
  if (initial.trim()) {
    search(initial);
  } else {
    input.focus();
  }
  // The tokenizer is compared with the Python one in the tests.
  window.kbpressSearch = { searchTerms: searchTerms, encodeTerm: encodeTerm };
  form.setAttribute("data-kb-ready", "");
})();
