// What the docs' example suites share: code blocks read out of a markdown page (so a page and its test
// cannot drift), the page's example app run as its own Node process, and a client that speaks to a served
// masq the way the page's curl commands do (HTTP Basic, form bodies, or a JSON body).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { basic, form, jsonObjectOf, type Fields } from '../api/support.ts';

export const readDoc = (name: string): string => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

const FENCE = /^```(\w*)\n([\s\S]*?)^```$/gm;

/** The code of the first ```lang block that holds `marker` or comes after it. */
export const codeAfter = (doc: string, marker: string, lang: string): string => {
  const at = doc.indexOf(marker);
  assert.notEqual(at, -1, `the page says "${marker}"`);
  for (const match of doc.matchAll(FENCE)) {
    if (match.index + match[0].length > at && match[1] === lang && match[2] !== undefined) return match[2];
  }
  throw new Error(`no \`\`\`${lang} block after "${marker}"`);
};

/** The page's JSON block after `marker`, parsed. */
export const jsonAfter = (doc: string, marker: string): unknown => JSON.parse(codeAfter(doc, marker, 'json'));

export interface DocApp {
  readonly base: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

const NODE_MODULES = new URL('../../node_modules', import.meta.url).pathname;

const waitUntilListening = async (base: string, app: ChildProcess, output: () => string): Promise<void> => {
  for (let tries = 0; tries < 200; tries += 1) {
    if (app.exitCode !== null) throw new Error(`the example app exited:\n${output()}`);
    try {
      await fetch(base);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`the example app did not listen on ${base}:\n${output()}`);
};

/** Runs `source` as `app.mjs` (beside a link to masq's node_modules, so it imports `twilio`) with `env`. */
export const runDocApp = async (source: string, port: number, env: Record<string, string>): Promise<DocApp> => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-doc-app-'));
  symlinkSync(NODE_MODULES, join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'app.mjs'), source);
  const child = spawn(process.execPath, [join(dir, 'app.mjs')], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilListening(base, child, () => out);
  } catch (err) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    base,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly bytes: Buffer;
  readonly json: Record<string, unknown>;
}

export interface Masq {
  get(path: string): Promise<Answer>;
  /** A form POST (`curl -d`), or a JSON body when `json` is given. */
  post(path: string, fields?: Fields, json?: unknown): Promise<Answer>;
  del(path: string): Promise<Answer>;
}

/** A client of the masq served at `origin`, as the account `sid` with `token`. */
export const masqClient = (origin: string, sid: string, token: string): Masq => {
  const authorization = basic(sid, token);
  const send = async (method: string, path: string, body?: { type: string; text: string }): Promise<Answer> => {
    const res = await fetch(`${origin}${path}`, {
      method,
      headers: { authorization, ...(body && { 'content-type': body.type }) },
      ...(body && { body: body.text }),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, bytes, json: jsonObjectOf(text) };
  };
  return {
    get: (path) => send('GET', path),
    post: (path, fields = {}, json) => send('POST', path, json === undefined
      ? { type: 'application/x-www-form-urlencoded', text: form(fields) }
      : { type: 'application/json', text: JSON.stringify(json) }),
    del: (path) => send('DELETE', path),
  };
};
