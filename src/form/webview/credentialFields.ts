// Which fields the Connect form shows for the chosen credential type (and access token kind), and
// how they are labelled: only the ones that kind needs, named as the user knows them.
import { accessTokenScopes, credentialTypes, type AccessTokenScope, type CredentialType } from '../../bitbucket/credentialType';
import type { FormStrings } from '../connectPage';

const isCredentialType = (value: unknown): value is CredentialType => credentialTypes.includes(value as CredentialType);
export const isAccessTokenScope = (value: unknown): value is AccessTokenScope => accessTokenScopes.includes(value as AccessTokenScope);

export class CredentialFields {
  constructor(
    private readonly form: HTMLFormElement,
    private readonly strings: FormStrings,
  ) {}

  get type(): CredentialType {
    const checked = this.checked('credentialType');
    return isCredentialType(checked) ? checked : 'apiToken';
  }

  /** What the access token was created for (a repository unless chosen otherwise). */
  get scope(): AccessTokenScope {
    const checked = this.checked('accessTokenScope');
    return isAccessTokenScope(checked) ? checked : 'repository';
  }

  /** Sets the type and kind (when given and valid) and shows their fields. */
  choose(type: unknown, scope?: unknown): void {
    if (isCredentialType(type)) this.check('credentialType', type);
    if (isAccessTokenScope(scope)) this.check('accessTokenScope', scope);
    this.show();
  }

  /** `data-only` lists the types a part belongs to; the repository field is for a repository token alone. */
  show(): void {
    const { type, scope, strings } = this;
    for (const only of this.form.ownerDocument.querySelectorAll<HTMLElement>('[data-only]')) {
      only.hidden = !(only.dataset['only'] ?? '').split(' ').includes(type);
    }
    const isAccessToken = type === 'accessToken';
    const repository = this.input('repository');
    const repositoryField = repository.closest<HTMLElement>('.field');
    if (repositoryField && scope !== 'repository') repositoryField.hidden = true;
    this.text('secret-label', { apiToken: strings.apiTokenSecret, accessToken: strings.accessTokenSecret, dataCenter: strings.dataCenterSecret, appPassword: strings.appPasswordSecret }[type]);
    // No API lists access tokens, so an access token needs its workspace (and repository) named.
    this.text('workspace-label', isAccessToken ? strings.workspaceRequired : strings.workspaceOptional);
    this.text('workspace-hint', isAccessToken ? strings.accessTokenWorkspaceHint : strings.workspaceHint);
    this.text('expiresOn-hint', isAccessToken || type === 'dataCenter' ? strings.accessTokenExpiryHint : strings.expiryHint);
    this.input('workspace').setAttribute('aria-required', String(isAccessToken));
    repository.setAttribute('aria-required', String(isAccessToken && scope === 'repository'));
  }

  private checked(name: string): string | undefined {
    return this.form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value;
  }

  private check(name: string, value: string): void {
    const radio = this.form.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
    if (radio) radio.checked = true;
  }

  private input(id: string): HTMLInputElement {
    return this.form.ownerDocument.getElementById(id) as HTMLInputElement;
  }

  private text(id: string, text: string): void {
    const element = this.form.ownerDocument.getElementById(id);
    if (element) element.textContent = text;
  }
}
