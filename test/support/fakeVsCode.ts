// A stand-in for the `vscode` module in plain-Node unit tests of the adapters (`*.vscode.ts`):
// registerFakeVsCode.ts makes `require('vscode')` return `fakeVsCode`, and each test calls
// `resetFakeVsCode()` for a fresh workbench that records what was shown. Small tests only: the
// proof that a feature works is in a real VS Code (test/host, test/e2e).
import { fillPlaceholders } from '../../src/userMessage';

/** A message the code under test showed, and the button the fake "user" chose. */
export interface ShownMessage {
  readonly severity: 'information' | 'warning' | 'error';
  readonly message: string;
  readonly items: readonly string[];
}

class FakeMarkdown {
  value = '';
  isTrusted = true;
  supportHtml = true;
  appendMarkdown(text: string) {
    this.value += text;
    return this;
  }
  appendText(text: string) {
    this.value += text;
    return this;
  }
}

type Listener<T> = (value: T) => unknown;

/** Counts its listeners, so a test can see one left behind. */
class FakeEventEmitter<T> {
  readonly listeners = new Set<Listener<T>>();
  /** As VS Code's: `disposables` receives the subscription. */
  readonly event = (listener: Listener<T>, _thisArgs?: unknown, disposables?: { dispose(): void }[]) => {
    this.listeners.add(listener);
    const subscription = { dispose: () => void this.listeners.delete(listener) };
    disposables?.push(subscription);
    return subscription;
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class FakeDisposable {
  constructor(private readonly onDispose: () => void) {}
  dispose(): void {
    this.onDispose();
  }
}

const fakeUri = (path: string) => ({ path, toString: () => `file://${path}` });

function workbench(answer: (shown: ShownMessage) => string | undefined) {
  const shown: ShownMessage[] = [];
  const commands: { command: string; args: unknown[] }[] = [];
  const terminals: { options: unknown; shown: boolean }[] = [];
  const panels: { disposed: FakeEventEmitter<void>; messages: FakeEventEmitter<unknown>; posted: unknown[]; dispose(): void }[] = [];
  const item = {
    text: '',
    tooltip: undefined as FakeMarkdown | string | undefined,
    command: undefined as string | undefined,
    name: undefined as string | undefined,
    backgroundColor: undefined as { id: string } | undefined,
    accessibilityInformation: undefined as { label: string } | undefined,
    visible: false,
    show: () => void (item.visible = true),
    dispose: () => void (item.visible = false),
  };
  const message =
    (severity: ShownMessage['severity']) =>
    async (text: string, ...rest: unknown[]) => {
      const items = rest.filter((x): x is string => typeof x === 'string');
      const entry = { severity, message: text, items };
      shown.push(entry);
      return answer(entry);
    };
  const createWebviewPanel = () => {
    const disposed = new FakeEventEmitter<void>();
    const messages = new FakeEventEmitter<unknown>();
    const panel = {
      disposed,
      messages,
      posted: [] as unknown[],
      reveal: () => undefined,
      onDidDispose: disposed.event,
      webview: {
        html: '',
        cspSource: 'vscode-webview:',
        asWebviewUri: (uri: unknown) => uri,
        onDidReceiveMessage: messages.event,
        postMessage: async (posted: unknown) => (panel.posted.push(posted), true),
      },
      dispose: () => disposed.fire(),
    };
    panels.push(panel);
    return panel;
  };
  const window = {
    showInformationMessage: message('information'),
    showWarningMessage: message('warning'),
    showErrorMessage: message('error'),
    createStatusBarItem: () => item,
    createWebviewPanel,
    createTerminal: (options: unknown) => {
      const terminal = { options, shown: false };
      terminals.push(terminal);
      return { show: () => void (terminal.shown = true) };
    },
  };
  return { shown, commands, terminals, panels, item, window };
}

/** Settings by their full name (`nora.bitbucket.mcpUrl`); `resetFakeVsCode` empties them. */
const settings = new Map<string, unknown>();

class FakeMcpHttpServerDefinition {
  headers: Record<string, string>;
  constructor(
    readonly label: string,
    readonly uri: { toString(skipEncoding?: boolean): string },
    headers: Record<string, string> = {},
    readonly version?: string,
  ) {
    this.headers = headers;
  }
}

/** What the module exports; `resetFakeVsCode` swaps the workbench behind `window` and `commands`. */
export const fakeVsCode = {
  __esModule: true,
  window: {} as ReturnType<typeof workbench>['window'],
  commands: { executeCommand: async (_command: string, ..._args: unknown[]): Promise<unknown> => undefined },
  l10n: { t: fillPlaceholders },
  env: { language: 'en' },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { Active: -1 },
  Uri: {
    joinPath: (base: { path: string }, ...parts: string[]) => fakeUri([base.path, ...parts].join('/')),
    parse: (value: string) => ({ toString: () => value }),
  },
  workspace: {
    settings,
    getConfiguration: (section: string) => ({ get: (key: string) => settings.get(`${section}.${key}`) }),
    onDidChangeConfiguration: () => new FakeDisposable(() => undefined),
  },
  McpHttpServerDefinition: FakeMcpHttpServerDefinition,
  MarkdownString: FakeMarkdown,
  EventEmitter: FakeEventEmitter,
  Disposable: FakeDisposable,
  ThemeColor: class {
    constructor(readonly id: string) {}
  },
  ThemeIcon: class {
    constructor(readonly id: string) {}
  },
  TerminalProfile: class {
    constructor(readonly options: unknown) {}
  },
};

/** A fresh workbench; messages are answered by `answer` (by default, the user dismisses them). */
export function resetFakeVsCode(answer: (shown: ShownMessage) => string | undefined = () => undefined) {
  const fresh = workbench(answer);
  settings.clear();
  fakeVsCode.window = fresh.window;
  fakeVsCode.commands = { executeCommand: async (command: string, ...args: unknown[]) => void fresh.commands.push({ command, args }) };
  return { ...fresh, uri: fakeUri };
}

/** A LogOutputChannel that keeps the lines, for asserting what reached the log. */
export function memoryLog() {
  const lines: string[] = [];
  const log = {
    lines,
    info: (line: string) => void lines.push(`info ${line}`),
    warn: (line: string) => void lines.push(`warn ${line}`),
    error: (line: string) => void lines.push(`error ${line}`),
    show: () => undefined,
  };
  return log;
}
