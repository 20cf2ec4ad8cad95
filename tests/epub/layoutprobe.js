// Measures one EPUB content document as a reading system lays it out.
// Evaluated in the page by test_layout_browser.py; returns plain data.
(() => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const body = document.body;
  const writingMode = getComputedStyle(body).writingMode;
  const vertical = writingMode.startsWith("vertical");
  const CODE = "pre, code, kbd, samp, var";  // set as written: no 禁則, no 縦中横
  const NOT_RUNNING_TEXT = CODE + ", table";
  const NO_START = /[ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰ-ㇿー」』）〕〉》】〙〗〟’”、。，．]/u;

  const images = [...document.images].map((img) => {
    const r = img.getBoundingClientRect();
    return { src: img.getAttribute("src"), width: r.width, height: r.height, loaded: img.complete && img.naturalWidth > 0 };
  });

  const tables = [...document.querySelectorAll("table")].map((table) => {
    const r = table.getBoundingClientRect();
    const rows = [...table.rows].map((row) => row.getBoundingClientRect().height);
    return { width: r.width, height: r.height, tallestRow: Math.max(0, ...rows) };
  });

  const cells = [...document.querySelectorAll("td, th")].map((cell) => getComputedStyle(cell).textAlign);

  function blockOf(node) {
    let element = node.parentElement;
    while (element && element !== body && getComputedStyle(element).display.startsWith("inline")) {
      element = element.parentElement;
    }
    return element;
  }

  // Line starts: the inline position goes back while the block position advances.
  const lineStarts = [];
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const wordSplits = [];  // a line break inside a Latin word or number, outside tables
  let previous = null, previousBlock = null, previousChar = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(CODE)) continue;
    const block = blockOf(node);
    if (block !== previousBlock) { previous = null; previousBlock = block; previousChar = ""; }
    const text = node.data;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (/\s/.test(ch)) continue;
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (previous) {
        const size = Math.max(4, Math.min(r.width, r.height));
        const newLine = vertical
          ? r.top < previous.top - size && r.right < previous.left + 1
          : r.left < previous.left - size && r.top > previous.bottom - 1;
        if (newLine) {
          lineStarts.push({ char: ch, context: text.slice(Math.max(0, i - 8), i + 4) });
          if (/[A-Za-z0-9]/.test(ch) && /[A-Za-z0-9]/.test(previousChar) && !node.parentElement.closest("table")) {
            wordSplits.push(text.slice(Math.max(0, i - 10), i + 10));
          }
        }
      }
      previous = r;
      previousChar = ch;
    }
  }

  // 1-2 digit runs in running text and how they are set.
  const digitRuns = [];
  const digitWalker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = digitWalker.nextNode(); node; node = digitWalker.nextNode()) {
    if (node.parentElement.closest(NOT_RUNNING_TEXT)) continue;
    for (const match of node.data.matchAll(/(?<![!-~])[0-9]{1,2}(?![!-~])/g)) {
      const style = getComputedStyle(node.parentElement);
      const whole = node.data.trim() === match[0];
      digitRuns.push({ run: match[0], combine: style.textCombineUpright, whole, context: node.parentElement.textContent.slice(0, 30) });
    }
  }

  const listStyles = [...document.querySelectorAll("ol")].map((list) => getComputedStyle(list).listStyleType);

  return {
    viewport: [vw, vh], writingMode, images, tables, cells, lineStarts, digitRuns, wordSplits, listStyles,
    forbiddenStarts: lineStarts.filter((start) => NO_START.test(start.char)),
    lineCount: lineStarts.length,
  };
})()
