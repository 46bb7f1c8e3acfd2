import type { Page } from 'playwright-core';
import { launchBrowser, openWorkbench, type BrowserSession } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { packageExtension } from './vsix';

export interface PackagedWorkbench {
  readonly server: CodeServer;
  readonly browser: BrowserSession;
  readonly page: Page;
}

/**
 * code-server with the packaged extension and the given machine settings (the loopback fakes'
 * URLs), and a browser on its workbench. No chat side bar, so screenshots show the form.
 */
export async function openPackagedWorkbench(machineSettings: Record<string, unknown>, options: Pick<CodeServerOptions, 'workspaceTrust' | 'unpackedExtensions'> = {}): Promise<PackagedWorkbench> {
  const server = await startCodeServer({
    vsixPath: packageExtension(),
    machineSettings,
    ...options,
    userSettings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true },
  });
  try {
    const browser = await launchBrowser();
    await openWorkbench(browser.page, server.url);
    return { server, browser, page: browser.page };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
