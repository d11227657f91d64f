// Follows a document being prepared in the background: asks the server for its state every two
// seconds, moves the progress bar, says how far it is (a polite live region), and shows the
// download link when it is ready. Without script the page's "Check again" link does the same.
document.addEventListener("DOMContentLoaded", () => {
  const panel = document.querySelector("[data-progress-url]");
  if (!panel) return;
  const bar = panel.querySelector("progress");
  const text = panel.querySelector("[data-progress-text]");
  const download = panel.querySelector("[data-progress-download]");
  const reload = panel.querySelector("[data-progress-reload]");
  const again = panel.querySelector("[data-progress-again]");
  const follow = async () => {
    let state;
    try {
      const response = await fetch(panel.dataset.progressUrl,
        { headers: { Accept: "application/json" }, redirect: "manual" });
      const isJson = (response.headers.get("Content-Type") || "").startsWith("application/json");
      if (response.type === "opaqueredirect" || (response.status >= 400 && response.status < 500) || (response.ok && !isJson)) {
        text.textContent = "The progress cannot be followed any more (has your session ended?). Use Check again.";
        reload.hidden = false;
        return;  // a redirect to the login page or a refusal will not change by asking again
      }
      if (!response.ok) throw new Error(String(response.status));
      state = await response.json();
    } catch (error) {
      text.textContent = "The progress could not be read just now; trying again.";
      window.setTimeout(follow, 5000);
      return;
    }
    bar.value = state.fraction;
    bar.textContent = `${Math.round(state.fraction * 100)}%`;
    const finished = state.status === "ready" || state.status === "failed";
    if (finished || state.elapsed % 10 < 2) text.textContent = state.message;  // not every tick: less chatter
    download.hidden = !state.download;
    if (state.download) download.href = state.download;
    reload.hidden = finished;
    again.hidden = state.status !== "failed";
    if (!finished) window.setTimeout(follow, 2000);
  };
  if (panel.querySelector("[data-progress-reload]:not([hidden])")) window.setTimeout(follow, 1000);
});
