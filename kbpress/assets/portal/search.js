/* kbpress portal: the search page, backed by the site's own index
 * (search/index/, written by kbpress/search/index.py: see there for the
 * format) and the tokenizer and ranking of search-core.js.
 *
 * The index's description and dictionary load when the page opens; a
 * search then loads one small file per new term and one per result
 * shown. A search that finds nothing offers similar words from the pages
 * (w.json), the categories and the consultation desk. The page keeps
 * room for the results (search.css), so nothing moves while they arrive.
 * No request leaves the site; ?q= is kept in the address.
 */
(function (root) {
  "use strict";
  var library = root.kbpressSearchLibrary;
  var FORMAT_VERSION = library.FORMAT_VERSION;
  var createSearchCore = library.createSearchCore;
  var createRanker = library.createRanker;
  var distance = library.distance;

  var form = document.querySelector("[data-kb-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("kb-search-status");
  var list = document.getElementById("kb-search-results");
  var more = document.getElementById("kb-search-more");
  var wayOn = document.getElementById("kb-search-way-on");
  var suggestions = document.getElementById("kb-search-suggestions");
  var siteRoot = new URL(form.getAttribute("data-site-root").replace(/\/?$/, "/"), window.location.href);
  var indexRoot = new URL(form.getAttribute("data-index").replace(/\/?$/, "/"), window.location.href);
  var PAGE_SIZE = 10;
  var EXCERPT_BEFORE = 30;
  var EXCERPT_LENGTH = 110;
  var index = null;
  var vocabulary = null;
  var shards = new Map();
  var documents = new Map();
  var generation = 0;
  var pending = [];
  var pieces = [];
  var timer = null;

  /* meta.json is always revalidated; the other files carry its build id,
   * so a browser cache never pairs a new description with old shards. */
  function fetchJson(path, options) {
    return fetch(new URL(path, indexRoot).href, options).then(function (response) {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    });
  }

  function fetchIndexFile(meta, path) {
    return fetchJson(path + "?v=" + encodeURIComponent(meta.build));
  }

  function loadIndex() {
    if (!index) {
      index = fetchJson("meta.json", { cache: "no-cache" }).then(function (meta) {
        if (meta.version !== FORMAT_VERSION) throw new Error("search index version " + meta.version);
        var total = meta.lengths.reduce(function (sum, length) { return sum + length; }, 0);
        meta.averageLength = total / Math.max(1, meta.lengths.length);
        return Promise.all([fetchIndexFile(meta, "x.json"), fetchIndexFile(meta, "w.json")]).then(function (files) {
          meta.words = files[1];
          meta.core = createSearchCore(meta.contract, files[0], files[1]);
          meta.ranker = createRanker(
            meta,
            function (term) { return loadShard(meta, term); },
            function () { return loadVocabulary(meta); }
          );
          return meta;
        });
      });
      index.catch(function () { index = null; });  // a failed load is retried by the next search
    }
    return index;
  }

  /* The pages' frequent words, folded: typo corrections and "もしかして". */
  function loadVocabulary(meta) {
    if (!vocabulary) {
      vocabulary = Promise.resolve(meta.words.map(function (word) { return { word: word, folded: meta.core.normalise(word) }; }));
    }
    return vocabulary;
  }

  /* The shard holding every term that starts with this character (contract: shardRule). */
  function loadShard(meta, term) {
    var number = term.codePointAt(0) % meta.shards;
    if (!shards.has(number)) {
      var loading = fetchIndexFile(meta, "t/" + number + ".json");
      shards.set(number, loading);
      loading.catch(function () { shards.delete(number); });
    }
    return shards.get(number);
  }

  function loadDocument(meta, page) {
    if (!documents.has(page)) {
      var loading = fetchIndexFile(meta, "d/" + page + ".json");
      documents.set(page, loading);
      loading.catch(function () { documents.delete(page); });  // retried by the next attempt
    }
    return documents.get(page);
  }

  /* What to mark in excerpts: the query's phrases as typed (folded),
   * each word and its variants, longest first. ``typed`` holds the
   * phrases and words as the reader wrote them: the excerpt opens at the
   * first of those the page has, before falling back to a variant. */
  function queryPieces(core, query, words) {
    var typed = core.normalise(query).split(/[\s\p{P}\p{S}]+/u);
    words.forEach(function (word) { typed.push(word.text); });
    var all = typed.slice();
    words.forEach(function (word) { all = all.concat(word.alternatives); });
    function distinctLongestFirst(list) {
      return list.filter(function (piece, position) {
        return piece.length > 0 && list.indexOf(piece) === position;
      }).sort(function (a, b) { return b.length - a.length; });
    }
    var pieces = distinctLongestFirst(all);
    pieces.typed = distinctLongestFirst(typed);
    return pieces;
  }

  /* An excerpt of the page's text around the first piece found, with
   * every piece marked. Built with DOM nodes: page text is never HTML.
   * Pieces are folded, so they are looked for in the folded text, each
   * folded character remembering the character it came from. */
  function excerptNode(meta, text, pieces) {
    var paragraph = document.createElement("p");
    paragraph.className = "kb-search__excerpt";
    var folded = "", origin = [];
    for (var i = 0; i < text.length; i++) {
      var one = meta.core.normalise(text[i]);
      for (var k = 0; k < one.length; k++) { folded += one[k]; origin.push(i); }
    }
    origin.push(text.length);
    function found(from, among) {  // the first piece at or after ``from``, in the page's own characters
      var best = null;
      (among || pieces).forEach(function (piece) {
        var at = folded.indexOf(piece, from);
        if (at >= 0 && (!best || at < best.at)) best = { at: at, start: origin[at], end: origin[at + piece.length - 1] + 1 };
      });
      return best;
    }
    var first = found(0, pieces.typed || pieces) || found(0);
    var start = Math.max(0, (first ? first.start : 0) - EXCERPT_BEFORE);
    var end = Math.min(text.length, start + EXCERPT_LENGTH);
    var position = start;
    if (start > 0) paragraph.appendChild(document.createTextNode("…"));
    var cursor = 0;  // marks start at the window's start, before the piece it opens for
    while (cursor < origin.length - 1 && origin[cursor] < start) cursor++;
    var next = found(cursor);
    while (position < end) {
      while (next && next.start < position) next = found(next.at + 1);
      if (!next || next.start >= end) {
        paragraph.appendChild(document.createTextNode(text.slice(position, end)));
        break;
      }
      if (next.start > position) paragraph.appendChild(document.createTextNode(text.slice(position, next.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next.start, Math.min(end, next.end));
      paragraph.appendChild(mark);
      position = next.end;
      cursor = next.at + 1;
      next = found(cursor);
    }
    if (end < text.length) paragraph.appendChild(document.createTextNode("…"));
    return paragraph;
  }

  function resultItem(meta, data, pieces) {
    var item = document.createElement("li");
    item.className = "kb-search__result";
    var link = document.createElement("a");
    link.className = "kb-search__title";
    link.href = new URL(data.url, siteRoot).href;
    link.textContent = data.title || data.url;
    item.appendChild(link);
    item.appendChild(excerptNode(meta, data.text || "", pieces));
    return item;
  }

  /* The next results; they leave ``pending`` only once shown, so a failed
   * load can be tried again with the same button. */
  function showMore(mine) {
    var batch = pending.slice(0, PAGE_SIZE);
    return loadIndex().then(function (meta) {
      return Promise.all(batch.map(function (result) { return loadDocument(meta, result.page); })).then(function (items) {
        if (mine !== generation) return;
        pending = pending.slice(batch.length);
        var fragment = document.createDocumentFragment();
        items.forEach(function (data) { fragment.appendChild(resultItem(meta, data, pieces)); });
        list.appendChild(fragment);
        more.hidden = pending.length === 0;
      });
    });
  }

  /* Nothing found: the pages' words closest to what was typed. */
  function showSuggestions(meta, words) {
    suggestions.textContent = "";
    return loadVocabulary(meta).then(function (vocabulary) {
      var scored = [];
      words.forEach(function (word) {
        if (word.text.length < 2) return;
        var limit = Math.max(1, Math.floor(word.text.length / 3));
        vocabulary.forEach(function (entry) {
          if (Math.abs(entry.folded.length - word.text.length) > limit) return;
          var cost = distance(word.text, entry.folded);
          if (cost <= limit) scored.push({ word: entry.word, cost: cost });
        });
      });
      scored.sort(function (a, b) { return a.cost - b.cost || a.word.length - b.word.length || (a.word < b.word ? -1 : 1); });
      var shown = [];
      scored.forEach(function (entry) { if (shown.indexOf(entry.word) < 0 && shown.length < 5) shown.push(entry.word); });
      shown.forEach(function (word) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        var url = new URL(window.location.href);
        url.searchParams.set("q", word);
        link.href = url.href;
        link.textContent = word;
        item.appendChild(link);
        suggestions.appendChild(item);
      });
      suggestions.parentNode.hidden = shown.length === 0;
    });
  }

  function search(query) {
    var mine = ++generation;
    query = query.trim();
    list.setAttribute("aria-busy", "true");
    if (!query) {
      list.textContent = "";
      more.hidden = true;
      wayOn.hidden = true;
      pending = [];
      status.textContent = "";
      return Promise.resolve().then(function () { finish(mine, query); });
    }
    var partial = false;
    return loadIndex().then(function (meta) {
      var words = meta.core.queryWords(query);
      pieces = queryPieces(meta.core, query, words);
      return meta.ranker.find(words).then(function (results) {
        partial = results.length > 0 && results[0].words < library.requiredWords(words).length;
        if (mine !== generation) return;
        // Results replace the old ones in one step, so nothing moves twice.
        list.textContent = "";
        more.hidden = true;
        pending = results.slice();
        if (!pending.length) {
          status.textContent = "「" + query + "」に一致するページは見つかりませんでした。";
          wayOn.hidden = false;
          return showSuggestions(meta, words);
        }
        wayOn.hidden = true;
        status.textContent = partial
          ? "「" + query + "」をすべて含むページはありませんでした。一部の言葉を含むページ: " + pending.length + " 件"
          : "「" + query + "」の検索結果: " + pending.length + " 件";
        return showMore(mine);
      });
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
    }).catch(function () {
      status.textContent = "続きの結果を読み込めませんでした。もう一度「さらに表示」を押してください。";
    });
  });

  var initial = new URL(window.location.href).searchParams.get("q") || "";
  input.value = initial;
  if (initial.trim()) {
    search(initial);
  } else {
    input.focus();
    loadIndex().catch(function () {});  // ready before the first Enter
  }
  // The tokenizer is compared with the Python one in the tests.
  root.kbpressSearch = {
    searchTerms: function (text) { return loadIndex().then(function (meta) { return meta.core.searchTerms(text); }); }
  };
  form.setAttribute("data-kb-ready", "");
})(typeof window !== "undefined" ? window : globalThis);
