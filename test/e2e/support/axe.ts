// axe-core (the dev dependency, read from node_modules) run inside a webview's content frame.
// Playwright evaluates the source through the DevTools protocol, which the page's CSP does not
// govern, so the form keeps its own CSP (no unsafe-eval, no extra script source) while it is checked.
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { selectors } from './workbench';

/** WCAG 2.1 A and AA, the level the form promises. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

export interface AxeReport {
  violations: AxeViolation[];
  /** How many rules applied to the page and passed. */
  passes: number;
  /** The engine's own version, as it reports it. */
  version: string;
}

let axeSource: string | undefined;

/** The frame that holds the visible webview's document (a webview is two nested iframes). */
export async function webviewContentFrame(page: Page): Promise<Frame> {
  const outer = await (await page.locator(selectors.webview).elementHandle())?.contentFrame();
  const inner = await (await outer?.locator('#active-frame').elementHandle())?.contentFrame();
  if (!inner) throw new Error('no visible webview content frame');
  return inner;
}

/** Runs axe with the WCAG 2.1 A/AA rules on the frame's whole document. */
export async function runAxe(frame: Frame): Promise<AxeReport> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(axeSource);
  return frame.evaluate(`(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(wcagTags)} }, resultTypes: ['violations'] });
    return {
      version: result.testEngine.version,
      passes: result.passes.length,
      violations: result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary || '' })),
      })),
    };
  })()`);
}

/** Serious and critical violations: the ones that fail the check. */
export function blocking(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** One line per violation and node, for the test's output. */
export function describeViolations(where: string, violations: readonly AxeViolation[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${where}: [${violation.impact}] ${violation.id} (${violation.help}) at ${node.target.join(' ')}: ${node.failureSummary.replace(/\s+/g, ' ')}`,
    ),
  );
}
