import { fillPlaceholders, type UserMessage } from '../userMessage';

/** Every way a Bitbucket call can fail; the status bar shows a short reason for each. */
export type BitbucketErrorKind =
  | 'missingUsername'
  | 'unauthorized'
  /** A 401 on or after the expiry date the user entered for the token. */
  | 'tokenExpired'
  | 'forbidden'
  | 'notFound'
  /** A Cloud access token of another kind (repository, project, workspace) than the one chosen. */
  | 'wrongTokenKind'
  /** A Server URL that is not Bitbucket Data Center (a Jira, a sign-in page, Bitbucket Cloud). */
  | 'notDataCenter'
  | 'gone'
  | 'rateLimited'
  | 'serverError'
  | 'unexpectedStatus'
  | 'redirectRefused'
  | 'invalidResponse'
  | 'timeout'
  /** The user cancelled the operation (an agent's tool call) before the answer came. */
  | 'cancelled'
  | 'hostNotFound'
  | 'connectionRefused'
  | 'certificate'
  | 'network';

/**
 * A failure with a sentence for the user. `message` is the untranslated text (for logs); the UI
 * renders `userMessage` through `vscode.l10n.t`. Neither ever holds the secret.
 */
export class BitbucketError extends Error {
  constructor(
    readonly kind: BitbucketErrorKind,
    readonly userMessage: UserMessage,
    options?: { cause?: unknown },
  ) {
    super(fillPlaceholders(userMessage.text, ...userMessage.args), options);
    this.name = 'BitbucketError';
  }
}
