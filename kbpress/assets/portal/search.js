/* kbpress portal: the search page, backed by the Pagefind index (pagefind/).
 *
 * Pagefind segments Japanese pages at build time and the query in the
 * browser, so compound words and phrases (パスワード管理, バックアップの取得)
 * are found. Everything is served by the portal itself: no request leaves
 * the site. The form also works without this script: ?q= is kept in the
 * address, so a search can be bookmarked and shared.
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
  var pagefind = null;
  var generation = 0;
  var pending = [];
  var timer = null;

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(moduleUrl).then(function (module) {
        return module.options({
          baseUrl: siteRoot.pathname,
          excerptLength: 40,
          // Titles weigh more than body text: a page whose title is the
          // query is what a reader means.
          ranking: { metaWeights: { title: 10 } }
        }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  /* Pagefind's excerpt is HTML with <mark>; keep only text and <mark>. */
  function excerptNode(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var paragraph = document.createElement("p");
    paragraph.className = "kb-search__excerpt";
    holder.content.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "kb-search__result";
    var link = document.createElement("a");
    link.className = "kb-search__title";
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    item.appendChild(link);
    item.appendChild(excerptNode(data.excerpt || ""));
    return item;
  }

  function showMore(mine) {
    var batch = pending.splice(0, PAGE_SIZE);
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (items) {
      if (mine !== generation) return;
      items.forEach(function (data) { list.appendChild(resultItem(data)); });
      more.hidden = pending.length === 0;
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
    return loadPagefind().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      if (mine !== generation) return;
      pending = found.results.slice();
      if (!pending.length) {
        status.textContent = "「" + query + "」に一致するページは見つかりませんでした。言葉を短くするか、別の言い方で探してください。";
        return;
      }
      status.textContent = "「" + query + "」の検索結果: " + pending.length + " 件";
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
  form.setAttribute("data-kb-ready", "");
})();
