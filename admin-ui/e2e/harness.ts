// What every browser test needs: Debian's Chromium through playwright-core,
// a signed-in page per demo user, console errors collected (a test fails on
// any it did not expect), screenshots as artefacts, and a little of the API
// for arranging and checking from outside the browser.
import { mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const baseUrl = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
export const adminUrl = `${baseUrl}/admin/`;
const password = process.env.E2E_PASSWORD ?? '';
if (!password) throw new Error('E2E_PASSWORD is not set: run the browser tests with e2e/run.sh (npm run test:e2e)');

export type DemoUser = 'writer' | 'editor' | 'moderator' | 'admin';
export const email = (who: DemoUser) => `${who}@newsroom.example`;

/** The flags quality.md asks for: headless, no sandbox (root in CI), no network chatter. */
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far. */
  errors: string[];
  /** Errors matching one of these are expected (e.g. the 412 of a conflict). */
  allow: RegExp[];
}

export async function openSession(browser: Browser, opts: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<Session> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 }, locale: opts.locale ?? 'ar', timezoneId: 'Asia/Riyadh' });
  const page = await context.newPage();
  const s: Session = { context, page, errors: [], allow: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') s.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => s.errors.push(`page error: ${e.message}`));
  return s;
}

/** signIn signs a demo user in through the login form and waits for the app. */
export async function signIn(s: Session, who: DemoUser): Promise<void> {
  await s.page.goto(`${adminUrl}login`);
  await s.page.locator('input[name=email]').fill(email(who));
  await s.page.locator('input[name=password]').fill(password);
  await s.page.locator('form button[type=submit]').click();
  await s.page.locator('nav.sidebar').waitFor();
}

/** closeSession fails the test if the page logged an error nobody expected. */
export async function closeSession(s: Session): Promise<void> {
  const unexpected = s.errors.filter((e) => !s.allow.some((re) => re.test(e)));
  await s.context.close();
  expect(unexpected, 'console errors').toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = new URL('./artifacts/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
}

/** api calls the backend directly (arranging and checking), with a token for a demo user when given. */
export async function api<T = unknown>(method: string, path: string, opts: { token?: string; body?: unknown; expect?: number } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.token) headers['Authorization'] = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  if (opts.expect !== undefined && res.status !== opts.expect) throw new Error(`${method} ${path}: got ${res.status}, want ${opts.expect}: ${text}`);
  if (opts.expect === undefined && !res.ok) throw new Error(`${method} ${path}: got ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function tokenFor(who: DemoUser): Promise<string> {
  const res = await api<{ token: string }>('POST', '/api/admin/v1/auth/login', { body: { email: email(who), password } });
  return res.token;
}

/** pngImage makes a small PNG (a gradient, so it is a real, decodable image) for upload tests. */
export function pngImage(width = 64, height = 48): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = Math.round((255 * x) / width);
      raw[row + 2 + x * 3] = Math.round((255 * y) / height);
      raw[row + 3 + x * 3] = 160;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** waitForSaved waits until the editor says every change is saved. */
export async function waitForSaved(page: Page): Promise<void> {
  await page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
}
