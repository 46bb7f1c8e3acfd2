/**
 * The CGI side of the fake git server: runs `git http-backend` for one request and relays its
 * answer (test code only).
 */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { serverGitEnv } from './gitCommands';

/** `extraHeaders` are added to the backend's answer (for example a server's identity header). */
export function runHttpBackend(
  projectRoot: string,
  remoteUser: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  extraHeaders: Record<string, string> = {},
): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env: NodeJS.ProcessEnv = {
    ...serverGitEnv(),
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REMOTE_USER: remoteUser,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    AUTH_TYPE: 'Basic',
  };
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const optional: Array<[string, string | undefined]> = [
    ['CONTENT_TYPE', header('content-type')],
    ['CONTENT_LENGTH', header('content-length')],
    ['GIT_PROTOCOL', header('git-protocol')],
    ['HTTP_CONTENT_ENCODING', header('content-encoding')],
  ];
  for (const [name, value] of optional) if (value !== undefined) env[name] = value;

  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => {
    /* the backend may exit before reading the whole body; its exit is handled below */
  });
  req.pipe(child.stdin);

  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = findHeaderEnd(head);
    if (!end) return;
    const { status, headers } = parseCgiHeaders(head.subarray(0, end.index).toString('latin1'));
    res.writeHead(status.code, status.text, [...headers, ...Object.entries(extraHeaders)]);
    headersSent = true;
    const rest = head.subarray(end.index + end.length);
    if (rest.length > 0) res.write(rest);
  });
  child.on('error', (error) => fail(`could not run git http-backend: ${error.message}`));
  child.on('close', (code) => {
    if (headersSent) res.end();
    else fail(`git http-backend exited with ${code}: ${Buffer.concat(stderr).toString('utf8')}`);
  });

  function fail(message: string): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${message}\n`);
  }
}

function findHeaderEnd(buffer: Buffer): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { index: crlf, length: 4 };
  if (lf >= 0) return { index: lf, length: 2 };
  return undefined;
}

function parseCgiHeaders(text: string): { status: { code: number; text: string }; headers: Array<[string, string]> } {
  let status = { code: 200, text: 'OK' };
  const headers: Array<[string, string]> = [];
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      const match = /^(\d{3})\s*(.*)$/.exec(value);
      if (match) status = { code: Number(match[1]), text: match[2] || http.STATUS_CODES[Number(match[1])] || '' };
    } else {
      headers.push([name, value]);
    }
  }
  return { status, headers };
}
