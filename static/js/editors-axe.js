// The Checks screen: axe-core run in the editor's own browser on the draft's preview.
// The preview loads in a frame off screen, axe (vendored under static/vendor/axe-core) is added to
// it, and its findings are listed beside the server's. Without JavaScript the server's checks stand alone.
(function () {
  "use strict";

  var section = document.getElementById("browser-checks");
  if (!section || !window.Promise) {
    return;
  }
  var status = section.querySelector(".axe-status");
  var TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
  var IMPACT = {
    critical: "Critical",
    serious: "Serious",
    moderate: "Moderate",
    minor: "Minor"
  };

  function say(text) {
    status.textContent = text;
  }

  function paragraph(label, text) {
    var p = document.createElement("p");
    if (label) {
      var strong = document.createElement("strong");
      strong.textContent = label + " ";
      p.appendChild(strong);
    }
    p.appendChild(document.createTextNode(text));
    return p;
  }

  // An element's own words where it has some ("What the police do"), else axe's selector for it ("h4").
  function where(node) {
    var inert = document.createElement("template");
    inert.innerHTML = node.html;  // a template's content is never run or loaded
    var words = inert.content.textContent.replace(/\s+/g, " ").trim();
    var selector = node.target.join(" ");
    return words ? "“" + (words.length > 80 ? words.slice(0, 79) + "…" : words) + "” (" + selector + ")" : selector;
  }

  function show(results) {
    var violations = results.violations;
    section.setAttribute("data-axe-done", String(violations.length));
    if (!violations.length) {
      say("No problems found by axe in the draft's preview.");
      return;
    }
    say("axe found " + violations.length + (violations.length === 1 ? " problem" : " problems") +
      " in the draft's preview.");
    var list = document.createElement("ol");
    list.className = "checks-findings checks-errors axe-results";
    violations.forEach(function (violation) {
      var item = document.createElement("li");
      item.className = "checks-finding";
      item.setAttribute("data-rule", violation.id);
      var heading = document.createElement("h3");
      heading.textContent = violation.help;
      item.appendChild(heading);
      var places = violation.nodes.map(where);
      item.appendChild(paragraph("Where:", places.slice(0, 5).join("; ") +
        (places.length > 5 ? " and " + (places.length - 5) + " more" : "")));
      item.appendChild(paragraph("", violation.description + "."));
      item.appendChild(paragraph("How serious:", IMPACT[violation.impact] || "Not said"));
      list.appendChild(item);
    });
    section.appendChild(list);
  }

  function failed() {
    section.setAttribute("data-axe-done", "failed");
    say("The accessibility check could not run in your browser. The checks above still apply.");
  }

  var frame = document.createElement("iframe");
  frame.className = "axe-frame";
  frame.title = "The draft, for the accessibility check";
  frame.setAttribute("aria-hidden", "true");
  frame.setAttribute("tabindex", "-1");
  frame.addEventListener("load", function () {
    var doc = frame.contentDocument;
    if (!doc) {
      failed();
      return;
    }
    var script = doc.createElement("script");
    script.src = section.getAttribute("data-axe-url");
    script.integrity = section.getAttribute("data-axe-integrity");
    script.addEventListener("load", function () {
      frame.contentWindow.axe.run(doc, {
        runOnly: {type: "tag", values: TAGS},
        resultTypes: ["violations"]
      }).then(show, failed);
    });
    script.addEventListener("error", failed);
    doc.head.appendChild(script);
  }, {once: true});
  say("Checking the draft's preview in your browser…");
  frame.src = section.getAttribute("data-preview-url");
  document.body.appendChild(frame);
}());
