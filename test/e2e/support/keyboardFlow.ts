// Keyboard and screen-reader facts about the Connect form, read inside its webview frame: where
// Tab goes, whether focus shows, and what the live region says. The expressions are strings
// because the test tsconfig has no DOM types.
import type { Frame, Page } from 'playwright-core';
import { findPaletteRow, selectors } from './workbench';

/** The part of a DOM element a focus check reads (the tests compile without the DOM lib). */
export interface FocusableElement {
  readonly ownerDocument: { readonly activeElement: unknown };
}

export interface FocusStop {
  /** id, or tag and text when there is no id. */
  name: string;
  /** An outline or box shadow shows, and its colour has 3:1 against the page. */
  visible: boolean;
  detail: string;
}

/** Relative luminance contrast of two computed rgb() colours, per WCAG 2.1. */
const contrastFunction = `(a, b) => {
  const lum = (c) => { const [r, g, bl] = c.match(/[\\d.]+/g).slice(0, 3).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}`;

/** The focused element of the frame, or undefined when focus is on the body or outside the frame. */
export async function focusStop(frame: Frame): Promise<FocusStop | undefined> {
  return frame.evaluate(`(() => {
    const el = document.activeElement;
    if (!document.hasFocus() || !el || el === document.body) return undefined;
    const contrast = ${contrastFunction};
    const style = getComputedStyle(el);
    const page = getComputedStyle(document.body).backgroundColor;
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1 && !/, 0\\)$/.test(style.outlineColor);
    const shadow = style.boxShadow !== 'none';
    const ratio = outline ? contrast(style.outlineColor, page) : 0;
    return {
      name: el.id || el.tagName.toLowerCase() + ' ' + el.textContent.trim(),
      visible: (outline && ratio >= 3) || shadow,
      detail: 'outline ' + style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor + ' (' + ratio.toFixed(2) + ':1 on ' + page + ')',
    };
  })()`);
}

/**
 * What Tab should reach, in reading order (top to bottom, then left to right): visible controls
 * that take focus, with only the checked radio of a group (arrow keys move within it).
 */
export async function visualOrder(frame: Frame): Promise<string[]> {
  return frame.evaluate(`(() => {
    const candidates = [...document.querySelectorAll('input, button, a[href], select, textarea, [tabindex]')]
      .filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0 && !el.disabled)
      .filter((el) => el.type !== 'radio' || el.checked);
    // Controls whose boxes share a line (vertically overlapping) read left to right.
    const boxes = candidates.map((el) => ({ el, box: el.getBoundingClientRect() }));
    const sameLine = (a, b) => a.top < b.bottom && b.top < a.bottom;
    return boxes
      .sort((a, b) => (sameLine(a.box, b.box) ? a.box.left - b.box.left : a.box.top - b.box.top))
      .map(({ el }) => el.id || el.tagName.toLowerCase() + ' ' + el.textContent.trim());
  })()`);
}

/** Presses Tab until focus leaves the frame, and returns every stop on the way. */
export async function tabThrough(page: Page, frame: Frame, limit = 20): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await focusStop(frame);
    if (!stop) return stops;
    // A date field's month, day, year and picker are Tab stops of one control: count it once.
    if (stops.at(-1)?.name === stop.name && stop.name === 'expiresOn') continue;
    stops.push(stop);
  }
  throw new Error(`Tab never left the form after ${limit} presses: ${stops.map((stop) => stop.name).join(', ')}`);
}

/** Starts recording what the live region says: one entry per change the page makes to it. */
export async function recordAnnouncements(frame: Frame): Promise<void> {
  await frame.evaluate(`(() => {
    const regions = document.querySelectorAll('[aria-live], [role="status"], [role="alert"]');
    window.noraAnnouncements = [];
    window.noraAnnouncer?.disconnect();
    // One callback per task that changed the page, so a region filled in one go is one entry.
    window.noraAnnouncer = new MutationObserver((records) => {
      const changed = new Set(records.map((record) => [...regions].find((region) => region.contains(record.target))));
      for (const region of changed) window.noraAnnouncements.push(region.textContent.trim());
    });
    for (const region of regions) window.noraAnnouncer.observe(region, { childList: true, subtree: true, characterData: true });
  })()`);
}

/** What the live regions said since recordAnnouncements, empty texts left out. */
export async function announcements(frame: Frame): Promise<string[]> {
  return frame.evaluate('window.noraAnnouncements.filter((text) => text !== "")');
}

/** Runs a command from the palette with the keyboard alone: F1, the title, Enter. */
export async function runCommandByKeyboard(page: Page, title: string): Promise<void> {
  await findPaletteRow(page, title); // opens the palette on the title and waits for the row
  const first = page.locator(`${selectors.quickInputRow}.focused .label-name`);
  const label = (await first.textContent())?.trim() ?? '';
  if (!label.endsWith(title)) throw new Error(`the palette's first row is "${label}", not "${title}"`);
  await page.keyboard.press('Enter');
  await page.locator(selectors.quickInputBox).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Where focus is, for a failure message: in the frame, and in the workbench page around it. */
export async function describeFocus(page: Page, frame: Frame): Promise<string> {
  const inFrame = await frame
    .evaluate<string>('(() => { const el = document.activeElement; return "frame has focus: " + document.hasFocus() + ", active: " + (el ? el.tagName + "#" + el.id : "none"); })()')
    .catch((error: Error) => `frame: ${error.message}`);
  const inPage = await page.evaluate<string>('(() => { const el = document.activeElement; return el ? el.tagName + "." + String(el.className).slice(0, 80) : "none"; })()');
  return `${inFrame}; workbench active: ${inPage}`;
}
