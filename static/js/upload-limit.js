// Refuses a file larger than its field's data-max-bytes before it is sent, with the message next to
// the field, so nobody waits for an upload the server will refuse. The server checks again.
// The refused file is taken out of the field (it is never sent); pressing the form's button then
// keeps saying the file is too large, rather than sending an empty field that the server would
// answer with "Choose a file" (forms are novalidate: the browser's own check does not run).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach((input) => {
    const limit = Number(input.dataset.maxBytes);
    const message = document.createElement("p");
    message.className = "error-message";
    message.id = `${input.id}-size-error`;
    message.hidden = true;
    input.before(message);
    const show = (text) => {
      message.textContent = text;
      message.hidden = !text;
      input.setCustomValidity(text);
      const others = (input.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== message.id);
      input.setAttribute("aria-describedby", [...others, ...(text ? [message.id] : [])].join(" "));
      if (text) input.setAttribute("aria-invalid", "true");
      else if (!input.closest(".field-error")) input.removeAttribute("aria-invalid");
    };
    input.addEventListener("change", () => {
      const file = input.files[0];
      const tooLarge = file && file.size > limit;
      const shown = limit >= 1048576 ? `${Math.floor(limit / 1048576)} MB` : `${Math.max(1, Math.floor(limit / 1024))} KB`;
      show(tooLarge ? `The file is larger than ${shown}; choose a smaller one.` : "");
      if (tooLarge) input.value = "";
    });
    // Caught before the form's other submit listeners (autosave's), which must not think it was sent.
    document.addEventListener("submit", (event) => {
      if (event.target !== input.form || message.hidden || input.files.length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      input.focus();
    }, true);
  });
});
