import { existsSync, readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { waitUntil } from '../../support/waitUntil';

export { waitUntil };

/** Waits until the locator's text matches, and returns that text; `innerText` keeps the line breaks between rendered rows. */
export async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 30_000, read: 'textContent' | 'innerText' = 'textContent'): Promise<string> {
  let last = '';
  try {
    return await waitUntil(
      async () => {
        last = (await locator[read]({ timeout: 2000 }).catch(() => null)) ?? '';
        return pattern.test(last) ? last : undefined;
      },
      `text ${pattern}`,
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message} (last seen: ${JSON.stringify(last.slice(0, 300))})`, { cause: error });
  }
}

/** Waits for a file a terminal command writes to have content, and returns it. */
export function waitForFile(file: string, timeoutMs = 30_000): Promise<string> {
  return waitUntil(() => (existsSync(file) ? readFileSync(file, 'utf8') || undefined : undefined), file, timeoutMs);
}
