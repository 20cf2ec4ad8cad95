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

  function focusFirstLink() {
    var links = document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex='0']");
    for (var i = 0; i < links.length; i++) {
      if (links[i].offsetParent !== null) {  // skip links hidden at this width
        links[i].focus();
        return;
      }
    }
  }

  function sync() {
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }

  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    // Material also "clicks" a focused label on Enter; stop it from
    // toggling the drawer a second time.
    event.preventDefault();
    event.stopPropagation();
    button.click();  // the label toggles its checkbox and fires change
    if (toggle.checked) {
      // The drawer slides in; wait for it to be visible before moving focus.
      window.setTimeout(focusFirstLink, 250);
    }
  });

  toggle.addEventListener("change", sync);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      button.click();
      button.focus();
    }
  });
  sync();
})();
