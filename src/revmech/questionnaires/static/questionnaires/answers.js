/* The answers form of a questionnaire section (P&R paras 17, 26): follow-up questions appear as
   soon as an answer calls for them, and a draft of the answers is kept in this browser until
   they are saved, so that a lost connection, a sign-out or an expired session loses nothing.
   The page works without this file: follow-up questions then appear after saving. */
(function () {
  "use strict";

  var form = document.getElementById("answers-form");
  if (!form) { return; }
  var storageKey = form.getAttribute("data-draft-key");

  function answerFields(key) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name === "answer:" + key;
    });
  }

  /* The values an answer has now; none when its question is hidden. */
  function answerValues(key) {
    var values = [];
    answerFields(key).forEach(function (field) {
      if (field.disabled) { return; }
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) { values.push(field.value); }
      } else if (field.value.trim()) {
        values.push(field.value);
      }
    });
    return values;
  }

  /* Show or hide each follow-up question, in document order so that a question that depends on
     a hidden one is hidden too. A hidden question's fields are disabled: they are not sent. */
  function updateFollowUps() {
    form.querySelectorAll("fieldset[data-shown-when]").forEach(function (fieldset) {
      var on = fieldset.getAttribute("data-shown-when");
      if (answerFields(on).length === 0) { return; }  // asked in another section
      var wanted = fieldset.getAttribute("data-shown-values").split(" ");
      var show = answerValues(on).some(function (value) { return wanted.indexOf(value) >= 0; });
      fieldset.hidden = !show;
      fieldset.disabled = !show;
    });
  }

  function normalized(text) {
    return text.replace(/\r\n/g, "\n").split(/\n\s*\n/).map(function (block) {
      return block.split("\n").map(function (line) { return line.trim(); }).join("\n").trim();
    }).filter(Boolean).join("\n\n");
  }

  function fieldValue(name) {
    var fields = Array.prototype.filter.call(form.elements, function (f) { return f.name === name; });
    if (fields.length && (fields[0].type === "radio" || fields[0].type === "checkbox")) {
      return fields.filter(function (f) { return f.checked; }).map(function (f) { return f.value; });
    }
    return fields.length ? fields[0].value : "";
  }

  function setFieldValue(name, value) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name !== name) { return; }
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = Array.isArray(value) && value.indexOf(field.value) >= 0;
      } else {
        field.value = value;
      }
    });
  }

  function same(a, b) {
    if (Array.isArray(a) || Array.isArray(b)) {
      return JSON.stringify((a || []).slice().sort()) === JSON.stringify((b || []).slice().sort());
    }
    return normalized(String(a)) === normalized(String(b));
  }

  function answerNames() {
    var names = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name.indexOf("answer:") === 0 && names.indexOf(field.name) < 0) {
        names.push(field.name);
      }
    });
    return names;
  }

  function readDraft() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function saveDraft() {
    var draft = { savedAt: Date.now(), answers: {}, versions: {} };
    answerNames().forEach(function (name) {
      var key = name.slice("answer:".length);
      draft.answers[key] = fieldValue(name);
      draft.versions[key] = fieldValue("version:" + key);
    });
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(draft));
    } catch (error) {
      /* Storage full or refused (private browsing): the form still works without drafts. */
    }
  }

  /* Put back what was typed and not saved. The version each answer was based on comes back
     with it, so that the server shows someone else's later save beside it to merge. */
  function restoreDraft() {
    var draft = readDraft();
    if (!draft || !draft.answers) { return; }
    var restored = false;
    Object.keys(draft.answers).forEach(function (key) {
      var name = "answer:" + key;
      if (answerFields(key).length === 0 || same(draft.answers[key], fieldValue(name))) { return; }
      setFieldValue(name, draft.answers[key]);
      if (draft.versions && draft.versions[key] !== undefined) {
        setFieldValue("version:" + key, draft.versions[key]);
      }
      restored = true;
    });
    if (!restored) {
      window.localStorage.removeItem(storageKey);
      return;
    }
    var note = document.getElementById("draft-note");
    if (note) { note.hidden = false; }
  }

  var pending = null;
  function changed() {
    updateFollowUps();
    window.clearTimeout(pending);
    pending = window.setTimeout(saveDraft, 300);
  }

  restoreDraft();
  updateFollowUps();
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  /* Keep the latest text even if the page goes away before the timer fires. */
  form.addEventListener("submit", saveDraft);
  window.addEventListener("pagehide", function () { if (pending) { saveDraft(); } });

  var discard = document.getElementById("draft-discard");
  if (discard) {
    discard.addEventListener("click", function () {
      window.localStorage.removeItem(storageKey);
      window.location.reload();
    });
  }
}());
