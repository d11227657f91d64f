"""Counting what a person does on the pages: every click, select, tick, fill and upload, per part
of a journey (issue 15: "the same intake in at most 100 interactions").

A journey acts through an `Interactions` instead of calling the Playwright locator itself, so
nothing it does escapes the count; looking at a page (expect, the accessibility checks, reading
text) is not an interaction and is not counted.
"""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager


class Interactions:
    def __init__(self):
        self.part: str | None = None
        self.counts: Counter[str] = Counter()
        self.order: list[str] = []  # parts in the order they were first entered
        self.log: list[tuple[str, str, str]] = []  # (part, kind, what), for the report

    @contextmanager
    def during(self, part: str):
        """Count what happens inside the block under `part`."""
        previous, self.part = self.part, part
        if part not in self.order:
            self.order.append(part)
        try:
            yield self
        finally:
            self.part = previous

    def _count(self, kind: str, locator, detail: str = "") -> None:
        assert self.part is not None, "an interaction outside any part of the journey"
        self.counts[self.part] += 1
        shown = str(locator).partition("selector=")[2].strip("'>") or str(locator)
        self.log.append((self.part, kind, f"{shown}{f' = {detail}' if detail else ''}"))

    def click(self, locator, **options) -> None:
        self._count("click", locator)
        locator.click(**options)

    def tick(self, locator) -> None:
        """A checkbox or a radio button."""
        self._count("tick", locator)
        locator.check()

    def select(self, locator, **option) -> None:
        """One choice in a list (select_option's label= or value=)."""
        self._count("select", locator, str(option))
        locator.select_option(**option)

    def fill(self, locator, value: str, secret: bool = False) -> None:
        self._count("fill", locator, "(hidden)" if secret else value)
        locator.fill(value)

    def draw(self, locator, strokes) -> None:
        """Strokes with the mouse across a canvas (a drawn signature), each one counted: a stroke is
        ((x, y), (x, y)) from and to, in fractions of the canvas's width and height."""
        box, mouse = locator.bounding_box(), locator.page.mouse
        for (x0, y0), (x1, y1) in strokes:
            self._count("draw", locator, f"({x0}, {y0}) to ({x1}, {y1})")
            mouse.move(box["x"] + box["width"] * x0, box["y"] + box["height"] * y0)
            mouse.down()
            mouse.move(box["x"] + box["width"] * x1, box["y"] + box["height"] * y1, steps=12)
            mouse.up()

    def upload(self, locator, path) -> None:
        self._count("upload", locator, str(path))
        locator.set_input_files(str(path))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def of(self, part: str) -> int:
        return self.counts[part]

    def report(self, excluded: tuple[str, ...] = ()) -> str:
        """One line a part, then the total (without the `excluded` parts, which are listed apart)."""
        lines = [f"{part:<20} {self.counts[part]:>3}" for part in self.order if part not in excluded]
        counted = sum(self.counts[part] for part in self.order if part not in excluded)
        lines.append(f"{'total':<20} {counted:>3}")
        lines += [f"{part:<20} {self.counts[part]:>3}  (not counted in the total)" for part in excluded
                  if part in self.counts]
        return "\n".join(lines)

    def details(self) -> str:
        return "\n".join(f"{part:<20} {kind:<7} {what}" for part, kind, what in self.log)
