/*
 * Exit this page: leave the site quickly, and leave Back pointing elsewhere.
 *
 * Without JavaScript every [data-exit-this-page] control is a plain link to a
 * neutral page. This script adds, after the GOV.UK Design System component:
 * - on activation, a blank overlay at once, "Loading." for screen readers, and
 *   location.replace() so the Back button does not return to this site;
 * - pressing Shift on its own 3 times (no more than 5 seconds apart) exits, with
 *   a visible count and a screen-reader message after each press; any other key
 *   resets the count (the hint "Or press Shift 3 times" shows only where a
 *   keyboard is likely);
 * - a page restored from the back/forward cache resets itself.
 */
(function () {
  "use strict";

  var PRESSES_NEEDED = 3;
  var PRESS_WINDOW_MS = 5000;

  var controls = document.querySelectorAll("[data-exit-this-page]");
  if (!controls.length) {
    return;
  }
  var destination = controls[0].getAttribute("href");
  var overlay = document.querySelector("[data-exit-overlay]");
  var live = document.querySelector("[data-exit-live]");
  var indicator = document.querySelector("[data-exit-indicator]");
  var presses = 0;
  var timer = null;

  // The Shift shortcut works only with this script: its hint is shown from here, and only
  // where a keyboard is likely (a mouse: a fine pointer that can hover). The stylesheet
  // also keeps it off phone-sized screens.
  var keyboardLikely = window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches;
  var shortcuts = document.querySelectorAll("[data-exit-shortcut]");
  for (var s = 0; s < shortcuts.length; s++) {
    shortcuts[s].hidden = !keyboardLikely;
  }

  function announce(message) {
    if (live) {
      live.textContent = message;
    }
  }

  function showCount() {
    if (!indicator) {
      return;
    }
    indicator.hidden = presses === 0;
    var dots = indicator.querySelectorAll("span");
    for (var i = 0; i < dots.length; i++) {
      dots[i].className = i < presses ? "is-pressed" : "";
    }
  }

  function resetPresses(message) {
    window.clearTimeout(timer);
    timer = null;
    var hadPresses = presses > 0;
    presses = 0;
    showCount();
    if (hadPresses && message) {
      announce(message);
    }
  }

  function exitPage(event) {
    if (event) {
      event.preventDefault();
    }
    resetPresses();
    if (overlay) {
      overlay.hidden = false;
    }
    document.body.classList.add("is-exiting");
    announce("Loading.");
    window.location.replace(destination);
  }

  for (var i = 0; i < controls.length; i++) {
    controls[i].addEventListener("click", exitPage);
  }

  document.addEventListener("keydown", function (event) {
    var shiftAlone = event.key === "Shift" && !event.ctrlKey && !event.altKey && !event.metaKey;
    if (!shiftAlone) {
      resetPresses("Exit this page cancelled.");
      return;
    }
    if (event.repeat) {
      return;
    }
    presses += 1;
    if (presses >= PRESSES_NEEDED) {
      exitPage();
      return;
    }
    showCount();
    var remaining = PRESSES_NEEDED - presses;
    announce("Shift, press " + remaining + (remaining === 1 ? " more time" : " more times") + " to exit.");
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      resetPresses("Exit this page expired.");
    }, PRESS_WINDOW_MS);
  });

  // Back/forward cache: the page comes back as it was left, overlay and all.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      if (overlay) {
        overlay.hidden = true;
      }
      document.body.classList.remove("is-exiting");
      resetPresses();
      announce("");
    }
  });
})();
