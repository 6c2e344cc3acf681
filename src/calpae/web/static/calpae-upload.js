/* calpae — the upload page (/deposer). Each chosen or dropped file is sent by itself
   (one fetch per file, a few at a time, so that each gets its own answer and a big one holds
   up no other), then the jobs are polled once a second (/taches.json?ids=…) and each file's
   line updated: status, step, pages, then the document's link or the reason of a failure.
   Without this script the form posts all the files at once and the server lists their jobs.
   No inline script, no innerHTML: text is only ever set as text. */
(function () {
  "use strict";

  var form = document.getElementById("calpae-upload");
  var list = document.getElementById("calpae-upload-list");
  if (!form || !list || !window.fetch || !window.FormData || !window.Promise) {
    return;
  }
  var input = form.querySelector('input[type="file"]');
  var zone = form.querySelector("[data-dropzone]");
  var uploadUrl = form.getAttribute("data-upload-url");
  var jobsUrl = form.getAttribute("data-jobs-url");
  var maxBytes = Number(form.getAttribute("data-max-bytes")) || 0;
  var tooLarge = form.getAttribute("data-too-large") || "fichier trop volumineux";
  var PARALLEL = 3;
  var POLL_MS = 1000;
  // as JOB_STATUS_LABELS and JOB_BADGES in web/formatting.py; "envoi" is this script's own
  var LABELS = { "envoi": "envoi en cours", "en_attente": "en attente", "en_cours": "en cours",
    "enregistré": "enregistré", "déjà présent": "déjà présent", "échec": "échec" };
  var BADGES = { "envoi": "fr-badge--info", "en_attente": "fr-badge--new",
    "en_cours": "fr-badge--info", "enregistré": "fr-badge--success",
    "déjà présent": "fr-badge--success", "échec": "fr-badge--error" };
  var waiting = [];   // [file, item] not sent yet
  var sending = 0;
  var tracked = {};   // job id -> the items showing it (the same bytes twice: one job)
  var timer = null;

  function field(item, name) {
    return item.querySelector('[data-field="' + name + '"]');
  }

  function element(tag, className, name) {
    var el = document.createElement(tag);
    el.className = className;
    if (name) {
      el.setAttribute("data-field", name);
    }
    return el;
  }

  function makeItem(name) {
    var item = element("li", "calpae-upload");
    item.setAttribute("data-final", "false");
    var shown = element("span", "calpae-upload__name", "name");
    shown.textContent = name;
    var progress = element("progress", "calpae-upload__progress", "progress");
    progress.setAttribute("aria-label", "Pages traitées : " + name);
    progress.hidden = true;
    item.appendChild(shown);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(element("span", "fr-badge fr-badge--sm", "status"));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(element("span", "calpae-upload__step", "step"));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(progress);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(element("span", "calpae-upload__result", "result"));
    list.appendChild(item);
    var empty = document.querySelector("[data-empty-note]");
    if (empty) {
      empty.hidden = true;
    }
    return item;
  }

  function setStatus(item, status) {
    var badge = field(item, "status");
    badge.className = "fr-badge fr-badge--sm " + (BADGES[status] || "");
    badge.textContent = LABELS[status] || status;
  }

  function setResult(item, text, href) {
    var result = field(item, "result");
    result.textContent = "";
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      result.appendChild(link);
    } else {
      result.textContent = text || "";
    }
  }

  function setJobLink(item, job) {
    if (!job.url || field(item, "job")) {
      return;
    }
    var link = element("a", "calpae-upload__job", "job");
    link.href = job.url;
    link.textContent = "Tâche n° " + (job.job_id || job.id);
    item.insertBefore(link, field(item, "result"));
    item.insertBefore(document.createTextNode(" "), field(item, "result"));
  }

  function fail(item, message) {
    item.setAttribute("data-final", "true");
    setStatus(item, "échec");
    field(item, "step").textContent = "";
    field(item, "progress").hidden = true;
    setResult(item, message);
  }

  // a job as /taches.json or /deposer.json gives it
  function update(item, job) {
    var progress = field(item, "progress");
    setStatus(item, job.status);
    setJobLink(item, job);
    item.setAttribute("data-final", job.final ? "true" : "false");
    field(item, "step").textContent = job.final ? "" : (job.step || "");
    if (!job.final && job.pages_total) {
      progress.max = job.pages_total;
      progress.value = job.pages_done || 0;
      progress.textContent = (job.pages_done || 0) + "/" + job.pages_total;
      progress.hidden = false;
    } else {
      progress.hidden = true;
    }
    if (job.document_url) {
      setResult(item, "Voir le document n° " + job.document_id, job.document_url);
    } else {
      setResult(item, job.error || "");
    }
  }

  function track(jobId, item) {
    var key = String(jobId);
    (tracked[key] = tracked[key] || []).push(item);
    item.setAttribute("data-job-id", key);
    if (!timer) {
      timer = window.setTimeout(poll, POLL_MS);
    }
  }

  function poll() {
    var ids = Object.keys(tracked);
    timer = null;
    if (!ids.length) {
      return;
    }
    fetch(jobsUrl + "?ids=" + ids.join(","), { headers: { "Accept": "application/json" },
      credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then(function (answer) {
        var seen = {};
        answer.jobs.forEach(function (job) {
          var key = String(job.id);
          seen[key] = true;
          (tracked[key] || []).forEach(function (item) { update(item, job); });
          if (job.final) {
            delete tracked[key];
          }
        });
        ids.forEach(function (key) {
          if (!seen[key] && tracked[key]) {
            tracked[key].forEach(function (item) { fail(item, "tâche introuvable"); });
            delete tracked[key];
          }
        });
      }, function () { /* the server busy or restarting: asked again next time */ })
      .then(function () {
        if (Object.keys(tracked).length && !timer) {
          timer = window.setTimeout(poll, POLL_MS);
        }
      });
  }

  function send(file, item) {
    var body = new FormData();
    body.append(input.name, file, file.name);
    sending += 1;
    setStatus(item, "envoi");
    fetch(uploadUrl + "?nom=" + encodeURIComponent(file.name), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { detail: "réponse illisible du serveur (erreur " + response.status + ")" };
        });
      })
      .then(function (answer) {
        var result = answer.files && answer.files[0];
        if (result && result.job_id) {
          update(item, result);
          if (!result.final) {
            track(result.job_id, item);
          }
        } else {
          fail(item, (result && result.error) || answer.detail || "envoi refusé");
        }
      }, function () {
        fail(item, file.name + " : envoi interrompu (réseau coupé, ou fichier refusé par le " +
          "serveur avant la fin de l'envoi)");
      })
      .then(function () {
        sending -= 1;
        next();
      });
  }

  function next() {
    while (sending < PARALLEL && waiting.length) {
      var pair = waiting.shift();
      send(pair[0], pair[1]);
    }
  }

  function add(files) {
    for (var i = 0; i < files.length; i += 1) {
      var file = files[i];
      var item = makeItem(file.name);
      if (maxBytes && file.size > maxBytes) {
        fail(item, file.name + " : " + tooLarge);
      } else {
        setStatus(item, "envoi");
        field(item, "step").textContent = "à envoyer";
        waiting.push([file, item]);
      }
    }
    next();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (input.files && input.files.length) {
      add(input.files);
      form.reset();
    }
  });

  function hasFiles(event) {
    var types = event.dataTransfer && event.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, "Files") !== -1;
  }

  if (zone) {
    var hint = zone.querySelector("[data-dropzone-hint]");
    if (hint) {
      hint.hidden = false;
    }
    zone.addEventListener("dragover", function (event) {
      if (hasFiles(event)) {
        event.preventDefault();
        zone.classList.add("calpae-dropzone--active");
      }
    });
    zone.addEventListener("dragleave", function (event) {
      if (!zone.contains(event.relatedTarget)) {
        zone.classList.remove("calpae-dropzone--active");
      }
    });
    zone.addEventListener("drop", function (event) {
      zone.classList.remove("calpae-dropzone--active");
      if (hasFiles(event)) {
        event.preventDefault();
        add(event.dataTransfer.files);
      }
    });
  }
  // a file dropped beside the zone must not make the browser leave the page to open it
  document.addEventListener("dragover", function (event) {
    if (hasFiles(event)) {
      event.preventDefault();
    }
  });
  document.addEventListener("drop", function (event) {
    if (hasFiles(event)) {
      event.preventDefault();
    }
  });

  // files a plain form post listed (no script then): follow their jobs too
  Array.prototype.forEach.call(list.querySelectorAll('[data-job-id][data-final="false"]'),
    function (item) { track(item.getAttribute("data-job-id"), item); });
})();
