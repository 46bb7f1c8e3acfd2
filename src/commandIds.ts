/** Ids also named in package.json: a public contract. */
export const commandIds = {
  connect: 'nora.bitbucket.connect',
  test: 'nora.bitbucket.test',
  replaceToken: 'nora.bitbucket.replaceToken',
  disconnect: 'nora.bitbucket.disconnect',
  switchAccount: 'nora.bitbucket.switchAccount',
  showLog: 'nora.bitbucket.showLog',
  newAgentTerminal: 'nora.bitbucket.newAgentTerminal',
  newAgentTerminalFor: 'nora.bitbucket.newAgentTerminalFor',
  startMcpServer: 'nora.bitbucket.startMcpServer',
  getStarted: 'nora.bitbucket.getStarted',
} as const;

export const agentTerminalProfileId = 'nora.bitbucket.agentTerminal';
export const mcpProviderId = 'nora.bitbucket.mcp';
export const authenticationProviderId = 'nora-bitbucket';
export const walkthroughId = 'getStarted';
