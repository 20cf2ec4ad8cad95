/* kbpress portal: keyboard access to Material's navigation drawer.
 *
 * Material opens the drawer with a <label for="__drawer"> that toggles a
 * hidden checkbox; a label cannot be focused or pressed from the keyboard.
 * The header template makes it a focusable role=button; here Enter and
 * Space press it, aria-expanded follows the drawer, focus moves into the
 * drawer when it opens and Escape closes it again.
 */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".kb-menu-button");
  if (!toggle || !button) return;

  function drawerLinks() {
    return document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex='0']");
  }

  function sync() {
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }

  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    toggle.checked = !toggle.checked;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
    if (toggle.checked) {
      var links = drawerLinks();
      // The drawer slides in; wait for it to be visible before moving focus.
      window.setTimeout(function () { if (links.length) links[0].focus(); }, 250);
    }
  });

  toggle.addEventListener("change", sync);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      sync();
      button.focus();
    }
  });
  sync();
})();
