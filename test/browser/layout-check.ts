// How a banner or dialog shows on a screen, measured: shared by languages.test.ts and element-reflow.test.ts.
import type { CookieConsent } from './element-helpers.js';

const overlap = (a: DOMRect, b: DOMRect) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

/**
 * What is wrong with how `root` shows on a `width`×`height` screen: a box outside the screen or outside
 * `root`, a control hidden under something else or overlapping another one, text wider than its box.
 * `controls` must be seen and clicked; `texts` must not stick out sideways (they may scroll vertically).
 */
export function problems(el: CookieConsent, root: HTMLElement, controls: HTMLElement[], texts: HTMLElement[], { width, height }: { width: number; height: number }): string[] {
  const found: string[] = [];
  const name = (node: HTMLElement) => node.getAttribute('part') ?? node.id ?? node.tagName;
  const box = root.getBoundingClientRect();
  if (box.left < -0.5 || box.top < -0.5 || box.right > width + 0.5 || box.bottom > height + 0.5) {
    found.push(`${name(root)} outside the screen: ${JSON.stringify(box.toJSON())}`);
  }
  for (const node of [root, ...texts, ...controls]) {
    if (node.scrollWidth > node.clientWidth + 1) found.push(`${name(node)} text wider than its box (${node.scrollWidth} > ${node.clientWidth})`);
  }
  const rects = controls.map((node) => node.getBoundingClientRect());
  controls.forEach((node, i) => {
    const rect = rects[i]!;
    if (!rect.width || !rect.height) return void found.push(`${name(node)} has no size`);
    if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5 || rect.top < box.top - 0.5 || rect.bottom > box.bottom + 0.5) {
      found.push(`${name(node)} sticks out of ${name(root)}`);
    }
    // Hidden (clipped, scrolled away or covered): the point in its middle is not it.
    const hit = el.shadowRoot!.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    if (!hit || !(hit === node || node.contains(hit))) found.push(`${name(node)} is hidden (at its middle: ${hit?.outerHTML.slice(0, 60)})`);
    rects.slice(i + 1).forEach((other, j) => {
      if (overlap(rect, other)) found.push(`${name(node)} overlaps ${name(controls[i + 1 + j]!)}`);
    });
  });
  return found;
}


/**
 * What keeps the text of `area` (a scroll area) from being read: fewer than two lines in sight while it
 * holds more, covered in its middle, or overflowing without being scrollable by keyboard (a Tab stop) or
 * without a visible cue (a scrollbar taking room, or the scroll shadows of its background).
 */
export function unreadable(el: CookieConsent, area: HTMLElement): string[] {
  const found: string[] = [];
  const name = area.getAttribute('part') || area.id || area.className;
  const style = getComputedStyle(area);
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.45;
  const rect = area.getBoundingClientRect();
  if (area.clientHeight + 1 < Math.min(area.scrollHeight, 2 * line)) found.push(`${name}: ${area.clientHeight}px of ${area.scrollHeight}px in sight, less than two lines`);
  const hit = el.shadowRoot!.elementFromPoint(rect.left + rect.width / 2, rect.top + Math.min(rect.height / 2, line / 2));
  if (rect.height && !(hit && (hit === area || area.contains(hit)))) found.push(`${name} is covered (at its top: ${hit?.outerHTML.slice(0, 60)})`);
  if (area.scrollHeight > area.clientHeight + 1) {
    if (!/auto|scroll/.test(style.overflowY)) found.push(`${name} overflows but does not scroll`);
    if (area.tabIndex < 0) found.push(`${name} scrolls but is no Tab stop (not scrollable by keyboard)`);
    if (!(area.offsetWidth - area.clientWidth > 0 || style.backgroundImage.includes('gradient'))) found.push(`${name} scrolls with no visible cue`);
  }
  return found;
}

/** The part of `node` that can be seen: its box, cut by every box above it (up to `root`) that clips. */
function visibleRect(node: HTMLElement, root: HTMLElement): DOMRect {
  let { left, top, right, bottom } = node.getBoundingClientRect();
  for (let at = node.parentElement; at; at = at === root ? null : at.parentElement) {
    if (getComputedStyle(at).overflow === 'visible') continue;
    const clip = at.getBoundingClientRect();
    [left, top, right, bottom] = [Math.max(left, clip.left), Math.max(top, clip.top), Math.min(right, clip.right), Math.min(bottom, clip.bottom)];
  }
  return new DOMRect(left, top, Math.max(0, right - left), Math.max(0, bottom - top));
}

/**
 * Texts (`texts`, inside `root`) drawn over a control: the part of a text that can be seen (its box, less
 * what a scroll area clips away) overlaps a control's box.
 */
export function covered(root: HTMLElement, texts: HTMLElement[], controls: HTMLElement[]): string[] {
  const name = (node: HTMLElement) => node.getAttribute('part') || node.id || node.tagName;
  return texts.flatMap((text) => {
    const seen = visibleRect(text, root);
    return controls.filter((control) => overlap(seen, control.getBoundingClientRect())).map((control) => `${name(text)} overlaps ${name(control)}`);
  });
}

/** Texts (`texts`, inside `root`) drawn past its edge, over the page: the part of a text that can be seen sticks out of `root`'s box. */
export function outside(root: HTMLElement, texts: HTMLElement[]): string[] {
  const box = root.getBoundingClientRect();
  return texts.flatMap((text) => {
    const seen = visibleRect(text, root);
    const past = Math.max(box.top - seen.top, seen.bottom - box.bottom, box.left - seen.left, seen.right - box.right);
    return seen.width && seen.height && past > 0.5 ? [`${text.getAttribute('part') || text.id || text.className} drawn ${Math.round(past)}px past the edge of ${root.getAttribute('part') || root.tagName}`] : [];
  });
}

/**
 * What keeps `text` from being reached: what of it is in sight off the screen, or its overflow or its box cut
 * off (by a box above it, up to `root`, that clips) where what cuts it off is no area that `unreadable` passes.
 */
export function unreachable(el: CookieConsent, root: HTMLElement, text: HTMLElement, { width, height }: { width: number; height: number }): string[] {
  const name = text.getAttribute('part') || text.id;
  const found: string[] = [];
  if (text.scrollHeight > text.clientHeight + 1) {
    // Read where the keyboard brings it: a Tab stop that scrolls comes into sight when focused.
    if (text.tabIndex >= 0) text.focus();
    found.push(...unreadable(el, text));
    text.blur();
  }
  const box = text.getBoundingClientRect();
  const seen = visibleRect(text, root);
  // Scrolled away inside an area (nothing of it in sight) is the loop's to judge below, not off the screen.
  if (seen.width && seen.height && (seen.top < -0.5 || seen.left < -0.5 || seen.bottom > height + 0.5 || seen.right > width + 0.5)) found.push(`${name} off the screen`);
  for (let area = text.parentElement; area; area = area === root ? null : area.parentElement) {
    const clip = area.getBoundingClientRect();
    if (getComputedStyle(area).overflow === 'visible' || (box.top >= clip.top - 0.5 && box.bottom <= clip.bottom + 0.5 && box.left >= clip.left - 0.5 && box.right <= clip.right + 0.5)) continue;
    if (/auto|scroll/.test(getComputedStyle(area).overflowY)) {
      // An area inside one that scrolls too: read it, as the text above, where the keyboard brings it.
      if (area.tabIndex >= 0) area.focus();
      found.push(...unreadable(el, area));
      area.blur();
    }
    else found.push(`${name} cut off by ${area.className || area.tagName}, which does not scroll`);
  }
  return found;
}

/**
 * Focus rings cut off (WCAG 2.4.7, 2.4.11): each of `stops` (inside `root`), focused from the keyboard's side,
 * draws its ring whole, with nothing of it cut by the screen's edge or by a box above it (up to `root`) that
 * clips what overflows it (at its padding edge). Along an axis that box scrolls, a cut ring is not judged:
 * where focus leaves a stop there is the browser's choice (Chromium scrolls the ring's room into sight too,
 * Firefox only the stop, and neither scrolls a stop already in sight), and the visitor can scroll it. Across
 * it, nothing can: that is what the styles must leave room for. `tabbed`: the stops are where the keyboard
 * itself left them (one at a time, focused by a real Tab), so they are judged along that axis too, and stay focused.
 */
export function ringsCut(root: HTMLElement, stops: HTMLElement[], { width, height }: { width: number; height: number }, tabbed = false): string[] {
  return stops.flatMap((stop) => {
    const name = stop.getAttribute('part') || stop.id || stop.className;
    if (!tabbed) stop.focus();
    const style = getComputedStyle(stop);
    const [ringStyle, ringWidth, offset] = [style.outlineStyle, parseFloat(style.outlineWidth), parseFloat(style.outlineOffset)];
    const box = stop.getBoundingClientRect();
    if (!tabbed) stop.blur();
    if (ringStyle === 'none' || !(ringWidth > 0)) return [`${name} shows no focus ring`];
    const reach = Math.max(0, offset + ringWidth);
    let [left, top, right, bottom] = [box.left - reach, box.top - reach, box.right + reach, box.bottom + reach];
    const cuts: string[] = [];
    // A stop off the screen itself is problems()' to report.
    const onScreen = box.left >= -0.5 && box.top >= -0.5 && box.right <= width + 0.5 && box.bottom <= height + 0.5;
    if (onScreen && (left < -0.5 || top < -0.5 || right > width + 0.5 || bottom > height + 0.5)) cuts.push('the screen');
    for (let at = stop.parentElement; at; at = at === root ? null : at.parentElement) {
      const clips = getComputedStyle(at);
      if (clips.overflow === 'visible') continue;
      const edge = at.getBoundingClientRect();
      const inner = [edge.left + parseFloat(clips.borderLeftWidth), edge.top + parseFloat(clips.borderTopWidth), edge.right - parseFloat(clips.borderRightWidth), edge.bottom - parseFloat(clips.borderBottomWidth)];
      const [sideways, upDown] = [!tabbed && at.scrollWidth > at.clientWidth + 1, !tabbed && at.scrollHeight > at.clientHeight + 1];
      if ((!sideways && (left < inner[0]! - 0.5 || right > inner[2]! + 0.5)) || (!upDown && (top < inner[1]! - 0.5 || bottom > inner[3]! + 0.5))) {
        cuts.push(at.getAttribute('part') || at.className || at.tagName);
      }
      // What it scrolls out of sight is out of sight for the boxes above it too.
      if (sideways) [left, right] = [Math.max(left, inner[0]!), Math.min(right, inner[2]!)];
      if (upDown) [top, bottom] = [Math.max(top, inner[1]!), Math.min(bottom, inner[3]!)];
    }
    return cuts.map((cut) => `${name}'s focus ring cut by ${cut}`);
  });
}
