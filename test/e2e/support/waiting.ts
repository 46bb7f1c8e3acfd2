import { existsSync, readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';

/** Polls until `read` gives a value, or fails naming what it waited for. */
export async function waitUntil<T>(read: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until the locator's text matches, and returns that text. */
export async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  let last = '';
  try {
    return await waitUntil(
      async () => {
        last = (await locator.textContent({ timeout: 2000 }).catch(() => null)) ?? '';
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
