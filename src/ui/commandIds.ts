/** Command ids: a public contract, also named in package.json. */
export const commandIds = {
  connect: 'nora.bitbucket.connect',
  test: 'nora.bitbucket.test',
  disconnect: 'nora.bitbucket.disconnect',
  showLog: 'nora.bitbucket.showLog',
  newAgentTerminal: 'nora.bitbucket.newAgentTerminal',
  startMcpServer: 'nora.bitbucket.startMcpServer',
} as const;
