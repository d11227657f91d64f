// The call-flow builder without page loads (issue 17): on a flow's page, a step's form, a new step's
// form and a removal's confirmation open in a panel beside the diagram; saving sends the form in the
// background and the diagram and the outline are read again from the server. Every form is the
// server's own (its validation, autosave, conflict page and merge); anything this script does not
// handle (a "create a new one here" detour, an upload) is sent as an ordinary form. Without this
// script the links and forms work as plain pages. A menu's keys also get "move up" and "move down".
(() => {
  const STEP = /\/call-flows\/(nodes\/\d+(\/remove)?|new\/[a-z_]+)$/;

  const parse = (text) => new DOMParser().parseFromString(text, "text/html");
  const isStep = (url) => url.origin === window.location.origin && STEP.test(url.pathname);

  function builder(root) {
    const panel = root.querySelector("#flow-editor");
    const status = root.querySelector("#flow-status");

    const say = (text) => { status.textContent = text; };

    function show(doc, url) {
      const main = doc.querySelector("main");
      main.querySelector(".flashes")?.remove();
      const back = main.querySelector(":scope > p");  // "Back to the call flows": this page is there
      if (back && back.querySelector("a[href$='/call-flows']")) back.remove();
      const heading = main.querySelector("h1");
      if (heading) heading.outerHTML = `<h2 id="flow-editor-title" tabindex="-1">${heading.innerHTML}</h2>`;
      panel.innerHTML = "";
      const close = document.createElement("button");
      close.type = "button";
      close.className = "button button-secondary flow-editor-close";
      close.textContent = "Close";
      close.addEventListener("click", () => { panel.hidden = true; panel.innerHTML = ""; });
      panel.append(close, ...main.childNodes);
      panel.querySelectorAll("form").forEach((form) => {
        if (!form.getAttribute("action")) form.setAttribute("action", url.pathname);
        form.dispatchEvent(new CustomEvent("portal:form-added", { bubbles: true }));
      });
      panel.querySelectorAll("fieldset").forEach(keyMovers);
      panel.hidden = false;
      const title = panel.querySelector("#flow-editor-title");
      if (title) { title.scrollIntoView({ block: "nearest" }); title.focus(); }
    }

    async function open(url) {
      say("Opening…");
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) { window.location.assign(url); return; }
        show(parse(await response.text()), new URL(response.url));
        say("");
      } catch (error) {
        window.location.assign(url);
      }
    }

    async function refresh(elsewhere) {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (!response.ok) { window.location.assign(elsewhere); return; }  // this flow's entry was removed
      const doc = parse(await response.text());
      for (const selector of ["#diagram", "#flow-outline"]) {
        const fresh = doc.querySelector(selector);
        const current = root.querySelector(selector);
        if (fresh && current) current.replaceWith(fresh);
      }
    }

    async function send(form, submitter) {
      const body = new FormData(form, submitter);
      say("Saving…");
      let response;
      try {
        response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
      } catch (error) {
        say("The server could not be reached; nothing was lost. Try again.");
        return;
      }
      const doc = parse(await response.text());
      if (response.redirected && !STEP.test(new URL(response.url).pathname)) {
        const flash = doc.querySelector(".flash");
        panel.hidden = true;
        panel.innerHTML = "";
        const added = /\/new\/[a-z_]+$/.test(new URL(form.action).pathname) ?
          " To bring it into this flow, choose it under a key or branch of one of its steps." : "";
        say((flash ? flash.textContent.trim() : "Saved.") + added);
        await refresh(response.url);
        return;
      }
      show(doc, new URL(response.redirected ? response.url : form.action));  // errors, a conflict: the server's page
      say(response.status === 409 ? "Someone else changed this step meanwhile: choose below." : "");
    }

    root.addEventListener("click", (event) => {
      const link = event.target.closest("a[href], area[href]");
      if (!link || event.defaultPrevented || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const url = new URL(link.href, window.location.href);
      if (!isStep(url)) return;
      event.preventDefault();
      open(url);
    });

    panel.addEventListener("submit", (event) => {
      const form = event.target;
      const submitter = event.submitter;
      const ordinary = form.enctype === "multipart/form-data" || (submitter && submitter.name === "create_here") ||
        !isStep(new URL(form.action, window.location.href));
      if (ordinary) return;  // a detour or an upload: the ordinary way, its page comes back here after
      event.preventDefault();
      send(form, submitter);
    });
  }

  // A menu's keys: move a key's choice to the key above or below (the two swap).
  function keyMovers(fieldset) {
    const selects = [...fieldset.querySelectorAll("select[name^='key_']")];
    if (selects.length < 2) return;
    selects.forEach((select, position) => {
      const label = fieldset.querySelector(`label[for='${select.id}']`);
      const name = label ? label.textContent.trim() : select.name;
      const tools = document.createElement("span");
      tools.className = "key-movers";
      [["up", -1], ["down", 1]].forEach(([word, step]) => {
        const other = selects[position + step];
        if (!other) return;
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button button-secondary button-small";
        button.textContent = word === "up" ? "↑" : "↓";
        button.setAttribute("aria-label", `Move ${name}'s choice ${word}`);
        button.addEventListener("click", () => {
          [select.value, other.value] = [other.value, select.value];
          [select, other].forEach((changed) => changed.dispatchEvent(new Event("change", { bubbles: true })));
          other.focus();
        });
        tools.append(button);
      });
      select.insertAdjacentElement("afterend", tools);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-flow-builder]").forEach(builder);
  });
})();
