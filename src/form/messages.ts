import * as z from 'zod/mini';
import { connectFormSchema } from '../connection/connectInput';
import { accessTokenScopes, credentialTypes } from '../bitbucket/credentialType';
import { busyActions, connectFields, formModes } from '../connection/connectFields';

/** Replace Token sends only the new token, its account's email and its date: the rest stays as connected. */
const replaceTokenFormSchema = z.object({ email: connectFormSchema.shape.email, secret: connectFormSchema.shape.secret, expiresOn: connectFormSchema.shape.expiresOn });

/** Webview → extension. Anything else is dropped and logged. */
export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('connect'), form: connectFormSchema }),
  z.object({ type: z.literal('replaceToken'), form: replaceTokenFormSchema }),
  z.object({ type: z.literal('test') }),
  z.object({ type: z.literal('disconnect') }),
  z.object({ type: z.literal('useWorkspace'), workspace: z.string().check(z.maxLength(100_000)) }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

const fieldSchema = z.enum(connectFields);

/** What the form may be prefilled with: never the secret. */
export const prefillSchema = z.object({
  credentialType: z.enum(credentialTypes),
  email: z.optional(z.string()),
  username: z.optional(z.string()),
  workspace: z.optional(z.string()),
  accessTokenScope: z.optional(z.enum(accessTokenScopes)),
  repository: z.optional(z.string()),
  serverUrl: z.optional(z.string()),
  projectKey: z.optional(z.string()),
  expiresOn: z.optional(z.string()),
});

export const scopeRowSchema = z.object({ scope: z.string(), granted: z.nullable(z.boolean()) });

/** Extension → webview. The webview trusts these, but the extension checks what it sends in tests. */
export const panelMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('state'),
    connected: z.boolean(),
    displayName: z.optional(z.string()),
    prefill: z.optional(prefillSchema),
    /** `replace`: Replace Token, for the connected account only; focus goes to the token field. */
    mode: z.enum(formModes),
    /** Sentences to read before connecting: hosts that are not the default, scopes another extension asked for. */
    notices: z.optional(z.array(z.string())),
  }),
  z.object({ type: z.literal('busy'), action: z.enum(busyActions) }),
  /** The workspace of the open folder's git remote, sent after the state (reading remotes takes a moment). */
  z.object({ type: z.literal('suggestion'), workspace: z.string() }),
  z.object({
    type: z.literal('result'),
    severity: z.enum(['success', 'warning', 'error']),
    message: z.string(),
    details: z.array(z.string()),
    fieldErrors: z.optional(z.partialRecord(fieldSchema, z.string())),
    scopes: z.optional(z.object({ credentialType: z.enum(credentialTypes), rows: z.array(scopeRowSchema) })),
    /** The account's workspaces to pick from; `note`: the list was cut, or could not be read (then `slugs` is empty). */
    workspaces: z.optional(z.object({ slugs: z.array(z.string()), note: z.optional(z.string()) })),
  }),
]);
export type PanelMessage = z.infer<typeof panelMessageSchema>;
export type Prefill = z.infer<typeof prefillSchema>;
