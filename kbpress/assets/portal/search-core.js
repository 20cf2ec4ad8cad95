/* kbpress portal: the search's tokenizer, query analysis and ranking.
 *
 * Every rule the page side and the query side share (character classes,
 * kana folding, stop words, ranking constants) comes from meta.json's
 * "contract", written by kbpress/search/contract.py; nothing here repeats
 * them. The same file runs in the browser (before search.js, which draws
 * the page) and under Node, where tests compare the tokenizer with the
 * Python one on generated strings and run the reader query set.
 *
 * A query is folded (ぱすわーど = パスワード, ウィルス = ウイルス), cut into
 * words (hiragana particles and endings such as を, したかも, って
 * どうすれば are dropped when the query has other words), and each word
 * is looked up as typed and as its spelling variants and synonyms (x.json).
 * Pages holding every word come first, then pages holding most of them,
 * so a typo or an extra word still finds the page.
 */
(function (root) {
  "use strict";

  var FORMAT_VERSION = 3;

  /* The tokenizer and query analysis, built from the index's contract. */
  function createSearchCore(contract, dictionary, words) {
    var CJK = contract.cjk;
    var LATIN = "(?:(?![" + CJK + "_])[\\p{L}\\p{N}])+";
    var JOINER = contract.joiner;
    var TOKEN_RE = new RegExp("([" + CJK + "]+)|(" + LATIN + "(?:" + "\\u{" + JOINER.codePointAt(0).toString(16) + "}" + LATIN + ")*)", "gu");
    var DIGITS_RE = /[0-9]+|[^0-9]+/g;
    var CJK_CHAR = new RegExp("[" + CJK + "]", "u");
    var hiraganaFirst = contract.hiragana[0], hiraganaLast = contract.hiragana[1], hiraganaOffset = contract.hiragana[2];
    var sizes = new Map();
    for (var i = 0; i + 1 < contract.small.length; i += 2) sizes.set(contract.small[i], contract.small[i + 1]);
    for (var d = 0; d < contract.dropped.length; d++) sizes.set(contract.dropped[d], "");
    var sequences = contract.sequences.slice().sort(function (a, b) { return b[0].length - a[0].length; });
    var SEQUENCE_RE = new RegExp(sequences.map(function (pair) { return pair[0]; }).join("|"), "g");
    var sequenceMap = new Map(sequences.map(function (pair) { return [pair[0], pair[1]]; }));
    var keys = (dictionary && dictionary.keys) || {};
    var groups = (dictionary && dictionary.groups) || [];
    var stopWords = new Set(contract.stopWords || []);
    var vocabulary = new Set((words || []).map(function (word) { return normalise(word); }));
    var MAX_VOCABULARY_WORD = 8;
    var longestKey = Object.keys(keys).reduce(function (longest, key) { return Math.max(longest, key.length); }, 0);

    function isHiragana(character) {
      var code = character.charCodeAt(0);
      return code >= hiraganaFirst && code <= hiraganaLast;
    }

    /* contract.py: fold (hiragana to katakana, sequences, sizes and dropped marks). */
    function fold(text) {
      var kana = "";
      for (var i = 0; i < text.length; i++) {
        var code = text.charCodeAt(i);
        kana += code >= hiraganaFirst && code <= hiraganaLast ? String.fromCharCode(code + hiraganaOffset) : text[i];
      }
      kana = kana.replace(SEQUENCE_RE, function (found) { return sequenceMap.get(found); });
      var result = "";
      for (var j = 0; j < kana.length; j++) {
        var replacement = sizes.get(kana[j]);
        result += replacement === undefined ? kana[j] : replacement;
      }
      return result;
    }

    function normalise(text) {
      return fold(text.normalize("NFKC").toLowerCase());
    }

    /* tokens.py: search_terms. */
    function searchTerms(text) {
      var terms = [];
      var match;
      var source = normalise(text);
      TOKEN_RE.lastIndex = 0;
      while ((match = TOKEN_RE.exec(source)) !== null) {
        if (match[2]) {
          // contract.py: LATIN_JOINER (wi-fi is wifi; windows10 is windows and 10).
          terms.push.apply(terms, match[2].split(JOINER).join("").match(DIGITS_RE));
        } else if (match[1].length === 1) {
          terms.push(match[1]);
        } else {
          for (var i = 0; i + 1 < match[1].length; i++) terms.push(match[1].slice(i, i + 2));
        }
      }
      return terms;
    }

    /* What kind of word a character belongs to: hiragana (ー after
     * hiragana too), other Japanese, or Latin letters and digits. */
    function kinds(chunk) {
      var groups = [], previous = null;
      Array.from(chunk).forEach(function (character) {
        var kind = isHiragana(character) || (character === "\u30fc" && previous === "hiragana") ? "hiragana"
          : CJK_CHAR.test(character) ? "japanese" : "latin";
        if (groups.length && kind === previous) groups[groups.length - 1].text += character;
        else groups.push({ kind: kind, text: character });
        previous = kind;
      });
      return groups;
    }

    /* Per position: the katakana run around it, when the pages use that run as a word. */
    function knownKatakanaRuns(text, kind) {
      var runOf = [];
      for (var start = 0; start < text.length;) {
        if (!isKatakana(text, kind, start)) { start += 1; continue; }
        var end = start;
        while (isKatakana(text, kind, end)) end += 1;
        if (vocabulary.has(text.slice(start, end))) {
          for (var i = start; i < end; i++) runOf[i] = { start: start, end: end };
        }
        start = end;
      }
      return runOf;
    }

    function isKatakana(text, kind, at) {
      var code = at >= 0 && at < text.length ? text.charCodeAt(at) : 0;
      return kind[at] === "japanese" && code >= 0x30a1 && code <= 0x30fa;
    }

    function isLatinCharacter(character) {
      return character !== undefined && !CJK_CHAR.test(character);
    }

    /* A chunk of the query (letters and digits without a space) cut into
     * words: dictionary words first (longest first; a Latin one only as a
     * whole word), then the rest where the kind of character changes. */
    function chunkWords(chunk) {
      var text = "", kind = [];
      kinds(chunk).forEach(function (group) {
        var folded = fold(group.text);
        text += folded;
        for (var k = 0; k < folded.length; k++) kind.push(group.kind);
      });
      var runOf = knownKatakanaRuns(text, kind);
      var pieces = [], literal = "", literalKind = null;
      function flush() {
        if (literal) pieces.push({ text: literal, weak: literalKind === "hiragana", alternatives: [], latin: literalKind === "latin" });
        literal = "";
        literalKind = null;
      }
      for (var at = 0; at < text.length;) {
        var found = "";
        for (var length = Math.min(longestKey, text.length - at); length >= 1 && !found; length--) {
          var candidate = text.slice(at, at + length);
          if (!Object.prototype.hasOwnProperty.call(keys, candidate)) continue;
          var latinStart = isLatinCharacter(candidate[0]), latinEnd = isLatinCharacter(candidate[length - 1]);
          if (latinStart && isLatinCharacter(text[at - 1]) || latinEnd && isLatinCharacter(text[at + length])) continue;
          // Nor a katakana word the pages use cut in two (ミナ in セミナ, ランサム in ランサムウエア).
          if (runOf[at] && runOf[at].start < at || runOf[at + length - 1] && runOf[at + length - 1].end > at + length) continue;
          if (length === 1 && !latinStart) continue;
          found = candidate;
        }
        if (found) {
          flush();
          pieces.push({ text: found, weak: false, alternatives: groups[keys[found]], latin: !isJapanese(found) });
          at += found.length;
          continue;
        }
        if (literalKind !== null && literalKind !== kind[at]) flush();
        literal += text[at];
        literalKind = kind[at];
        at += 1;
      }
      flush();
      // A chunk of hiragana alone is a word typed in hiragana (ぱすわーど), not a particle;
      // one kana left after a dictionary word is its ending (なくし|た).
      if (kind.every(function (k) { return k === "hiragana"; }) && text.length > 1) {
        pieces.forEach(function (piece) { piece.weak = piece.weak && pieces.length > 1 && piece.text.length === 1; });
      }
      pieces = [].concat.apply([], pieces.map(splitCompound));
      markCompounds(pieces);
      markInflected(pieces);
      return pieces;
    }

    /* A compound the reader made up (メール開封後) is held by few pages as
     * a whole: it is cut at the pages' own words (メール, 開封) when it
     * holds two or more of them. markCompounds still prefers pages holding
     * the whole, and makes a character left over (後) optional. */
    function splitCompound(piece) {
      if (piece.weak || piece.latin || piece.alternatives.length || piece.text.length < 4) return [piece];
      var text = piece.text, parts = [], rest = "", found = 0;
      for (var at = 0; at < text.length;) {
        var length = Math.min(MAX_VOCABULARY_WORD, text.length - at);
        while (length >= 2 && !vocabulary.has(text.slice(at, at + length))) length -= 1;
        if (length < 2) { rest += text[at]; at += 1; continue; }
        if (rest) parts.push(literalPiece(rest));
        rest = "";
        parts.push(literalPiece(text.slice(at, at + length)));
        found += 1;
        at += length;
      }
      if (rest) parts.push(literalPiece(rest));
      return found >= 2 ? parts : [piece];
    }

    function literalPiece(text) {
      return { text: text, weak: false, alternatives: [], latin: false };
    }

    /* One kanji followed by kana (付けすぎ, 消えた, 乗せる) is a verb or an
     * adjective the pages may well say another way: it is looked up as the
     * kanji with its first kana (付け), and a page need not hold it (it adds
     * to the score of pages that do). A long query is not sunk by it. */
    function markInflected(pieces) {
      for (var i = 0; i + 1 < pieces.length; i++) {
        var piece = pieces[i], next = pieces[i + 1];
        if (piece.alternatives.length || piece.latin || piece.text.length !== 1 || !next.weak || stopWords.has(piece.text)) continue;
        if (isKatakana(piece.text, ["japanese"], 0)) continue;
        piece.text += next.text[0];
        piece.optional = true;
      }
    }

    /* A compound typed as one (認証アプリ, 支援センター) that dictionary words
     * cut in pieces still prefers the pages using it whole: each piece gets
     * the whole stretch as its phrase (scored only where a page holds all
     * of it), so those pages outrank pages holding the pieces apart. One
     * character left beside them (率 of 開封率, 後 of 感染後) is a word a
     * page need not hold. */
    function markCompounds(pieces) {
      var stretch = [];
      function close() {
        if (stretch.length > 1) {
          var whole = stretch.map(function (piece) { return piece.text; }).join("");
          stretch.forEach(function (piece) {
            piece.phrase = whole;
            if (piece.text.length === 1 && !piece.alternatives.length) piece.optional = true;
          });
        }
        stretch = [];
      }
      pieces.forEach(function (piece) {
        if (piece.weak || piece.latin) close();
        else stretch.push(piece);
      });
      close();
    }

    /* The words of a query, each with its spelling variants and synonyms.
     * Weak words (hiragana between other words, stop words) count only
     * when the query has nothing else. */
    function queryWords(query) {
      var source = query.normalize("NFKC").toLowerCase();
      var chunks = [], end = -1, match;
      TOKEN_RE.lastIndex = 0;
      while ((match = TOKEN_RE.exec(source)) !== null) {
        if (match.index === end) chunks[chunks.length - 1] += match[0]; else chunks.push(match[0]);
        end = match.index + match[0].length;
      }
      var words = [];
      joinDictionaryWords(chunks).forEach(function (chunk) { words = words.concat(chunkWords(chunk)); });
      words.forEach(function (item) {
        if (stopWords.has(item.text) && !item.alternatives.length) item.weak = true;
      });
      var strong = words.filter(function (item) { return !item.weak; });
      var chosen = strong.length ? strong : words;
      var seen = new Set();
      return chosen.filter(function (item) {
        if (seen.has(item.text)) return false;
        seen.add(item.text);
        return true;
      });
    }

    /* A dictionary word typed with a space inside (セキュリティ ポリシー,
     * USB メモリ) is one word: neighbouring chunks are joined when together
     * they are a key and neither is one on its own (従業員 教育 stays two
     * words, each with its synonyms). */
    function joinDictionaryWords(chunks) {
      var joined = [];
      chunks.forEach(function (chunk) {
        var last = joined.length - 1;
        if (last >= 0 && isKey(joined[last] + chunk) && !isKey(joined[last]) && !isKey(chunk)) joined[last] += chunk;
        else joined.push(chunk);
      });
      return joined;
    }

    function isKey(text) {
      return Object.prototype.hasOwnProperty.call(keys, normalise(text));
    }

    function isJapanese(text) {
      return CJK_CHAR.test(text);
    }

    return { fold: fold, normalise: normalise, searchTerms: searchTerms, queryWords: queryWords, isJapanese: isJapanese };
  }

  /* Edit distance, for suggestions and typos (short strings only): two
   * neighbours swapped count as one edit (ロクッ for ロック). */
  function distance(a, b) {
    var rows = [[]];
    for (var j = 0; j <= b.length; j++) rows[0][j] = j;
    for (var i = 1; i <= a.length; i++) {
      rows[i] = [i];
      for (var k = 1; k <= b.length; k++) {
        var cost = Math.min(rows[i - 1][k] + 1, rows[i][k - 1] + 1, rows[i - 1][k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
        if (i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) cost = Math.min(cost, rows[i - 2][k - 2] + 1);
        rows[i][k] = cost;
      }
    }
    return rows[a.length][b.length];
  }

  /* The closest of ``candidates`` to ``text`` within ``limit`` edits (best three). */
  function closest(text, candidates, limit) {
    return candidates.map(function (candidate) {
      if (Math.abs(candidate.length - text.length) > limit) return null;
      return { text: candidate, cost: distance(text, candidate) };
    }).filter(function (entry) { return entry && entry.cost > 0 && entry.cost <= limit; })
      .sort(function (a, b) { return a.cost - b.cost || (a.text < b.text ? -1 : 1); })
      .slice(0, 3).map(function (entry) { return entry.text; });
  }

  var KATAKANA_RUN_RE = /[\u30a1-\u30fa]{3,}/g;

  /* Ranking over an index: ``meta`` (with ``core``), ``loadShard(term)``,
   * a promise of the shard holding the term (contract: shardRule), and
   * ``loadVocabulary()``, a promise of the pages' words ({word, folded}).
   * The browser loads them over HTTP, the Node test from files. */
  function createRanker(meta, loadShard, loadVocabulary) {
    /* Pages holding ``term`` with its weight in each: the term itself, and
     * for a prefix (one character, or a Latin word perhaps still being
     * typed) every longer term that starts with it. Postings are page
     * numbers as differences, each followed by the weight. */
    function postings(meta, term, prefix) {
      return loadShard(term).then(function (terms) {
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
          var weight = meta.contract.weights.prefix;
          Object.keys(terms).forEach(function (key) {
            if (key.length > term.length && key.lastIndexOf(term, 0) === 0) add(terms[key], weight);
          });
        }
        return found;
      });
    }

    /* Per page: how much of one spelling's terms it holds (0-1), and their BM25 score. */
    function scoreSpelling(meta, spelling, isLast, factor) {
      var core = meta.core;
      var terms = core.searchTerms(spelling).filter(function (term, position, all) { return all.indexOf(term) === position; });
      if (!terms.length) return Promise.resolve(new Map());
      var bm25 = meta.contract.bm25;
      return Promise.all(terms.map(function (term) {
        var latin = !core.isJapanese(term);
        return postings(meta, term, term.length === 1 || (latin && isLast));
      })).then(function (found) {
        var pages = new Map();
        found.forEach(function (byPage) {
          var idf = Math.log(1 + (meta.pages - byPage.size + 0.5) / (byPage.size + 0.5));
          byPage.forEach(function (weight, page) {
            var norm = 1 - bm25.b + bm25.b * meta.lengths[page] / meta.averageLength;
            var entry = pages.get(page) || { held: 0, score: 0 };
            entry.held += 1 / terms.length;
            entry.score += factor * idf * weight * (bm25.k1 + 1) / (weight + bm25.k1 * norm);
            pages.set(page, entry);
          });
        });
        return pages;
      });
    }

    /* Per page: the best of a word's spellings (as typed, variants, synonyms,
     * and the compound it was cut from, where a page holds all of that). */
    function scoreWord(meta, word, isLast) {
      var variantWeight = meta.contract.weights.variant;
      var spellings = [word.text].concat(word.alternatives);
      if (word.phrase) spellings.push(word.phrase);
      return Promise.all(spellings.map(function (spelling, position) {
        return scoreSpelling(meta, spelling, isLast, position === 0 ? 1 : variantWeight);
      })).then(function (results) {
        var best = new Map();
        results.forEach(function (pages, position) {
          var whole = word.phrase && position === spellings.length - 1;
          pages.forEach(function (entry, page) {
            if (whole && entry.held < 1 - 1e-9) return;
            var current = best.get(page);
            if (!current || entry.held > current.held + 1e-9 || (Math.abs(entry.held - current.held) < 1e-9 && entry.score > current.score)) {
              best.set(page, entry);
            }
          });
        });
        return best;
      });
    }

    /* Pages holding every word first, then those holding most of them
     * (a word counts as held by the share of its terms found, when at
     * least minCoverage of them are), each group by BM25. */
    /* A word no page holds whole may be a typo (バックアプ): the pages'
     * words within one edit (two for long words) are tried as well. */
    function corrections(word, vocabulary) {
      if (word.latin || word.text.length < 3) return [];
      var folded = vocabulary.map(function (entry) { return entry.folded; });
      function known(text) {
        return folded.some(function (entry) { return entry.indexOf(text) >= 0 || (entry.length > 1 && text.indexOf(entry) >= 0); });
      }
      if (!known(word.text)) return closest(word.text, folded, typoLimit(word.text, 6));
      // A known word around a mistyped katakana word (遠隔ロクッ): the katakana word corrected in place.
      var fixes = [];
      (word.text.match(KATAKANA_RUN_RE) || []).forEach(function (run) {
        if (folded.some(function (entry) { return entry.indexOf(run) >= 0; })) return;
        closest(run, folded, typoLimit(run, 6)).forEach(function (fix) { fixes.push(word.text.replace(run, fix)); });
      });
      return fixes;
    }

    /* Edits allowed for a typo in ``text``: one, two from ``long`` characters on. */
    function typoLimit(text, long) {
      return text.length >= long ? 2 : 1;
    }

    /* A Latin word no page holds (pasword): the terms of its shard (all
     * terms with its first character) within one edit, two for long words. */
    function latinCorrections(word) {
      var minimum = meta.contract.typo.latinMinimum;
      if (!word.latin || word.text.length < minimum || /[0-9]/.test(word.text)) return Promise.resolve([]);
      return loadShard(word.text).then(function (terms) {
        var candidates = Object.keys(terms).filter(function (term) { return term[0] === word.text[0] && !meta.core.isJapanese(term); });
        return closest(word.text, candidates, typoLimit(word.text, meta.contract.typo.latinLong));
      });
    }

    /* A word found nowhere may be a typo: corrections are tried. A page
     * holding only a correction counts ``correction`` (below pages holding
     * the word as typed); a page holding some of the typed word's terms
     * (バックアプ shares バック with many pages) takes the correction's
     * match instead when that holds more of it. */
    function scoreWordOrCorrection(meta, word, isLast) {
      return scoreWord(meta, word, isLast).then(function (byPage) {
        var vocabulary = loadVocabulary ? loadVocabulary() : Promise.resolve([]);
        return Promise.all([vocabulary, byPage.size ? [] : latinCorrections(word)]).then(function (found) {
          var fixes = corrections(word, found[0]).concat(found[1]);
          if (!fixes.length) return byPage;
          var weight = meta.contract.weights.correction;
          return scoreWord(meta, { text: fixes[0], alternatives: fixes.slice(1) }, isLast).then(function (fixed) {
            fixed.forEach(function (entry, page) {
              var current = byPage.get(page);
              if (!current) byPage.set(page, { held: entry.held, score: entry.score * weight });
              else if (entry.held > current.held + 1e-9) byPage.set(page, entry);
            });
            return byPage;
          });
        });
      });
    }

    /* Pages holding every word first, then those holding most of them
     * (a word counts as held when at least minCoverage of its terms are
     * found), each group by BM25 weighted by how much of each word is held. */
    function find(meta, words) {
      if (!words.length) return Promise.resolve([]);
      var minimum = meta.contract.minCoverage;
      var required = requiredWords(words);
      return Promise.all(words.map(function (word, position) {
        return scoreWordOrCorrection(meta, word, position === words.length - 1);
      })).then(function (perWord) {
        var pages = new Map();
        perWord.forEach(function (byPage, position) {
          var counts = required.indexOf(words[position]) >= 0 ? 1 : 0;
          byPage.forEach(function (entry, page) {
            if (entry.held < minimum) return;
            var total = pages.get(page) || { held: 0, words: 0, score: 0 };
            total.held += counts;
            total.words += counts;
            total.score += entry.score * entry.held;
            pages.set(page, total);
          });
        });
        return Array.from(pages, function (item) {
          var total = item[1];
          return { page: item[0], held: total.held, words: total.words, score: total.score };
        }).sort(function (a, b) { return b.held - a.held || b.score - a.score || a.page - b.page; });
      });
    }

    return { find: function (words) { return find(meta, words); } };
  }

  /* The words a page must hold to count as holding the query: all but the
   * optional ones (inflected words), or all of them when every word is optional. */
  function requiredWords(words) {
    var required = words.filter(function (word) { return !word.optional; });
    return required.length ? required : words;
  }

  var library = { createSearchCore: createSearchCore, createRanker: createRanker, distance: distance,
    requiredWords: requiredWords, FORMAT_VERSION: FORMAT_VERSION };
  if (typeof module === "object" && module.exports) module.exports = library;
  else root.kbpressSearchLibrary = library;
})(typeof window !== "undefined" ? window : globalThis);
