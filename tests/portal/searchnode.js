/* Runs the portal's real search code (search-core.js) under Node, for tests that need no browser.
 *
 *   node searchnode.js <index dir>
 *
 * Reads JSON lines on stdin and answers one JSON line each:
 *   {"terms": "text"}   -> the tokenizer's terms
 *   {"normalise": "text"} -> the text folded as the query side folds it
 *   {"query": "text"}   -> result URLs, best first (all of them)
 *   {"words": "text"}   -> the query's words with their alternatives
 *   {"explain": "text"} -> results with how many words each page holds and its score
 * The core is built from the index's own meta.json and x.json, exactly as
 * the browser builds it.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const search = require(path.join(__dirname, "..", "..", "kbpress", "assets", "portal", "search-core.js"));

const indexDir = process.argv[2];
const read = (name) => JSON.parse(fs.readFileSync(path.join(indexDir, name), "utf8"));
const meta = read("meta.json");
const total = meta.lengths.reduce((sum, length) => sum + length, 0);
meta.averageLength = total / Math.max(1, meta.lengths.length);
meta.core = search.createSearchCore(meta.contract, read("x.json"), read("w.json"));
const shards = new Map();
meta.ranker = search.createRanker(meta, (term) => {
  const number = term.codePointAt(0) % meta.shards;
  if (!shards.has(number)) shards.set(number, read(path.join("t", number + ".json")));
  return Promise.resolve(shards.get(number));
}, () => Promise.resolve(vocabulary));
const vocabulary = read("w.json").map((word) => ({ word, folded: meta.core.normalise(word) }));
const urls = new Map();
const urlOf = (page) => {
  if (!urls.has(page)) urls.set(page, read(path.join("d", page + ".json")).url);
  return urls.get(page);
};

const lines = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on("line", (line) => {
  queue = queue.then(async () => {
    const request = JSON.parse(line);
    let answer;
    if ("terms" in request) {
      answer = meta.core.searchTerms(request.terms);
    } else if ("normalise" in request) {
      answer = meta.core.normalise(request.normalise);
    } else if ("words" in request) {
      answer = meta.core.queryWords(request.words);
    } else if ("explain" in request) {
      const results = await meta.ranker.find(meta.core.queryWords(request.explain));
      answer = results.map((result) => [urlOf(result.page), result.held, Math.round(result.score * 100) / 100]);
    } else {
      const results = await meta.ranker.find(meta.core.queryWords(request.query));
      answer = results.map((result) => urlOf(result.page));
    }
    process.stdout.write(JSON.stringify(answer) + "\n");
  });
});
