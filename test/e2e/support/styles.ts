import type { Locator } from 'playwright-core';

/** The minimal DOM shape read here (the test code compiles without the DOM library). */
interface StyledElement {
  ownerDocument: { defaultView: { getComputedStyle(element: unknown): Record<string, string> } | null };
}

/** Computed CSS properties (camelCase) of the first element `locator` finds. */
export function computedStyle<const K extends string>(locator: Locator, properties: readonly K[]): Promise<Record<K, string>> {
  return locator.first().evaluate((element: StyledElement, names: readonly string[]) => {
    const computed = element.ownerDocument.defaultView!.getComputedStyle(element);
    return Object.fromEntries(names.map((name) => [name, String(computed[name])]));
  }, properties) as Promise<Record<K, string>>;
}
