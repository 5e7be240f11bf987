// The portal's own script: starts GOV.UK Frontend's components and the session timeout warning.
// Every page works without it.
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();

function startTimeoutWarning() {
  const dialog = document.getElementById("timeout-warning");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const warnAfter = Number(dialog.dataset.warningMinutes) * 60 * 1000;
  const signOutAfter = Number(dialog.dataset.idleMinutes) * 60 * 1000;
  const remaining = dialog.querySelector(".app-timeout-dialog__remaining");
  let warnTimer, signOutTimer, countdown;

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(signOutTimer);
    clearInterval(countdown);
    const started = Date.now();
    warnTimer = setTimeout(() => {
      dialog.showModal();
      countdown = setInterval(() => {
        const left = Math.max(0, Math.round((signOutAfter - (Date.now() - started)) / 1000));
        const minutes = Math.floor(left / 60);
        const seconds = left % 60;
        remaining.textContent = minutes > 0 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${seconds} seconds`;
      }, 1000);
    }, warnAfter);
    signOutTimer = setTimeout(() => {
      window.location.href = dialog.dataset.signedOutUrl;
    }, signOutAfter);
  }

  const keepAlive = dialog.querySelector("[data-keep-alive]");
  keepAlive.addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(keepAlive.action, {
      method: "POST",
      body: new FormData(keepAlive),
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    });
    if (response.ok) {
      dialog.close();
      schedule();
    } else {
      window.location.href = dialog.dataset.signedOutUrl;
    }
  });
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
  });
  document.body.addEventListener("htmx:afterRequest", schedule);
  schedule();
}

startTimeoutWarning();

// A deadline's "(… left)" text, rewritten each minute from its data-deadline instant. The page
// shows working days from the server; this only counts down, and never asks the server.
function startDeadlineCountdowns() {
  const elements = document.querySelectorAll("[data-deadline]");
  if (!elements.length) return;
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  function update() {
    for (const element of elements) {
      const left = Date.parse(element.dataset.deadline) - Date.now();
      if (Number.isNaN(left)) continue;
      const minutes = Math.floor(left / 60000);
      const days = Math.floor(minutes / 1440);
      const hours = Math.floor((minutes % 1440) / 60);
      if (left <= 0) {
        element.textContent = "(closed)";
      } else if (days > 0) {
        element.textContent = `(${plural(days, "day")} and ${plural(hours, "hour")} left)`;
      } else if (hours > 0) {
        element.textContent = `(${plural(hours, "hour")} and ${plural(minutes % 60, "minute")} left)`;
      } else {
        element.textContent = `(${plural(Math.max(minutes, 1), "minute")} left)`;
      }
    }
  }
  update();
  setInterval(update, 60 * 1000);
}

startDeadlineCountdowns();

// A table region (components/table_region.html) is a named, focusable landmark only while its
// table is wider than the screen: a table that fits is not one more tab stop and region.
function fitTableRegions() {
  for (const region of document.querySelectorAll(".app-table-region")) {
    if (!region.dataset.label) region.dataset.label = region.getAttribute("aria-label") || "";
    if (region.scrollWidth > region.clientWidth) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", region.dataset.label);
    } else {
      region.removeAttribute("tabindex");
      region.removeAttribute("role");
      region.removeAttribute("aria-label");
    }
  }
}
fitTableRegions();
window.addEventListener("resize", fitTableRegions);
document.body.addEventListener("htmx:afterSettle", fitTableRegions);

// Conditional reveals (portal/core/forms.py, RadiosRevealing): only the chosen answer's
// follow-up question shows. Without this script every follow-up shows.
function startReveals() {
  const inputs = [...document.querySelectorAll("input[data-app-reveal]")];
  function sync(name) {
    for (const input of inputs) {
      if (input.name !== name) continue;
      const target = document.getElementById(input.dataset.appReveal);
      if (target) target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
    }
  }
  for (const name of new Set(inputs.map((input) => input.name))) sync(name);
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.type === "radio") sync(input.name);
  });
}

startReveals();
