// Member pickers: a list of seat checkboxes whose boxes carry data-member-site, -type and -text (queue
// agents and supervisors, group members, box recipients, recording listeners; the server lists the
// chosen seats first) gets a text filter, a site and a user-type select (the values present, when
// there are two or more), "Select all shown" / "Clear shown" and a polite live count. Filtering only
// hides seats: a hidden seat stays ticked and is sent. Without script the list works as it is.
(() => {
  const fold = (text) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLocaleLowerCase();

  const make = (tag, properties = {}, children = []) => {
    const element = Object.assign(document.createElement(tag), properties);
    element.append(...children);
    return element;
  };

  const labelled = (id, text, control) => [make("label", { className: "label", htmlFor: id, textContent: text }),
    Object.assign(control, { id, className: "input" })];

  // A select of the values present, or nothing when there is no choice to make.
  function valueSelect(id, text, everything, values) {
    const present = [...new Set(values)].sort((a, b) => a.localeCompare(b));
    if (present.length < 2) return [];
    const options = [make("option", { value: "", textContent: everything }),
      ...present.map((value) => make("option", { value, textContent: value }))];
    return labelled(id, text, make("select", {}, options));
  }

  function attach(list, prefix) {
    const boxes = [...list.querySelectorAll("input[type=checkbox][data-member-text]")];
    const find = labelled(`${prefix}-find`, "Find",
      make("input", { type: "search", placeholder: "Name, extension or e-mail" }));
    const site = valueSelect(`${prefix}-site`, "Site", "All sites", boxes.map((box) => box.dataset.memberSite));
    const type = valueSelect(`${prefix}-type`, "User type", "All user types",
      boxes.map((box) => box.dataset.memberType));
    const button = (textContent) => make("button",
      { type: "button", className: "button button-secondary", textContent });
    const all = button("Select all shown");
    const none = button("Clear shown");
    const bar = make("div", { className: "filter-bar member-picker" }, [...find, ...site, ...type, all, none]);
    const count = make("p", { className: "hint member-picker-count" });
    count.setAttribute("aria-live", "polite");
    // the filters are not answers: autosave (which listens on the form) must not take them for typing
    ["input", "change"].forEach((name) => bar.addEventListener(name, (event) => event.stopPropagation()));
    list.before(bar, count);

    const shown = () => boxes.filter((box) => !box.closest("li").hidden);
    const tell = () => {
      const chosen = boxes.filter((box) => box.checked).length;
      const visible = shown().length;
      count.textContent = `${chosen} chosen` + (visible < boxes.length ? `, ${visible} of ${boxes.length} shown` : "");
    };
    const fits = (select, value) => !select.length || !select[1].value || select[1].value === value;
    const filter = () => {
      const words = fold(find[1].value).split(/\s+/).filter(Boolean);
      boxes.forEach((box) => {
        const text = fold(box.dataset.memberText);
        box.closest("li").hidden = !(words.every((word) => text.includes(word))
          && fits(site, box.dataset.memberSite) && fits(type, box.dataset.memberType));
      });
      tell();
    };
    const tick = (checked) => {
      const changed = shown().filter((box) => box.checked !== checked);
      changed.forEach((box) => { box.checked = checked; });
      // one change event, as a click would send: the count and autosave follow
      if (changed.length) changed.at(-1).dispatchEvent(new Event("change", { bubbles: true }));
    };
    [find[1], site[1], type[1]].filter(Boolean).forEach((control) => control.addEventListener("input", filter));
    // Enter in the search box filters; it must not send the form around it
    find[1].addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
    all.addEventListener("click", () => tick(true));
    none.addEventListener("click", () => tick(false));
    list.addEventListener("change", tell);
    tell();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("ul.checkbox-list").forEach((list, index) => {
      // included by several templates (or twice): each list is set up once
      if (list.dataset.memberPicker || !list.querySelector("input[data-member-text]")) return;
      list.dataset.memberPicker = "ready";
      attach(list, `${list.closest("fieldset")?.id || `members-${index}`}-picker`);
    });
  });
})();
