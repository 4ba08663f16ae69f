/* The questionnaire page: save each answer as it is given, keep unsent answers in
 * localStorage across reloads and dropped connections, and apply branching live.
 * Without this script the page still works: each section is a normal form. */
(function () {
  "use strict";
  var root = document.querySelector("[data-questionnaire]");
  if (!root) return;
  var endpoint = root.getAttribute("data-endpoint");
  var storageKey = "questionnaire:" + root.getAttribute("data-round") + ":" + root.getAttribute("data-user");
  var csrfInput = root.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var pageStatus = root.querySelector("[data-page-status]");
  var fieldsets = Array.prototype.slice.call(root.querySelectorAll("fieldset[data-question]"));
  var byId = {};
  fieldsets.forEach(function (fs) { byId[fs.getAttribute("data-question")] = fs; });
  var states = {};   // question id -> "saving" | "saved" | "retry" | "error"
  var pending = load();
  var flushing = false;
  var timers = {};

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storageKey)) || {}; } catch (e) { return {}; }
  }
  function store() {
    try { window.localStorage.setItem(storageKey, JSON.stringify(pending)); } catch (e) { /* private mode: memory only */ }
  }

  function setStatus(qid, state, text) {
    states[qid] = state;
    var fs = byId[qid];
    if (fs) {
      var el = fs.querySelector("[data-save-status]");
      el.textContent = text;
      el.setAttribute("data-state", state);
    }
    updatePage();
  }

  function updatePage() {
    var counts = { saving: 0, retry: 0, error: 0 };
    Object.keys(states).forEach(function (q) { if (counts[states[q]] !== undefined) counts[states[q]] += 1; });
    var text = "All answers saved.", state = "saved";
    if (counts.retry) { text = "Not saved — will retry when the connection returns (" + counts.retry + " waiting)."; state = "retry"; }
    else if (counts.saving) { text = "Saving…"; state = "saving"; }
    else if (counts.error) { text = counts.error + " answer(s) need attention."; state = "error"; }
    pageStatus.textContent = text;
    pageStatus.setAttribute("data-state", state);
  }

  function checked(fs) { return fs.querySelector("input[type=radio]:checked"); }

  function payloadFor(fs) {
    var qid = fs.getAttribute("data-question");
    var input = checked(fs);
    if (!input) return null;
    if (input.value === "__na__") {
      var text = fs.querySelector("textarea").value.trim();
      return text ? { question: qid, not_applicable: true, justification: text } : { question: qid, incomplete: true };
    }
    return { question: qid, option: input.value };
  }

  function isVisible(fs, depth) {
    var parentId = fs.getAttribute("data-show-if");
    if (!parentId) return true;
    var parent = byId[parentId];
    if (!parent || depth > fieldsets.length || !isVisible(parent, depth + 1)) return false;
    var input = checked(parent);
    return !!input && fs.getAttribute("data-show-if-any").split(" ").indexOf(input.value) >= 0;
  }

  function applyBranching() {
    fieldsets.forEach(function (fs) {
      var show = isVisible(fs, 0);
      fs.hidden = !show;
      Array.prototype.forEach.call(fs.querySelectorAll("input, textarea"), function (el) { el.disabled = !show; });
      var na = fs.querySelector("[data-na-detail]");
      if (na) { var input = checked(fs); na.hidden = !(input && input.value === "__na__"); }
    });
    updateProgress();
  }

  function updateProgress() {
    var total = 0, answered = 0;
    fieldsets.forEach(function (fs) {
      if (fs.hidden) return;
      total += 1;
      var p = payloadFor(fs);
      if (p && !p.incomplete) answered += 1;
    });
    var bar = root.querySelector("[data-progress]");
    bar.max = Math.max(total, 1);
    bar.value = answered;
    bar.textContent = Math.round(100 * answered / Math.max(total, 1)) + "%";
    root.querySelector("[data-progress-text]").textContent = answered + " of " + total + " answered";
  }

  function queue(fs) {
    var p = payloadFor(fs);
    if (!p) return;
    if (p.incomplete) { setStatus(p.question, "error", "Say why this does not apply; then it is saved."); return; }
    pending[p.question] = p;
    store();
    setStatus(p.question, "saving", "Saving…");
    flush();
  }

  function send(p) {
    return fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      redirect: "error",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(p)
    });
  }

  function flushOne(qid) {
    var p = pending[qid];
    setStatus(qid, "saving", "Saving…");
    return send(p).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (res.ok || res.status === 400) {
          if (pending[qid] === p) { delete pending[qid]; store(); }
          if (pending[qid]) return true;  // changed while in flight: send again
          if (res.ok) setStatus(qid, "saved", "Saved");
          else setStatus(qid, "error", "Not saved: " + (body.error || "this answer was refused."));
          return true;
        }
        setStatus(qid, "retry", "Not saved — will retry");
        return false;
      });
    }, function () {
      setStatus(qid, "retry", "Not saved — will retry");
      return false;
    });
  }

  function flush() {
    if (flushing) return;
    var ids = Object.keys(pending);
    if (!ids.length) return;
    flushing = true;
    var step = function (i) {
      if (i >= ids.length) {
        flushing = false;
        if (Object.keys(pending).some(function (q) { return states[q] !== "retry"; })) flush();
        return;
      }
      flushOne(ids[i]).then(function (ok) {
        if (ok) { step(i + 1); return; }
        ids.slice(i + 1).forEach(function (q) { setStatus(q, "retry", "Not saved — will retry"); });
        flushing = false;
      });
    };
    step(0);
  }

  function retryAll() {
    Object.keys(pending).forEach(function (q) { states[q] = "saving"; });
    flush();
  }

  function restorePending() {
    Object.keys(pending).forEach(function (qid) {
      var fs = byId[qid], p = pending[qid];
      if (!fs) { delete pending[qid]; return; }
      var value = p.not_applicable ? "__na__" : p.option;
      var radio = fs.querySelector("input[type=radio][value=\"" + value.replace(/"/g, "") + "\"]");
      if (radio) radio.checked = true;
      if (p.not_applicable) fs.querySelector("textarea").value = p.justification;
      states[qid] = "retry";
    });
    store();
  }

  root.addEventListener("change", function (event) {
    var fs = event.target.closest("fieldset[data-question]");
    if (!fs) return;
    applyBranching();
    if (event.target.type === "radio") queue(fs);
  });
  root.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA") return;
    var fs = event.target.closest("fieldset[data-question]");
    var input = fs && checked(fs);
    if (!input || input.value !== "__na__") return;
    clearTimeout(timers[fs.id]);
    timers[fs.id] = setTimeout(function () { queue(fs); updateProgress(); }, 600);
  });
  window.addEventListener("online", retryAll);
  setInterval(function () { if (Object.keys(pending).length && !flushing) retryAll(); }, 5000);

  root.classList.add("q-live");
  restorePending();
  applyBranching();
  updatePage();
  retryAll();
})();
