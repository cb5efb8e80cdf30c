import type { Page } from 'playwright-core';

/**
 * Throws when the page is wider than the viewport (WCAG 1.4.10, reflow): at 375 px nothing
 * may make the whole page scroll sideways; wide tables scroll inside their own box instead.
 * One pixel of slack absorbs sub-pixel rounding.
 */
export async function expectNoHorizontalScroll(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()?.width ?? 0;
  const { scrollWidth, widest } = await page.evaluate<{ scrollWidth: number; widest: string }>(`((viewport) => {
    const culprits = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > viewport + 1)
      .map((element) => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\\s+/).join('.') : ''));
    return { scrollWidth: document.documentElement.scrollWidth, widest: culprits.slice(0, 8).join(', ') };
  })(${viewport})`);
  if (scrollWidth > viewport + 1) {
    throw new Error(`Layout: "${name}" (${page.url()}) scrolls sideways at ${viewport} px: the page is ${scrollWidth} px wide. Elements reaching past the edge: ${widest || 'none found'}`);
  }
}
