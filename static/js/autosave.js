// Autosave for any form with the data-autosave attribute (portal.core.editing.Editor answers it).
// Changed values are posted as a draft every few seconds, when a field loses focus, at once when a
// box is ticked or an option chosen, and when the page is left; the status line says "Saved as draft
// at 10:42" only after the server confirmed. Nothing typed is ever
// cleared here: on 401 (logged out), 409 (conflict) or 422 the values stay on the page.
(() => {
  const INTERVAL_MS = 5000;
  // What was typed just before leaving is also kept in this tab for a moment: a reload can reach the
  // server before the last draft does, and the page must still show the newest values.
  const PENDING_MS = 10 * 60 * 1000;
  const NOT_TYPED = new Set(["csrf_token", "version", "base", "once_token"]);

  const timeOf = (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

  function draftBody(form) {
    const body = new FormData(form);
    // secrets are never kept; a chosen file is not a draft (a browser cannot restore one anyway)
    form.querySelectorAll("input[type=password], input[type=file]").forEach((input) => body.delete(input.name));
    return body;
  }

  const typed = (form) => [...draftBody(form).entries()]
    .filter(([name, value]) => !NOT_TYPED.has(name) && typeof value === "string");

  function putBack(form, values) {
    const given = new Map();
    values.forEach(([name, value]) => given.set(name, [...(given.get(name) || []), value]));
    for (const element of form.elements) {
      if (!element.name || NOT_TYPED.has(element.name) || ["file", "password", "submit"].includes(element.type)) continue;
      const mine = given.get(element.name) || [];
      if (element.type === "checkbox" || element.type === "radio") element.checked = mine.includes(element.value);
      else if (element.multiple) [...element.options].forEach((option) => { option.selected = mine.includes(option.value); });
      else if (mine.length) element.value = mine.shift();
    }
  }

  function attach(form, index) {
    const pendingKey = `autosave:${window.location.pathname}:${index}`;
    const status = form.querySelector("[data-autosave-status]");
    let dirty = false;
    let inFlight = false;
    let again = false; // a save was asked for while one was on its way
    let sent = false; // the form itself was sent: what it holds is the server's to keep now

    const say = (text, state) => {
      if (!status) return;
      status.textContent = text;
      status.dataset.state = state;
    };

    const handle = async (response) => {
      const reply = await response.json().catch(() => ({}));
      if (sent) return undefined;
      if (reply.csrf_token) form.querySelector("input[name=csrf_token]").value = reply.csrf_token;
      if (response.ok) {
        window.sessionStorage.removeItem(pendingKey);
        return say(`Saved as draft at ${timeOf(reply.saved_at)}`, "saved");
      }
      dirty = true;
      if (response.status === 401) {
        return say("You are logged out, so this draft was not saved. Your changes are still on this page: " +
                   "log in again in another tab, then save here.", "error");
      }
      if (response.status === 409) {
        return say("Someone else saved this record since you opened it. Save: your changes and theirs are " +
                   "combined, and you choose only where you both changed the same field.", "error");
      }
      return say(`The draft was not saved: ${reply.error || "please try again"}.`, "error");
    };

    // keepalive: a draft posted as the person leaves the page still arrives
    const post = () => fetch(form.action || window.location.href, {
      method: "POST", body: draftBody(form), credentials: "same-origin", redirect: "manual", keepalive: true,
      headers: { "X-Autosave": "1", Accept: "application/json" },
    });

    const save = async () => {
      if (inFlight) { again = dirty; return; }
      if (!dirty) return;
      dirty = false;
      inFlight = true;
      try {
        await handle(await post());
      } catch (error) {
        dirty = true;
        say("The draft could not reach the server; it will be tried again.", "error");
      } finally {
        inFlight = false;
        if (again) { again = false; save(); }
      }
    };

    const discrete = (target) => target.matches("input[type=checkbox], input[type=radio], select");
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("change", (event) => { dirty = true; if (discrete(event.target)) save(); });
    form.addEventListener("focusout", save);
    form.addEventListener("submit", () => { sent = true; dirty = false; window.sessionStorage.removeItem(pendingKey); });
    // leaving: whatever changed since the last draft goes now, even while a save is on its way
    window.addEventListener("pagehide", () => {
      if (!dirty || sent) return;
      dirty = false;
      window.sessionStorage.setItem(pendingKey, JSON.stringify({ at: Date.now(), values: typed(form) }));
      post();
    });
    const pending = JSON.parse(window.sessionStorage.getItem(pendingKey) || "null");
    window.sessionStorage.removeItem(pendingKey);
    if (pending && Date.now() - pending.at < PENDING_MS) {
      putBack(form, pending.values);
      dirty = true;
      say("Your latest changes are back on the page; they are being kept as a draft.", "saved");
      save();
    }
    window.setInterval(save, INTERVAL_MS);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-autosave]").forEach(attach);
  });
  // a form put on the page later (the call-flow builder's panel) says so with this event
  document.addEventListener("portal:form-added", (event) => {
    if (event.target.matches("form[data-autosave]")) attach(event.target, `added:${event.target.action}`);
  });
})();
