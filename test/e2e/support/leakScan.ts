// Searching everything a session wrote for a secret: files on disk as raw bytes (SQLite and
// LevelDB keep text as text), and the browser's own storage read through the page. The secret is
// searched in every form it could take: as typed, its random parts alone (they survive escaping
// and compression), URL-encoded, inside `Authorization: Basic`, and base64-encoded at any offset,
// each as UTF-8/Latin-1 and as UTF-16LE (how browsers store some strings).
import assert from 'node:assert/strict';
import { createDecipheriv, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';

export interface Canary {
  readonly email: string;
  readonly token: string;
  /** High-entropy pieces of the token; each alone counts as a hit. */
  readonly randomParts: readonly string[];
}

/** A distinctive fake API token with characters that URL-encoding and JSON escaping change. */
export function makeCanary(): Canary {
  const random = (): string => randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 24);
  const [a, b] = [random(), random()];
  return { email: `leak-canary-${random().slice(0, 8).toLowerCase()}@example.com`, token: `nora-leak-canary-${a}+${b}/=`, randomParts: [a, b] };
}

export interface Needle {
  readonly name: string;
  readonly bytes: Buffer;
}

/** The base64 text of `value` wherever it starts in a byte stream (edges cut where they depend on neighbours). */
function base64AtEveryOffset(value: string): string[] {
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.concat([Buffer.alloc(pad), Buffer.from(value)]).toString('base64');
    return encoded.slice([0, 2, 3][pad], -4);
  });
}

export function needlesFor(canary: Canary): Needle[] {
  const basic = Buffer.from(`${canary.email}:${canary.token}`).toString('base64');
  const forms: [string, string][] = [
    ['token', canary.token],
    ['Authorization header', `Basic ${basic}`],
    ['base64(email:token)', basic],
    ['URL-encoded token', encodeURIComponent(canary.token)],
    ...canary.randomParts.map((part, i): [string, string] => [`token random part ${i + 1}`, part]),
    ...base64AtEveryOffset(canary.token).flatMap((b64, i): [string, string][] => [
      [`base64(token) offset ${i}`, b64],
      [`base64url(token) offset ${i}`, b64.replace(/\+/g, '-').replace(/\//g, '_')],
    ]),
  ];
  return forms.flatMap(([name, text]) => [
    { name, bytes: Buffer.from(text, 'latin1') },
    { name: `${name} (UTF-16LE)`, bytes: Buffer.from(text, 'utf16le') },
  ]);
}

export interface Hit {
  readonly where: string;
  readonly needle: string;
  readonly offset: number;
}

export interface ScanStats {
  files: number;
  bytes: number;
  browserEntries: number;
  hits: Hit[];
}

export const newStats = (): ScanStats => ({ files: 0, bytes: 0, browserEntries: 0, hits: [] });

/** The name of the token planted on purpose: finding it proves the scan looked where it was planted. */
export const controlNeedleName = 'control';

/** Fails unless the control token was found in each of `places` (pattern, what it is). Returns where it was found. */
export function assertControlFound(stats: ScanStats, places: readonly (readonly [RegExp, string])[]): string[] {
  const found = stats.hits.filter((hit) => hit.needle === controlNeedleName).map((hit) => hit.where);
  for (const [pattern, what] of places) {
    assert.ok(found.some((where) => pattern.test(where)), `the control token was not found in ${what}: ${found.join(', ')}`);
  }
  return found;
}

/** Says what was scanned, then fails on any hit but the control token's. */
export function assertNothingLeaked(stats: ScanStats, controlPlaces: number, detail = ''): void {
  const hits = stats.hits.filter((hit) => hit.needle !== controlNeedleName);
  console.log(
    `      leak scan: ${stats.files} files, ${stats.bytes} bytes, ${stats.browserEntries} browser entries, ${hits.length} hits ` +
      `(control found in ${controlPlaces} places${detail})`,
  );
  assert.deepEqual(hits.map((hit) => `${hit.needle} in ${hit.where} at ${hit.offset}`), [], 'a token leaked');
}

export function scanBuffer(where: string, data: Buffer, needles: readonly Needle[], stats: ScanStats): void {
  for (const needle of needles) {
    const offset = data.indexOf(needle.bytes);
    if (offset >= 0) stats.hits.push({ where, needle: needle.name, offset });
  }
}

/** Every regular file under `root` (symlinks are not followed), read whole. Returns the files' paths. */
export function scanTree(root: string, needles: readonly Needle[], stats: ScanStats): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) files.push(file);
    }
  };
  if (lstatSync(root).isDirectory()) walk(root);
  else files.push(root);
  for (const file of files) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch {
      continue; // gone since the listing (a lock or temp file)
    }
    stats.files += 1;
    stats.bytes += data.length;
    scanBuffer(file, data, needles, stats);
  }
  return files;
}

export interface BrowserEntry {
  readonly where: string;
  /** Text, or binary as { $bytes: base64 }, nested in arrays and objects. */
  readonly value: unknown;
}

// Runs in the page (a string: the test tsconfig has no DOM types). Reads localStorage,
// sessionStorage and every object store of every IndexedDB database of the frame's origin.
const readStorageScript = `(async () => {
  const bytes = (u8) => { let s = ''; for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000)); return { $bytes: btoa(s) }; };
  const plain = async (v, depth = 0) => {
    if (v === null || v === undefined || typeof v !== 'object') return v === undefined ? null : v;
    if (depth > 20) return String(v);
    if (v instanceof ArrayBuffer) return bytes(new Uint8Array(v));
    if (ArrayBuffer.isView(v)) return bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    if (v instanceof Blob) return bytes(new Uint8Array(await v.arrayBuffer()));
    if (v instanceof Map) return plain([...v.entries()], depth + 1);
    if (v instanceof Set) return plain([...v.values()], depth + 1);
    if (Array.isArray(v)) return Promise.all(v.map((x) => plain(x, depth + 1)));
    const out = {}; for (const k of Object.keys(v)) out[k] = await plain(v[k], depth + 1); return out;
  };
  const entries = [];
  for (const [name, storage] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
    for (let i = 0; i < storage.length; i++) { const key = storage.key(i); entries.push({ where: name + ' ' + key, value: [key, storage.getItem(key)] }); }
  }
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  for (const info of await indexedDB.databases()) {
    const db = await request(indexedDB.open(info.name));
    try {
      for (const storeName of db.objectStoreNames) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
        for (let i = 0; i < keys.length; i++) entries.push({ where: 'IndexedDB ' + info.name + '/' + storeName + ' ' + String(keys[i]).slice(0, 120), value: await plain([keys[i], values[i]]) });
      }
    } finally { db.close(); }
  }
  return { origin: location.origin, entries };
})()`;

/** The storage of every distinct origin among the page's frames (webviews may have their own). */
export async function readBrowserStorage(page: Page): Promise<BrowserEntry[]> {
  const seen = new Set<string>();
  const all: BrowserEntry[] = [];
  for (const frame of [page.mainFrame(), ...page.frames()] as Frame[]) {
    const result = (await frame.evaluate(readStorageScript).catch(() => undefined)) as { origin: string; entries: BrowserEntry[] } | undefined;
    if (!result || seen.has(result.origin)) continue;
    seen.add(result.origin);
    all.push(...result.entries.map((entry) => ({ where: `${result.origin} ${entry.where}`, value: entry.value })));
  }
  return all;
}

export function scanBrowserEntries(entries: readonly BrowserEntry[], needles: readonly Needle[], stats: ScanStats): void {
  const visit = (where: string, value: unknown): void => {
    if (typeof value === 'string') scanBuffer(where, Buffer.from(value, 'utf8'), needles, stats);
    else if (Array.isArray(value)) value.forEach((item) => visit(where, item));
    else if (value && typeof value === 'object') {
      const { $bytes } = value as { $bytes?: unknown };
      if (typeof $bytes === 'string') scanBuffer(`${where} (bytes)`, Buffer.from($bytes, 'base64'), needles, stats);
      else for (const [key, item] of Object.entries(value)) visit(where, [key, item]);
    } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') visit(where, String(value));
  };
  for (const entry of entries) {
    stats.browserEntries += 1;
    visit(entry.where, entry.value);
  }
}

/**
 * Opens VS Code web's sealed secret store (localStorage "secrets.provider"): base64 of a 32-byte
 * client key half, a 12-byte IV and AES-256-GCM ciphertext with its tag; the key is the client
 * half XOR the server half, which code-server keeps in <user-data-dir>/serve-web-key-half.
 */
export function unsealWebSecrets(sealed: string, serverKeyHalf: Buffer): Record<string, string> {
  const raw = Buffer.from(sealed, 'base64');
  const clientHalf = raw.subarray(0, 32);
  const iv = raw.subarray(32, 44);
  const body = raw.subarray(44, raw.length - 16);
  const key = Buffer.from(clientHalf.map((byte, i) => byte ^ serverKeyHalf[i]));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as Record<string, string>;
}

/** The secrets under keys starting with `keyPrefix`, opened from the page's sealed store with code-server's key half. */
export async function sealedSecretsOf(page: Page, userDataDir: string, keyPrefix: string): Promise<string[]> {
  const sealed = await page.evaluate('localStorage.getItem("secrets.provider")');
  assert.equal(typeof sealed, 'string', 'no secrets.provider in localStorage');
  const secrets = unsealWebSecrets(sealed as string, readFileSync(path.join(userDataDir, 'serve-web-key-half')));
  return Object.entries(secrets)
    .filter(([id]) => (JSON.parse(id) as { key?: string }).key?.startsWith(keyPrefix))
    .map(([, value]) => (JSON.parse(value) as { secret: string }).secret);
}

/**
 * Plants a control value in the page's localStorage and in an IndexedDB database, where a leak
 * could hide: finding it there proves the scan reads those stores (in the page and on disk).
 */
export async function plantControl(page: Page, value: string): Promise<void> {
  await page.evaluate(`(async () => {
    localStorage.setItem('nora-leak-control', ${JSON.stringify(value)});
    const open = indexedDB.open('nora-leak-control', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('values');
    const db = await new Promise((resolve, reject) => { open.onsuccess = () => resolve(open.result); open.onerror = () => reject(open.error); });
    const tx = db.transaction('values', 'readwrite');
    tx.objectStore('values').put({ note: 'control', value: ${JSON.stringify(value)} }, 'control');
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    db.close();
  })()`);
}
