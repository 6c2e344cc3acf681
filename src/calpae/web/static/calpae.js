/* calpae — the document page: choosing a value (in the list, by clicking its mark in the text
   or its box on a page image) shows its evidence and status and highlights where it was read.
   No inline script, no innerHTML: the page's data attributes are read and written back as
   text only. */
(function () {
  "use strict";

  var detail = document.getElementById("calpae-detail");
  if (!detail) {
    return;
  }
  var active = [];

  function field(name) {
    return detail.querySelector('[data-field="' + name + '"]');
  }

  function marksOf(id) {
    return document.querySelectorAll('mark[data-values~="' + id + '"]');
  }

  function boxesOf(id) {
    return document.querySelectorAll('[data-box][data-values~="' + id + '"]');
  }

  function clear() {
    active.forEach(function (el) {
      el.classList.remove("calpae-mark--active", "calpae-value--active", "calpae-box--active");
    });
    active = [];
  }

  function showPage(data, boxes) {
    var cell = field("page");
    cell.textContent = data.page || "—";
    if (data.pageUrl && !boxes.length) {
      // its page is not among those drawn: a link draws it
      var link = document.createElement("a");
      link.href = data.pageUrl;
      link.textContent = "afficher la page " + data.page;
      cell.appendChild(document.createTextNode(" — "));
      cell.appendChild(link);
    }
  }

  function showUses(ids) {
    // the findings comparing this value: copies of their links in the page's findings list
    var cell = field("uses");
    cell.textContent = "";
    var links = (ids || "").split(" ").filter(Boolean).map(function (findingId) {
      var item = document.getElementById("c-" + findingId);
      return item && item.querySelector("a");
    }).filter(Boolean);
    if (!links.length) {
      cell.textContent = "aucun constat";
      return;
    }
    links.forEach(function (link, i) {
      var copy = document.createElement("a");
      copy.href = link.getAttribute("href");
      copy.textContent = "constat n° " + link.parentNode.id.slice(2) + " : " + link.textContent;
      if (i) {
        cell.appendChild(document.createTextNode(" ; "));
      }
      cell.appendChild(copy);
    });
  }

  function show(id, others, scroll) {
    var row = document.getElementById("v-" + id);
    if (!row) {
      return;
    }
    clear();
    row.classList.add("calpae-value--active");
    active.push(row);
    var data = row.dataset;
    field("key").textContent = data.key;
    field("value").textContent = data.value;
    field("status").textContent = data.statusLabel + " (" + data.status + ")";
    field("reason").textContent = data.reason || "—";
    field("line").textContent = data.line || "sans preuve dans le texte";
    field("evidence").textContent = data.evidence ? "« " + data.evidence + " »" : "—";
    showUses(data.uses);
    var marks = marksOf(id);
    var boxes = boxesOf(id);
    showPage(data, boxes);
    if (!others && marks.length) {
      others = marks[0].getAttribute("data-values").split(" ");
    }
    var list = field("others");
    list.textContent = "";
    if (others && others.length > 1) {
      list.appendChild(document.createTextNode("Lues au même endroit : "));
      others.forEach(function (other, i) {
        var otherRow = document.getElementById("v-" + other);
        if (!otherRow) {
          return;
        }
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = otherRow.dataset.key;
        button.setAttribute("data-select", other);
        button.setAttribute("data-others", others.join(" "));
        if (String(other) === String(id)) {
          button.setAttribute("aria-current", "true");
        }
        list.appendChild(button);
        if (i < others.length - 1) {
          list.appendChild(document.createTextNode(", "));
        }
      });
    }
    detail.hidden = false;
    marks.forEach(function (mark) {
      mark.classList.add("calpae-mark--active");
      active.push(mark);
    });
    boxes.forEach(function (box) {
      box.classList.add("calpae-box--active");
      active.push(box);
    });
    if (scroll === "text" && marks.length) {
      marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
    } else if (scroll === "list" && getComputedStyle(detail).position !== "fixed") {
      // beside the text (wide screens): bring the value's line of the list into view; on a
      // phone the panel sits at the bottom of the screen and the text stays where it is
      showInList(row);
    }
  }

  function showInList(row) {
    // the list scrolls under the panel, which stays at its top (calpae-pages.css): scroll the
    // list alone, so that the value's line shows below the panel and the panel stays in view
    // (scrollIntoView would scroll the panel itself out of sight)
    var list = detail.parentNode;
    var line = row.getBoundingClientRect();
    var top = Math.max(detail.getBoundingClientRect().bottom, 0);
    var bottom = Math.min(list.getBoundingClientRect().bottom, window.innerHeight);
    var by = line.top < top ? line.top - top : (line.bottom > bottom ? line.bottom - bottom : 0);
    if (by) {
      list.scrollBy({ top: by, behavior: "smooth" });
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    if (target.closest("[data-close-detail]")) {
      clear();
      detail.hidden = true;
      return;
    }
    var chooser = target.closest("[data-select]");
    if (chooser) {
      var others = chooser.getAttribute("data-others");
      show(chooser.getAttribute("data-select"), others ? others.split(" ") : null, "text");
      return;
    }
    var box = target.closest("[data-box]");
    if (box) {
      event.preventDefault(); // the link leads to the value's row where no script runs
      var chosen = box.getAttribute("data-values").split(" ");
      show(chosen[0], chosen, "list");
      return;
    }
    var mark = target.closest("mark[data-values]");
    if (mark) {
      var ids = mark.getAttribute("data-values").split(" ");
      show(ids[0], ids, "list");
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !detail.hidden) {
      clear();
      detail.hidden = true;
    }
  });
})();
