// Autosave for any form with the data-autosave attribute (portal.core.editing.Editor answers it).
// Changed values are posted as a draft every few seconds, when a field loses focus, at once when a
// box is ticked or an option chosen, and when the page is left; the status line says "Saved as draft
// at 10:42" only after the server confirmed. Nothing typed is ever
// cleared here: on 401 (logged out), 409 (conflict) or 422 the values stay on the page.
(() => {
  const INTERVAL_MS = 5000;

  const timeOf = (iso) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

  function draftBody(form) {
    const body = new FormData(form);
    // secrets are never kept; a chosen file is not a draft (a browser cannot restore one anyway)
    form.querySelectorAll("input[type=password], input[type=file]").forEach((input) => body.delete(input.name));
    return body;
  }

  function attach(form) {
    const status = form.querySelector("[data-autosave-status]");
    let dirty = false;
    let inFlight = false;
    let again = false; // a save was asked for while one was on its way

    const say = (text, state) => {
      if (!status) return;
      status.textContent = text;
      status.dataset.state = state;
    };

    const handle = async (response) => {
      const reply = await response.json().catch(() => ({}));
      if (reply.csrf_token) form.querySelector("input[name=csrf_token]").value = reply.csrf_token;
      if (response.ok) return say(`Saved as draft at ${timeOf(reply.saved_at)}`, "saved");
      dirty = true;
      if (response.status === 401) {
        return say("You are logged out, so this draft was not saved. Your changes are still on this page: " +
                   "log in again in another tab, then save here.", "error");
      }
      if (response.status === 409) {
        return say("Someone else saved this record since you opened it. Save to compare your changes " +
                   "with theirs.", "error");
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
    form.addEventListener("submit", () => { dirty = false; });
    // leaving: whatever changed since the last draft goes now, even while a save is on its way
    window.addEventListener("pagehide", () => { if (dirty) { dirty = false; post(); } });
    window.setInterval(save, INTERVAL_MS);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-autosave]").forEach(attach);
  });
})();
