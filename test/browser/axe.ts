import type { AxeResults, ImpactValue, Result } from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** axe-core from node_modules: never fetched from the network. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BLOCKING_IMPACTS: ImpactValue[] = ['serious', 'critical'];

/**
 * Runs axe-core on the page as it is now. The app's CSP (script-src 'self')
 * refuses an injected <script> element (page.addScriptTag), so the source is
 * evaluated through the DevTools protocol instead, which the CSP does not
 * govern: the page keeps its real CSP during the test.
 */
export async function axeViolations(page: Page): Promise<Result[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate<AxeResults>(
    `axe.run(document, { resultTypes: ['violations'] })`,
  );
  return results.violations;
}

/** The serious and critical violations, one readable line each (empty when none). */
export async function blockingViolations(page: Page): Promise<string[]> {
  return (await axeViolations(page))
    .filter((v) => v.impact && BLOCKING_IMPACTS.includes(v.impact))
    .map(
      (v) =>
        `${page.url()}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}
