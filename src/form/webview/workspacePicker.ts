import type { FormStrings } from '../connectPage';
import type { PanelMessage } from '../messages';

type WorkspaceChoices = NonNullable<Extract<PanelMessage, { type: 'result' }>['workspaces']>;

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/**
 * The account's workspaces as a native select (keyboard and screen readers know it) above the
 * workspace field, and the open folder's remote workspace as a suggestion. The text field stays
 * the value sent, so a slug that is not listed can still be typed.
 */
export class WorkspacePicker {
  private readonly select = element<HTMLSelectElement>('workspace-pick');
  /** The open folder's remote workspace, once the extension has read it. */
  private suggestion = '';
  private listed: readonly string[] = [];

  /** `changed`: after the picker or the suggestion wrote into the field. */
  constructor(
    private readonly strings: FormStrings,
    private readonly field: HTMLInputElement,
    private readonly changed: () => void,
  ) {
    this.select.addEventListener('change', () => {
      if (this.select.value === '') return;
      field.value = this.select.value;
      changed();
    });
  }

  /** Replace Token keeps the workspace as connected. */
  set disabled(disabled: boolean) {
    this.select.disabled = disabled;
  }

  /** The list from a Connect or Test; `note` says it was cut, or why there is none. */
  showChoices({ slugs, note = '' }: WorkspaceChoices): void {
    this.listed = slugs;
    element('workspace-pick-note').textContent = slugs.length > 0 ? note : '';
    const unavailable = element('workspace-pick-unavailable');
    unavailable.textContent = slugs.length > 0 ? '' : note;
    unavailable.hidden = slugs.length > 0 || note === '';
    this.render();
  }

  suggest(workspace: string): void {
    this.suggestion = workspace;
    // In Replace mode the workspace is kept as connected (the field is read-only): suggest nothing into it.
    if (!this.field.readOnly && this.field.value.trim() === '') this.field.value = workspace;
    const hint = element('workspace-suggestion');
    // A function, so "$&" in a slug is not read as a replacement pattern.
    hint.textContent = this.strings.suggested.replace('{0}', () => workspace);
    hint.hidden = false;
    this.render();
    this.changed();
  }

  private render(): void {
    const current = this.field.value.trim();
    element('workspace-pick-field').hidden = this.listed.length === 0;
    const first = document.createElement('option');
    first.value = '';
    first.textContent = this.strings.pickWorkspace;
    const options = this.listed.map((slug) => {
      const option = document.createElement('option');
      option.value = slug;
      option.textContent = slug === this.suggestion ? this.strings.fromRemote.replace('{0}', () => slug) : slug;
      option.selected = slug === current;
      return option;
    });
    this.select.replaceChildren(first, ...options);
  }
}
