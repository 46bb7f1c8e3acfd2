// Switching the color theme of the running window with "Preferences: Color Theme", which writes the
// `workbench.colorTheme` user setting, so one window serves every theme kind. (code-server does not
// notice an edit of settings.json made behind its back.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { webviewContentFrame } from './axe';
import type { CodeServer } from './codeServer';
import { waitUntil } from './waiting';
import { findPaletteRow, selectors } from './workbench';

export interface ThemeKind {
  /** The theme kind as a webview's body sees it (data-vscode-theme-kind). */
  readonly kind: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast' | 'vscode-high-contrast-light';
  /** A built-in theme of that kind, by its `workbench.colorTheme` value (the 2026 themes are VS Code 1.139's defaults). */
  readonly setting: string;
  /** Its name in the theme picker. */
  readonly label: string;
}

export const builtInThemeKinds: readonly ThemeKind[] = [
  { kind: 'vscode-light', setting: 'Light 2026', label: 'Light 2026' },
  { kind: 'vscode-dark', setting: 'Dark 2026', label: 'Dark 2026' },
  { kind: 'vscode-high-contrast', setting: 'Default High Contrast', label: 'Dark High Contrast' },
  { kind: 'vscode-high-contrast-light', setting: 'Default High Contrast Light', label: 'Light High Contrast' },
];

/** VS Code 1.139's default theme when the system prefers light (headless Chromium does). */
const defaultTheme = 'Light 2026';

/** Picks the theme, then waits until the setting holds it and the visible webview has its colours. */
export async function useColorTheme(server: CodeServer, page: Page, theme: ThemeKind): Promise<void> {
  await (await findPaletteRow(page, 'Preferences: Color Theme')).click();
  const picker = page.locator(`${selectors.quickInputBox}[placeholder^="Select Color Theme"]`);
  await picker.fill(theme.label);
  await page.locator(selectors.quickInputRow, { has: page.locator('.label-name', { hasText: new RegExp(`^${theme.label}$`) }) }).first().click();
  const settingsFile = path.join(server.userDataDir, 'User', 'settings.json');
  // VS Code leaves the setting out when the pick is its default theme.
  await waitUntil(() => {
    const value = readSetting(settingsFile, 'workbench.colorTheme');
    if (value === unreadable) return undefined;
    return value === theme.setting || (value === undefined && theme.setting === defaultTheme) ? true : undefined;
  }, `workbench.colorTheme = ${theme.setting}`);
  await waitUntil(
    async () => {
      const frame = await webviewContentFrame(page).catch(() => undefined);
      const seen = await frame?.evaluate('[document.body.dataset.vscodeThemeKind, document.body.dataset.vscodeThemeName]').catch(() => undefined);
      const [kind, label] = (seen ?? []) as string[];
      return kind === theme.kind && label === theme.label ? true : undefined;
    },
    `the webview in ${theme.label}`,
  );
}

const unreadable = Symbol('unreadable');

/** A user setting, or `unreadable` while VS Code is still writing the file (a half-written file is not JSON yet). */
function readSetting(settingsFile: string, name: string): unknown {
  try {
    return (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>)[name];
  } catch {
    return unreadable;
  }
}
