// Behaviour lives here (CSP forbids inline script). Everything degrades to plain forms.
(function () {
  "use strict";

  // --- Idle-session warning with a one-tap "stay signed in" ---------------------------
  function setupSessionWarning() {
    var body = document.body;
    var idle = parseInt(body.dataset.idleSeconds || "0", 10);
    var warnBefore = parseInt(body.dataset.warningSeconds || "120", 10);
    var box = document.getElementById("session-warning");
    if (!idle || !box) return;
    var lastActivity = Date.now();
    var countdown = box.querySelector("[data-countdown]");
    function touch() { lastActivity = Date.now(); box.hidden = true; }
    document.body.addEventListener("htmx:afterRequest", touch);
    window.addEventListener("pageshow", touch);
    box.querySelector("[data-keepalive]").addEventListener("click", function () {
      var token = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value ||
        JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
      fetch(body.dataset.keepaliveUrl, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" })
        .then(function (r) { if (r.ok) touch(); else window.location.href = body.dataset.loginUrl; });
    });
    setInterval(function () {
      var left = idle - Math.floor((Date.now() - lastActivity) / 1000);
      if (left <= 0) { window.location.reload(); return; }
      if (left <= warnBefore) {
        box.hidden = false;
        countdown.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      }
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupSessionWarning();
  });
})();

// --- Guided exam: autosave feedback, retry, body chart, bottom sheet --------------------------
(function () {
  "use strict";
  var PENDING_PREFIX = "hipexam-pending:";

  function slotOf(elt) { return elt && elt.closest ? elt.closest(".slot[hx-post]") : null; }
  function fieldOf(slot) { return JSON.parse(slot.getAttribute("hx-vals") || "{}").field; }
  function stateOf(slot) { return slot.querySelector(".save-state"); }
  function pendingKey(slot) { return PENDING_PREFIX + slot.getAttribute("hx-post") + "#" + fieldOf(slot); }

  function setState(slot, cls, text, retry) {
    var state = stateOf(slot);
    if (!state) return;
    state.className = "save-state state-" + cls;
    var old = state.querySelector(".state-text, .retry");
    while (old) { old.remove(); old = state.querySelector(".state-text, .retry"); }
    var span = document.createElement("span");
    span.className = "state-text" + (cls === "unsaved" ? " error" : "");
    span.textContent = text;
    state.appendChild(span);
    if (retry) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-small retry";
      button.textContent = "Retry";
      button.addEventListener("click", function () { htmx.trigger(slot, "change"); });
      state.appendChild(button);
    }
  }

  function rememberPending(slot) {
    var values = [];
    slot.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (!el.name || el.name.endsWith("__version")) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      values.push([el.name, el.value]);
    });
    try { sessionStorage.setItem(pendingKey(slot), JSON.stringify({ field: fieldOf(slot), values: values })); } catch (e) { /* storage full or disabled */ }
  }

  // Why a kept answer was not saved: "offline", "signed-out" or "error" (for the restore note).
  function markPendingCause(slot, cause) {
    try {
      var raw = sessionStorage.getItem(pendingKey(slot));
      if (!raw) return;
      var data = JSON.parse(raw);
      data.cause = cause;
      sessionStorage.setItem(pendingKey(slot), JSON.stringify(data));
    } catch (e) { /* ignore */ }
  }

  function forgetPending(slot) {
    try { sessionStorage.removeItem(pendingKey(slot)); } catch (e) { /* ignore */ }
  }

  function restorePending() {
    var restored = 0;
    var causes = {};
    document.querySelectorAll(".slot[hx-post]").forEach(function (slot) {
      var raw = null;
      try { raw = sessionStorage.getItem(pendingKey(slot)); } catch (e) { return; }
      if (!raw) return;
      var data = JSON.parse(raw);
      var field = data.field;
      causes[data.cause || "other"] = true;
      slot.querySelectorAll("[name='" + field + "'], [name='" + field + "__reason']").forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") { el.checked = false; }
      });
      data.values.forEach(function (pair) {
        slot.querySelectorAll("[name='" + pair[0] + "']").forEach(function (el) {
          if (el.type === "radio" || el.type === "checkbox") { if (el.value === pair[1]) el.checked = true; }
          else { el.value = pair[1]; }
        });
      });
      restored += 1;
      htmx.trigger(slot, "change");
    });
    if (restored) {
      var note = document.getElementById("restored-note");
      if (note) {
        // name the real cause: signed out, offline, or anything else
        var cause = causes["signed-out"] ? "signedOut" : causes.offline ? "offline" : "other";
        note.textContent = note.dataset[cause] || note.textContent;
        note.hidden = false;
      }
    }
  }

  // --- Offline: a page-level banner, answers kept in this tab and sent when the connection is back
  var offline = false;

  function setOffline(on) {
    offline = on;
    var banner = document.getElementById("offline-banner");
    if (banner) banner.hidden = !on;
    document.body.classList.toggle("is-offline", on);
    if (!on) {
      var message = document.getElementById("offline-submit-message");
      if (message) message.hidden = true;
    }
  }

  function resendPending() {
    document.querySelectorAll(".slot[hx-post]").forEach(function (slot) {
      var waiting = null;
      try { waiting = sessionStorage.getItem(pendingKey(slot)); } catch (e) { return; }
      if (waiting) htmx.trigger(slot, "change");
    });
  }

  window.addEventListener("offline", function () { setOffline(true); });
  window.addEventListener("online", function () {
    setOffline(false);
    if (window.htmx) resendPending();
  });

  // "Save and continue" while offline stays on the page: check the connection first (a tiny
  // uncached request), then submit the form as usual. Never a browser error page.
  function showOfflineSubmit() {
    setOffline(true);
    var message = document.getElementById("offline-submit-message");
    if (message) { message.hidden = false; message.focus(); }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "step-form" || form.dataset.checked === "yes") return;
    event.preventDefault();
    if (!navigator.onLine) { showOfflineSubmit(); return; }
    var submitter = event.submitter;
    var probe = form.dataset.pingUrl || form.action;
    fetch(probe + (probe.indexOf("?") < 0 ? "?" : "&") + "ping=" + Date.now(), { method: "GET", cache: "no-store", credentials: "same-origin" })
      .then(function () {
        if (submitter && submitter.name) {
          var go = document.createElement("input");
          go.type = "hidden"; go.name = submitter.name; go.value = submitter.value;
          form.appendChild(go);
        }
        form.dataset.checked = "yes";
        form.submit();
      })
      .catch(showOfflineSubmit);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var slot = slotOf(event.detail.elt);
    if (!slot) return;
    rememberPending(slot);
    setState(slot, "saving", "Saving…", false);
  });

  // The answer view marks its own fragments (saved, error or conflict) with X-Save-State.
  // Anything else (a login page, a 401/403/5xx, no connection) means the answer is NOT saved:
  // never swap it in, say so, and keep the pending copy to send again (after the next login).
  function saveStateOf(xhr) { return xhr ? xhr.getResponseHeader("X-Save-State") : null; }

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (slotOf(event.detail.elt) && !saveStateOf(event.detail.xhr)) event.detail.shouldSwap = false;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var slot = slotOf(event.detail.elt);
    if (!slot) return;
    var xhr = event.detail.xhr;
    if (saveStateOf(xhr)) { forgetPending(slot); if (offline && navigator.onLine) setOffline(false); return; }
    var status = xhr ? xhr.status : 0;
    var text = status === 401 ? "Not saved — you were signed out. It will be saved after you sign in." :
      status ? "Not saved (error " + status + ")." :
      "Not saved — no connection. Kept on this tablet; it will be saved when the connection is back.";
    markPendingCause(slot, status === 401 ? "signed-out" : status ? "error" : "offline");
    if (!status) setOffline(true);
    setState(slot, "unsaved", text, status !== 401);
  });

  // Body chart: tapping a drawn region toggles the labelled checkbox, which autosaves.
  // A marked region shows its pain-quality choice (ache / burning / tingling / numb).
  function qualityOf(regionName) {
    var slot = document.querySelector("[data-quality-for='" + regionName + "']");
    var checked = slot ? slot.querySelector("input[type=radio]:checked") : null;
    return { slot: slot, label: checked ? checked.parentNode.textContent.trim().toLowerCase() : "" };
  }

  function syncChart(input) {
    document.querySelectorAll(".region[data-field='" + input.name + "']").forEach(function (shape) {
      shape.classList.toggle("marked", input.checked);
    });
    var quality = qualityOf(input.name);
    if (quality.slot) quality.slot.hidden = !input.checked;
    var caption = document.getElementById("marked-regions");
    if (!caption) return;
    var labels = [];
    document.querySelectorAll("input[data-region-input]:checked").forEach(function (el) {
      var shape = document.querySelector(".region[data-field='" + el.name + "'] title");
      var feels = qualityOf(el.name).label;
      labels.push((shape ? shape.textContent : el.name) + (feels ? " (" + feels + ")" : ""));
    });
    caption.textContent = "Marked: " + (labels.length ? labels.join(", ") : "none");
  }

  document.addEventListener("click", function (event) {
    var shape = event.target.closest ? event.target.closest(".region[data-field]") : null;
    if (shape) {
      var input = document.querySelector("input[data-region-input][name='" + shape.dataset.field + "']");
      if (input && !input.disabled) {
        input.checked = !input.checked;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      return;
    }
    var toggle = event.target.closest ? event.target.closest("[data-sheet-toggle]") : null;
    if (toggle) {
      var sheet = document.getElementById("sheet");
      var open = sheet.classList.toggle("expanded");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? "Hide ranking" : "Show ranking";
    }
  });

  // Next appointment quick picks (summary): a pick shows the date it records in the text box;
  // typing in the box instead switches the pick to "Type it". Without JS the server does both.
  document.addEventListener("input", function (event) {
    if (event.target.id !== "id_next_appointment") return;
    var typeIt = document.querySelector("input[name='next_in_weeks'][value='']");
    if (typeIt) typeIt.checked = true;
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[data-appointment-text]")) {
      var box = document.getElementById("id_next_appointment");
      if (box) box.value = event.target.dataset.appointmentText;
    }
    if (event.target.matches && event.target.matches("input[data-region-input]")) syncChart(event.target);
    var quality = event.target.closest ? event.target.closest("[data-quality-for]") : null;
    if (quality) {
      var region = document.querySelector("input[data-region-input][name='" + quality.dataset.qualityFor + "']");
      if (region) syncChart(region);
    }
  });

  // Live strength deficit while the numbers are typed: the engine's arithmetic (exam/engine.py
  // _strength) and wording (exam_tags.deficit_text). Saving brings the server's figure back.
  function deficitOf(left, right, symptomatic, flagPct) {
    if (isNaN(left) || isNaN(right) || Math.max(left, right) <= 0) return null;
    var deficit, weaker = null;
    if (symptomatic === "left" || symptomatic === "right") {
      var other = symptomatic === "left" ? "right" : "left";
      var values = { left: left, right: right };
      if (!values[other]) return null;
      deficit = (values[other] - values[symptomatic]) / values[other] * 100;
      weaker = deficit > 0 ? symptomatic : deficit < 0 ? other : null;
    } else {
      var strong = Math.max(left, right);
      deficit = (strong - Math.min(left, right)) / strong * 100;
      weaker = deficit > 0 ? (left < right ? "left" : "right") : null;
    }
    deficit = Math.round(deficit * 10) / 10;
    if (!weaker) return { text: "no difference", flagged: false };
    var flagged = deficit > flagPct;
    return {
      text: Math.round(Math.abs(deficit)) + "% deficit, " + weaker + " weaker" +
        (flagged ? " — flagged (over " + flagPct + "%)" : ""),
      flagged: flagged
    };
  }

  function showDeficit(box) {
    var code = box.dataset.deficitFor;
    function read(side) {
      var el = document.querySelector("input[name='" + code + "__" + side + "']");
      return el && el.value.trim() !== "" ? parseFloat(el.value) : NaN;
    }
    var result = deficitOf(read("left"), read("right"), box.dataset.symptomatic, parseFloat(box.dataset.flagPct));
    var text = result ? result.text : "enter both sides";
    box.querySelector("[data-deficit-text]").textContent = text;
    box.classList.toggle("flagged", !!(result && result.flagged));
    var line = document.querySelector("#live-panel li[data-movement='" + box.dataset.movement + "']");
    if (line && result) {
      line.querySelector("[data-deficit-text]").textContent = text;
      line.classList.toggle("flagged", result.flagged);
      line.hidden = false;
      document.getElementById("panel-strength").hidden = false;
    }
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("input[type=number]")) return;
    field.dataset.typed = "yes";  // typed since its last save
    var item = field.closest(".item");
    var box = item ? item.querySelector(".live-deficit[data-deficit-for]") : null;
    if (box) showDeficit(box);
  });

  // A save's answer (the server's deficit line, out of band) can arrive after the other side was
  // typed: it then describes the numbers as they were, so show the typed ones again.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var slot = slotOf(event.detail.elt);
    if (slot) slot.querySelectorAll("input[data-typed]").forEach(function (el) { delete el.dataset.typed; });
  });
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll(".live-deficit[data-deficit-for]").forEach(function (box) {
      var item = box.closest(".item");
      if (item && item.querySelector("input[type=number][data-typed]")) showDeficit(box);
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (document.getElementById("step-form") && window.htmx) restorePending();
    if (!navigator.onLine) setOffline(true);
  });
})();

// --- History: chip grid and quick picks; the body chart's region list --------------------------
(function () {
  "use strict";
  // A quick pick (e.g. 20 minutes) fills the number box; typing in the box drops the pick.
  document.addEventListener("change", function (event) {
    var pick = event.target;
    if (!pick.matches || !pick.matches("input[data-pick-for]")) return;
    var box = document.querySelector("input[type=number][name='" + pick.dataset.pickFor + "']");
    if (box) box.value = pick.value;
  }, true);
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[type=number]")) return;
    document.querySelectorAll("input[data-pick-for='" + box.name + "']").forEach(function (pick) {
      pick.checked = pick.value === box.value.trim();
    });
  });
  // A region tapped on the chart saves in the folded list: open it when a save did not succeed.
  function revealRegionProblems() {
    document.querySelectorAll("details[data-region-list]:not([open])").forEach(function (list) {
      if (list.querySelector(".state-unsaved, .state-error, .state-conflict")) list.open = true;
    });
  }
  document.addEventListener("htmx:afterRequest", revealRegionProblems);
  document.addEventListener("htmx:afterSettle", revealRegionProblems);
  // With the chart working, its list of regions folds away (it stays open without JavaScript).
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("details[data-region-list]").forEach(function (list) {
      if (!list.querySelector(".state-error, .state-conflict")) list.open = false;
    });
  });
})();
