// Refuses a file larger than its field's data-max-bytes before it is sent, with the message next to
// the field, so nobody waits for an upload the server will refuse. The server checks again.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach((input) => {
    const limit = Number(input.dataset.maxBytes);
    const message = document.createElement("p");
    message.className = "error-message";
    message.id = `${input.id}-size-error`;
    message.hidden = true;
    input.before(message);
    input.addEventListener("change", () => {
      const file = input.files[0];
      const tooLarge = file && file.size > limit;
      const shown = limit >= 1048576 ? `${Math.floor(limit / 1048576)} MB` : `${Math.max(1, Math.floor(limit / 1024))} KB`;
      message.textContent = tooLarge ? `The file is larger than ${shown}; choose a smaller one.` : "";
      message.hidden = !tooLarge;
      input.setCustomValidity(message.textContent);
      const others = (input.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== message.id);
      input.setAttribute("aria-describedby", [...others, ...(tooLarge ? [message.id] : [])].join(" "));
      if (tooLarge) input.value = "";
    });
  });
});
