import type { VsCodeUi } from '../../src/vscodeUi';
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

/**
 * Stand-ins for the VS Code calls in VsCodeUi, for plain-Node tests of the adapters: it records
 * what was shown and answers messages with `answer` (by default, the user dismisses them).
 */
export function fakeVsCodeUi(answer: (shown: ShownMessage) => string | undefined = () => undefined) {
  const shown: ShownMessage[] = [];
  const commands: { command: string; args: unknown[] }[] = [];
  const terminals: { options: unknown; shown: boolean }[] = [];
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
  const ui = {
    window: {
      showInformationMessage: message('information'),
      showWarningMessage: message('warning'),
      showErrorMessage: message('error'),
      createStatusBarItem: () => item,
      createTerminal: (options: unknown) => {
        const terminal = { options, shown: false };
        terminals.push(terminal);
        return { show: () => void (terminal.shown = true) };
      },
    },
    commands: {
      executeCommand: async (command: string, ...args: unknown[]) => void commands.push({ command, args }),
    },
    l10n: { t: fillPlaceholders },
    StatusBarAlignment: { Left: 1, Right: 2 },
    MarkdownString: FakeMarkdown,
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
  return { ui: ui as unknown as VsCodeUi, item, shown, commands, terminals };
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
