import type { Page } from 'playwright-core';

/**
 * Throws when the page is wider than the viewport (WCAG 1.4.10, reflow): at 375 px nothing
 * may make the whole page scroll sideways; wide tables scroll inside their own box instead.
 * One pixel of slack absorbs sub-pixel rounding. The message names the elements that stick
 * out, or whose content (a long unbroken word or link) spills out of them.
 */
export async function expectNoHorizontalScroll(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()?.width ?? 0;
  const { scrollWidth, clientWidth, culprits } = await page.evaluate<{ scrollWidth: number; clientWidth: number; culprits: string[] }>(`((viewport) => {
    const describe = (element) => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + (typeof element.className === 'string' && element.className.trim() ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
    const culprits = [];
    for (const element of document.querySelectorAll('body *')) {
      if (element.getBoundingClientRect().right > viewport + 1) culprits.push(describe(element));
      else if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === 'visible' && element.clientWidth > 0) culprits.push(describe(element) + ' (its content spills out)');
    }
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, culprits: culprits.slice(0, 8) };
  })(${viewport})`);
  // The document itself must not scroll sideways: wider than its own box (which leaves out a scrollbar) or than the window.
  if (scrollWidth > clientWidth || scrollWidth > viewport + 1) {
    throw new Error(`Layout: "${name}" (${page.url()}) scrolls sideways at ${viewport} px: the page is ${scrollWidth} px wide. Elements sticking out: ${culprits.join(', ') || 'none found'}`);
  }
}
