import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { artifactsDir } from './artifacts';

/** The part of axe-core's result that the report uses (its own types need the DOM library). */
interface AxeViolation {
  id: string;
  impact?: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it is and throws on any serious or critical violation, listing
 * each rule, its impact and the elements. Every violation, of any impact, is also written to
 * test-artifacts/axe/<name>.json for a person to read.
 *
 * The script is evaluated through the DevTools protocol rather than added as a <script> tag:
 * the app's CSP (script-src 'self') refuses inline scripts, and this way the pages are checked
 * under their real CSP instead of a context that bypasses it.
 */
export async function expectNoSeriousAxeViolations(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((results) => results.violations.map(({ id, impact, help, helpUrl, nodes }) => ({ id, impact, help, helpUrl, nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })) })))`,
  );
  const dir = path.join(artifactsDir, 'axe');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ url: page.url(), violations }, null, 2));

  const blocking = violations.filter((violation) => BLOCKING.has(violation.impact ?? ''));
  if (blocking.length) throw new Error(describeViolations(name, page.url(), blocking));
}

function describeViolations(name: string, url: string, violations: AxeViolation[]): string {
  const lines = violations.map((violation) => {
    const targets = violation.nodes.map((node) => `      ${node.target.map(String).join(' ')}${node.failureSummary ? `\n        ${node.failureSummary.replace(/\n/g, '\n        ')}` : ''}`);
    return `  ${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.helpUrl}\n${targets.join('\n')}`;
  });
  return `Accessibility: ${violations.length} serious or critical axe violation(s) on "${name}" (${url}):\n${lines.join('\n')}`;
}
