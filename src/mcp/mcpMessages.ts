import { userMessage, type UserMessage } from '../userMessage';
import { mcpUrlSetting, type McpOffer } from './mcpOffer';
import type { McpProbeFailure } from './mcpProbe';

const maxListedTools = 10;

/** Tool names come from the server: keep only what a tool name can hold, and not too much of it. */
export function displayToolNames(names: readonly string[]): string {
  const safe = names.map((name) => name.replace(/[^\w.-]/g, '').slice(0, 64)).filter((name) => name !== '');
  const listed = safe.slice(0, maxListedTools).join(', ');
  return safe.length > maxListedTools ? `${listed} (+${safe.length - maxListedTools})` : listed;
}

export function mcpStartedMessage(toolNames: readonly string[]): UserMessage {
  if (toolNames.length === 0) return userMessage("The Bitbucket MCP server started, but it offers no tools. Check the API token's scopes.");
  return userMessage(
    "The Bitbucket MCP server started and offers {0} tools to VS Code's agents: {1}.",
    toolNames.length,
    displayToolNames(toolNames),
  );
}

export function mcpFailureMessage(failure: McpProbeFailure, url: string, timeoutSeconds: number): UserMessage {
  switch (failure.kind) {
    case 'unauthorized':
      return userMessage(
        'The MCP server at {0} refused the API token (401). Check that the token is valid, not expired and has the scopes the tools need, then connect again.',
        url,
      );
    case 'forbidden':
      return userMessage(
        'The MCP server at {0} refused access (403): your Atlassian organisation has not allowed authentication via API token for the Rovo MCP server. An organisation admin can allow it in Atlassian Administration.',
        url,
      );
    case 'notFound':
      return userMessage('There is no MCP server at {0} (404). Check the setting {1}.', url, mcpUrlSetting);
    case 'redirect':
      return userMessage('The MCP server at {0} redirected ({1}); the token is never sent elsewhere. Check the setting {2}.', url, failure.status, mcpUrlSetting);
    case 'status':
      return userMessage('The MCP server at {0} answered with HTTP {1}. Try again later.', url, failure.status);
    case 'timeout':
      return userMessage('The MCP server at {0} did not answer within {1} seconds.', url, timeoutSeconds);
    case 'unreachable':
      return userMessage('The MCP server at {0} could not be reached. Check your network, the proxy (http.proxy) and the setting {1}.', url, mcpUrlSetting);
    case 'invalidResponse':
      return userMessage('The server at {0} did not answer like an MCP server. Check the setting {1}.', url, mcpUrlSetting);
  }
}

/**
 * The status bar tooltip's line on the MCP server: this window's connection's when it is the only
 * one offered (or none is), else the accounts it is offered for.
 */
export function mcpStatusLine(offer: McpOffer, offered: readonly { readonly email: string; readonly url: string; readonly credentialId: string }[] = []): UserMessage {
  const onlyThisWindows = offered.length === 1 && offer.offered && offered[0].credentialId === offer.credentialId;
  if (offered.length > 0 && !onlyThisWindows) {
    return userMessage("Offered to VS Code's agents for {0} ({1})", offered.map((server) => server.email).join(', '), new URL(offered[0].url).host);
  }
  if (offer.offered) return userMessage("Offered to VS Code's agents ({0})", new URL(offer.url).host);
  switch (offer.reason) {
    case 'turnedOff':
      return userMessage('Off ({0} is empty)', mcpUrlSetting);
    case 'appPassword':
    case 'accessToken':
      return userMessage('Not offered: it needs an API token');
    case 'dataCenter':
      return userMessage('Not offered: it serves Bitbucket Cloud only');
    case 'settings':
      return userMessage('Not offered: the setting {0} is refused', mcpUrlSetting);
    case 'originChanged':
      return userMessage('Not offered: {0} now names {1}; run "Nora: Start Bitbucket MCP Server" to confirm it', mcpUrlSetting, offer.change.current);
    case 'notConnected':
    case 'changedElsewhere':
      return userMessage('Not offered: not connected');
  }
}
