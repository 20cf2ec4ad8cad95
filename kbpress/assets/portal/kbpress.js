/* kbpress portal: keyboard access to Material's navigation drawer.
 *
 * Material opens the drawer with a <label for="__drawer"> that toggles a
 * hidden checkbox; a label cannot be focused or pressed from the keyboard.
 * The header template makes it a focusable role=button; here Enter and
 * Space press it, aria-expanded follows the drawer, the drawer opens at
 * the top level with focus on its first link, nested levels can be
 * entered and left from the keyboard, and Escape closes the drawer.
 * Where the drawer is off screen (phones, tablets) a closed drawer is
 * hidden (kbpress.css), so Tab never walks through links no one can see, and an open
 * drawer is a modal dialog: the rest of the page is inert (focus stays
 * in the menu) and closing it returns focus to the menu button.
 */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".kb-menu-button");
  if (!toggle || !button) return;

  var DRAWER_WIDTHS = window.matchMedia("(max-width: 76.2344em)");  // Material's drawer breakpoint
  var drawer = document.querySelector(".md-sidebar--primary");
  var madeInert = [];  // elements this script made inert while the drawer is open

  /* Material opens the drawer at the current page's section, which for an
   * article is its category: a level with a title and no links, drawn over
   * the top level, while keyboard focus would land on hidden links below
   * it. Open the drawer at the top level instead. */
  function showTopLevel() {
    if (!DRAWER_WIDTHS.matches) return;
    document.querySelectorAll(".md-sidebar--primary input.md-nav__toggle:checked").forEach(function (nested) {
      nested.checked = false;
    });
  }

  function focusable(element) {
    return element.offsetParent !== null && getComputedStyle(element).visibility === "visible";
  }

  function focusFirstIn(container) {
    var candidates = container.querySelectorAll("a.md-nav__link, label[tabindex='0']");
    for (var i = 0; i < candidates.length; i++) {
      if (focusable(candidates[i])) {
        // No scrolling: the level is still sliding in, and scrolling the
        // drawer to it would leave the drawer showing nothing.
        candidates[i].focus({ preventScroll: true });
        return;
      }
    }
  }

  /* Nested levels: their title (a back arrow) becomes a button, opening
   * a level moves focus into it and going back returns focus to the entry
   * that opened it, so focus never stays on a link hidden under a level. */
  function wireNestedLevels() {
    document.querySelectorAll(".md-sidebar--primary .md-nav__item--nested").forEach(function (item) {
      var nested = item.querySelector(":scope > input.md-nav__toggle");
      var level = item.querySelector(":scope > nav.md-nav");
      if (!nested || !level) return;
      var back = level.querySelector(":scope > label.md-nav__title");
      var opener = item.querySelector(":scope > label.md-nav__link, :scope > .md-nav__container > label.md-nav__link");
      var name = (item.querySelector(":scope > .md-nav__container > a.md-nav__link, :scope > label.md-nav__link") || level).textContent.trim();
      if (opener) {
        // A label with an accessible name needs a role (axe: aria-prohibited-attr).
        opener.setAttribute("role", "button");
        opener.setAttribute("aria-expanded", nested.checked ? "true" : "false");
        if (!opener.textContent.trim()) opener.setAttribute("aria-label", "「" + name + "」の項目を開く");  // an icon only
      }
      if (back) {
        back.setAttribute("tabindex", "0");
        back.setAttribute("role", "button");
        back.setAttribute("aria-label", "戻る: " + back.textContent.trim());
        back.addEventListener("keydown", function (event) {
          if (event.key !== " " && event.key !== "Enter") return;
          event.preventDefault();
          event.stopPropagation();  // Material clicks focused labels on Enter too
          back.click();
        });
      }
      nested.addEventListener("change", function () {
        if (opener) opener.setAttribute("aria-expanded", nested.checked ? "true" : "false");
        if (!DRAWER_WIDTHS.matches || !toggle.checked) return;
        if (nested.checked) {
          focusFirstIn(level);
        } else {
          if (opener) opener.focus({ preventScroll: true });
        }
      });
    });
  }

  /* Everything outside the drawer's branch of the document, except the
   * drawer's own checkbox and overlay (a tap on the overlay closes it). */
  function setPageInert(on) {
    madeInert.forEach(function (element) { element.inert = false; });
    madeInert = [];
    if (!on || !drawer) return;
    for (var node = drawer; node && node !== document.body; node = node.parentElement) {
      var siblings = node.parentElement ? node.parentElement.children : [];
      for (var i = 0; i < siblings.length; i++) {
        var sibling = siblings[i];
        if (sibling === node || sibling.inert || sibling === toggle || sibling.classList.contains("md-overlay")) continue;
        if (sibling.tagName === "SCRIPT" || sibling.tagName === "INPUT") continue;
        sibling.inert = true;
        madeInert.push(sibling);
      }
    }
  }

  function sync() {
    var open = toggle.checked;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (!drawer) return;
    var offScreen = DRAWER_WIDTHS.matches;
    // A closed drawer is visibility: hidden (kbpress.css), out of the tab order without work here.
    if (offScreen && open) {
      drawer.setAttribute("role", "dialog");
      drawer.setAttribute("aria-modal", "true");
      drawer.setAttribute("aria-label", "メニュー");
    } else {
      drawer.removeAttribute("role");
      drawer.removeAttribute("aria-modal");
      drawer.removeAttribute("aria-label");
    }
    setPageInert(offScreen && open);
  }

  function close() {
    if (!toggle.checked) return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    button.focus();
  }

  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    // Material also "clicks" a focused label on Enter; stop it from
    // toggling the drawer a second time.
    event.preventDefault();
    event.stopPropagation();
    button.click();  // the label toggles its checkbox and fires change
    if (toggle.checked) focusFirstIn(document.querySelector(".md-sidebar--primary") || document);
  });

  var wasOpen = toggle.checked;
  toggle.addEventListener("change", function () {
    if (toggle.checked) showTopLevel();
    sync();
    // Closed by the overlay or a link's own handler: focus goes back to the button.
    if (wasOpen && !toggle.checked && DRAWER_WIDTHS.matches && (!document.activeElement || document.activeElement === document.body || drawer.contains(document.activeElement))) {
      button.focus();
    }
    wasOpen = toggle.checked;
  });

  function visibleFocusables() {
    var all = drawer.querySelectorAll("a[href], [tabindex='0'], input:not([type='checkbox']), button");
    return Array.prototype.filter.call(all, function (element) {
      return focusable(element) && !element.closest("[inert]");
    });
  }

  /* The rest of the page is inert, but Tab past the last link would still
   * leave the document for the browser's own controls: wrap around. */
  function holdFocus(event) {
    var items = visibleFocusables();
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    var inside = drawer.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus({ preventScroll: true });
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus({ preventScroll: true });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (!toggle.checked || !DRAWER_WIDTHS.matches || !drawer) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      holdFocus(event);
    }
  });
  if (DRAWER_WIDTHS.addEventListener) DRAWER_WIDTHS.addEventListener("change", sync);
  wireNestedLevels();
  sync();
})();
