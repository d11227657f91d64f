// The signing ceremony (issue 19). The signer's time zone goes into the forms' hidden fields (recorded
// as evidence). "Draw it" shows a signature pad (signature_pad, vendored from npm) whose drawing is put
// into the form as a PNG when it is sent; "Type it" shows the typed signature's field. Without
// JavaScript the pad stays hidden and the typed signature works alone; the server checks both.
document.addEventListener("DOMContentLoaded", () => {
  const zone = (Intl.DateTimeFormat().resolvedOptions().timeZone || "").slice(0, 64);
  document.querySelectorAll("input[name=time_zone]").forEach((input) => { input.value = zone; });
  const box = document.querySelector("[data-signature-pad]");
  if (!box || !window.SignaturePad) return;
  const form = box.closest("form");
  const canvas = box.querySelector("canvas");
  const drawn = form.querySelector("input[name=drawn]");
  const typed = form.querySelector("[data-typed-mark]");
  const pad = new window.SignaturePad(canvas, { minWidth: 0.8, maxWidth: 2.6, penColor: "#1d2433" });
  const fit = () => {  // the canvas's pixels follow its displayed size, so strokes land under the pointer
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    const strokes = pad.toData();
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    pad.fromData(strokes);
  };
  const choose = () => {
    const mode = (form.querySelector("input[name=mark]:checked") || {}).value;
    box.hidden = mode !== "drawn";
    typed.hidden = mode === "drawn";
    if (!box.hidden) fit();
  };
  form.querySelectorAll("input[name=mark]").forEach((radio) => radio.addEventListener("change", choose));
  box.querySelector("[data-clear]").addEventListener("click", () => { pad.clear(); drawn.value = ""; });
  window.addEventListener("resize", () => { if (!box.hidden) fit(); });
  form.addEventListener("submit", () => { drawn.value = pad.isEmpty() ? "" : pad.toDataURL("image/png"); });
  choose();
});
