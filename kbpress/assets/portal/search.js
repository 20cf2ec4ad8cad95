/* kbpress portal: the search page, backed by the site's own index
 * (search/index/, written by kbpress/search/index.py: see there for the
 * format).
 *
 * The index holds two-character terms of the pages' Japanese text (see
 * kbpress/search/tokens.py) and the query is cut the same way here, so
 * compound words and phrases (パスワード管理, 宅配業者をかたる) find the
 * pages they occur in. A search loads the index's description, one small
 * file per query term and one per result shown: no request leaves the
 * site. ?q= is kept in the address, so a search can be bookmarked and
 * shared, and the header's plain form lands here.
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
  var indexRoot = new URL(form.getAttribute("data-index").replace(/\/?$/, "/"), window.location.href);
  var FORMAT_VERSION = 1;
  var PAGE_SIZE = 10;
  var EXCERPT_BEFORE = 30;
  var EXCERPT_LENGTH = 110;
  var BM25_K1 = 1.2;
  var BM25_B = 0.75;
  var PREFIX_WEIGHT = 0.5;  // a longer term found by its start counts half
  var index = null;
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
        return meta;
      });
      index.catch(function () { index = null; });  // a failed load is retried by the next search
    }
    return index;
  }

  /* The shard holding every term that starts with this character (index.py: shard_of). */
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
    link.href = new URL(data.url, siteRoot).href;
    link.textContent = data.title || data.url;
    item.appendChild(link);
    item.appendChild(excerptNode(data.text || "", pieces));
    return item;
  }

  /* The next results; they leave ``pending`` only once shown, so a failed
   * load can be tried again with the same button. */
  function showMore(mine) {
    var batch = pending.slice(0, PAGE_SIZE);
    return loadIndex().then(function (meta) {
      return Promise.all(batch.map(function (result) { return loadDocument(meta, result.page); }));
    }).then(function (items) {
      if (mine !== generation) return;
      pending = pending.slice(batch.length);
      items.forEach(function (data) { list.appendChild(resultItem(data, pieces)); });
      more.hidden = pending.length === 0;
    });
  }

  /* Pages holding ``term`` with its weight in each: the term itself, and
   * for a prefix (one character, or the last Latin word, perhaps still
   * being typed)
   * every longer term that starts with it. Postings are page numbers as
   * differences, each followed by the weight. */
  function postings(meta, term, prefix) {
    return loadShard(meta, term).then(function (terms) {
      var found = new Map();
      function add(list, factor) {
        var page = 0;
        for (var i = 0; i + 1 < list.length; i += 2) {
          page += list[i];
          found.set(page, (found.get(page) || 0) + list[i + 1] * factor);
        }
      }
      if (Object.prototype.hasOwnProperty.call(terms, term)) add(terms[term], 1);
      if (prefix) {
        Object.keys(terms).forEach(function (key) {
          if (key.length > term.length && key.lastIndexOf(term, 0) === 0) add(terms[key], PREFIX_WEIGHT);
        });
      }
      return found;
    });
  }

  /* Pages holding every term, best first (BM25 over the term weights). */
  function find(meta, text) {
    var terms = searchTerms(text).filter(function (term, position, all) { return all.indexOf(term) === position; });
    if (!terms.length) return Promise.resolve([]);
    return Promise.all(terms.map(function (term, position) {
      var latin = !new RegExp("[" + CJK + "]").test(term);
      var prefix = term.length === 1 || (latin && position === terms.length - 1);
      return postings(meta, term, prefix);
    })).then(function (found) {
      found.sort(function (a, b) { return a.size - b.size; });  // intersect from the rarest term
      var results = [];
      found[0].forEach(function (weight, page) {
        var score = 0;
        for (var i = 0; i < found.length; i++) {
          var w = found[i].get(page);
          if (w === undefined) return;
          var idf = Math.log(1 + (meta.pages - found[i].size + 0.5) / (found[i].size + 0.5));
          var norm = 1 - BM25_B + BM25_B * meta.lengths[page] / meta.averageLength;
          score += idf * w * (BM25_K1 + 1) / (w + BM25_K1 * norm);
        }
        results.push({ page: page, score: score });
      });
      return results.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    });
  }

  /* No page has every term: rank the pages that have some of the parts,
   * adding up their scores, so a long phrase still leads somewhere. */
  function findSome(meta, parts) {
    return Promise.all(parts.map(function (part) { return find(meta, part); })).then(function (lists) {
      var byPage = new Map();
      lists.forEach(function (results) {
        results.forEach(function (result) {
          byPage.set(result.page, (byPage.get(result.page) || 0) + result.score);
        });
      });
      return Array.from(byPage, function (entry) { return { page: entry[0], score: entry[1] }; })
        .sort(function (a, b) { return b.score - a.score || a.page - b.page; });
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
    return loadIndex().then(function (meta) {
      return find(meta, query).then(function (results) {
        var parts = queryParts(query);
        if (results.length || parts.length < 2) return results;
        partial = true;
        return findSome(meta, parts);
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
  }
  // The tokenizer is compared with the Python one in the tests.
  window.kbpressSearch = { searchTerms: searchTerms };
  form.setAttribute("data-kb-ready", "");
})();
