// The page tree (django CMS) moves a page, or makes it the home page, the moment
// it is dropped or clicked, and visitors see the change at once. Ask first, and
// tell the server the person said yes: it refuses these changes otherwise
// (safeguarding_site/editors/page_admin.py).
(function () {
  "use strict";

  var QUESTIONS = [
    {
      path: /\/move-page\/$/,
      question:
        "Move this page here?\n\nVisitors will find it, and any pages below it, at the new place at once, " +
        "and its web address may change. The move is recorded in the page's history.",
    },
    {
      path: /\/set-home\/$/,
      question:
        "Make this page the home page?\n\nVisitors going to the site's address will see it at once, and the " +
        "web addresses of both pages change. This is recorded in the pages' history.",
    },
  ];

  function questionFor(method, url) {
    if (String(method).toUpperCase() !== "POST") {
      return null;
    }
    var path = new URL(url, window.location.href).pathname;
    for (var i = 0; i < QUESTIONS.length; i += 1) {
      if (QUESTIONS[i].path.test(path)) {
        return QUESTIONS[i].question;
      }
    }
    return null;
  }

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var pending = new WeakMap();

  XMLHttpRequest.prototype.open = function (method, url) {
    pending.set(this, questionFor(method, url));
    return open.apply(this, arguments);
  };

  XMLHttpRequest.prototype.send = function () {
    var question = pending.get(this);
    if (question) {
      if (!window.confirm(question)) {
        // Nothing was sent: show the tree as it really is.
        window.location.reload();
        return undefined;
      }
      this.setRequestHeader("X-Confirmed-Change", "yes");
    }
    return send.apply(this, arguments);
  };
})();
