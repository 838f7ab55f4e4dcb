/**
 * A phone's, a tablet's and a desktop's width (UI-1, UI-2) for what opens on request: a dialog, a
 * form, a sign-in screen. The page must not scroll sideways (the measure screens.e2e.ts uses: the document wider than the
 * window), and neither may what was opened: a modal dialog sits in the top layer, outside the
 * page's scrolling, so it must itself lie inside the window and not scroll sideways within.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';

/** The widths screens.e2e.ts looks at every route with. */
export const WIDTHS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 820, height: 1180 },
  { name: 'desktop', width: 1280, height: 860 },
] as const;
export const PHONE = { width: WIDTHS[0].width, height: WIDTHS[0].height };

type Measured = { scrollWidth: number; innerWidth: number; opened: string[]; wide: string[] };

function measure(opened: Element | null): Measured {
  const describe = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
  const sticksOut = (el: Element) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > innerWidth + 1 || box.left < -1);
  };
  const problems: string[] = [];
  if (opened) {
    const box = opened.getBoundingClientRect();
    if (box.left < -1 || box.right > innerWidth + 1)
      problems.push(`${describe(opened)} spans ${Math.round(box.left)}..${Math.round(box.right)}`);
    if (opened.scrollWidth > opened.clientWidth + 1)
      problems.push(`${describe(opened)} scrolls sideways (${opened.scrollWidth} > ${opened.clientWidth})`);
  }
  // The innermost elements past an edge that no scrolling region of their own contains.
  const wide: string[] = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!sticksOut(el) || [...el.children].some(sticksOut)) continue;
    let contained = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible' && up !== opened) contained = true;
    if (!contained) wide.push(`${describe(el.parentElement ?? el)} > ${describe(el)}`);
    if (wide.length >= 6) break;
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth, opened: problems, wide };
}

/**
 * What is wrong with `opened` on screen (or the whole screen) at each width, named by `name`: looked
 * at as the window widens from a phone's to a desktop's, and left at the phone's width again.
 */
export async function widthProblems(page: Page, name: string, opened?: Locator): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    const at = `${width.name} ${name}`;
    await page.setViewportSize({ width: width.width, height: width.height });
    // Resized: let observers (scroll regions) run and the layout settle before measuring.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    const seen = opened ? await opened.evaluate(measure) : await page.evaluate(measure, null);
    if (seen.scrollWidth > seen.innerWidth)
      problems.push(
        `${at}: the page scrolls sideways (${seen.scrollWidth} > ${seen.innerWidth}): ${seen.wide.join(', ')}`,
      );
    for (const p of seen.opened) problems.push(`${at}: ${p}`);
    if (seen.opened.length > 0 && seen.wide.length > 0)
      problems.push(`${at}: past the edge: ${seen.wide.join(', ')}`);
    // Only violations are collected: axe skips gathering the nodes that pass, the slow part.
    const axe = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
    for (const v of axe.violations)
      problems.push(`${at}: axe ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  await page.setViewportSize(PHONE);
  return problems;
}
