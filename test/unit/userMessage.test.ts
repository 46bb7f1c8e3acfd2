import assert from 'node:assert/strict';
import { errorForResponse, type FailureContext } from '../../src/bitbucket/errorMapping';
import { errorForFailure } from '../../src/bitbucket/failureMapping';
import { fillPlaceholders, renderMessage, userMessage } from '../../src/userMessage';

/** Marks what went through translation, so English filled in beforehand shows up unmarked. */
const bracketed = (text: string, ...args: (string | number)[]) => `[${fillPlaceholders(text, ...args)}]`;
const context: FailureContext = { credentialType: 'apiToken', restUsername: 'dev@example.com', url: 'https://api.bitbucket.org/2.0/user', timeoutMs: 15_000 };

describe('userMessage', () => {
  it('translates a message inside a message on its own', () => {
    const message = userMessage('Could not verify the workspace "{0}": {1}', 'acme', userMessage('network error'));
    assert.equal(renderMessage(message, bracketed), '[Could not verify the workspace "acme": [network error]]');
    assert.equal(fillPlaceholders(message.text, ...message.args), 'Could not verify the workspace "acme": network error');
  });

  it('the English a sentence falls back to is translated, not filled in', () => {
    const gone = errorForResponse({ status: 410, bodyText: '', location: null, grantedScopes: undefined }, context);
    assert.equal(renderMessage(gone.userMessage, bracketed), '[Bitbucket says this API is gone (410 Gone): [the endpoint was removed.]]');
    const forbidden = errorForResponse({ status: 403, bodyText: '', location: null, grantedScopes: [] }, context);
    assert.match(renderMessage(forbidden.userMessage, bracketed), /It has: \[\(none\)\]\.\]$/);
    const network = errorForFailure(new Error('socket hang up'), context);
    assert.match(renderMessage(network.userMessage, bracketed), /\(\[network error\]\)/);
  });
});
