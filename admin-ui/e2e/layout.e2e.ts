// The interface is Arabic and right-to-left by default, switches to English
// and left-to-right, stays usable on a tablet, and every main screen loads
// without a console error. Screenshots of each land in e2e/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminUrl, api, closeSession, launch, openSession, screenshot, signIn, tokenFor } from './harness';

describe('layout and the main screens', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is right-to-left in Arabic and left-to-right in English', async () => {
    const s = await openSession(browser);
    const { page } = s;
    await page.goto(adminUrl);
    await page.locator('input[name=email]').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    await screenshot(page, 'login');
    await signIn(s, 'editor');
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');
    // The navigation sits at the start of the line: on the right in Arabic.
    const sides = () =>
      page.evaluate(() => {
        const nav = document.querySelector('nav.sidebar')!.getBoundingClientRect();
        const main = document.querySelector('main')!.getBoundingClientRect();
        return { navLeft: nav.left, mainLeft: main.left, textAlign: getComputedStyle(document.querySelector('.data-table th, h1')!).textAlign };
      });
    let pos = await sides();
    expect(pos.navLeft).toBeGreaterThan(pos.mainLeft);

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('link', { name: 'Articles' }).click();
    await page.locator('.data-table').waitFor();
    pos = await sides();
    expect(pos.navLeft).toBeLessThan(pos.mainLeft);
    await screenshot(page, 'articles-english');

    // The choice is remembered; back to Arabic for the other tests.
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await closeSession(s);
  });

  it('shows each role only its own screens', async () => {
    const s = await openSession(browser);
    await signIn(s, 'writer');
    const nav = s.page.locator('nav.sidebar');
    await nav.getByRole('link', { name: 'المقالات' }).waitFor();
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toEqual(['لوحة اليوم', 'المقالات', 'مكتبة الوسائط']);
    // A screen of another role, opened by its address, says so.
    await s.page.goto(`${adminUrl}users`);
    await s.page.getByText('أدوارك لا تسمح بهذا الإجراء.').waitFor();
    await closeSession(s);
  });

  const screens: { who: 'editor' | 'admin' | 'moderator'; path: string; ready: string; name: string }[] = [
    { who: 'editor', path: '', ready: '.dashboard .panel', name: 'dashboard-editor' },
    { who: 'editor', path: 'articles', ready: '.data-table', name: 'articles' },
    { who: 'editor', path: 'media', ready: '.media-grid', name: 'media-library' },
    { who: 'editor', path: 'stories', ready: '.data-table', name: 'stories' },
    { who: 'editor', path: 'sections', ready: '.data-table', name: 'sections' },
    { who: 'editor', path: 'tags', ready: '.data-table', name: 'tags' },
    { who: 'editor', path: 'authors', ready: '.data-table', name: 'authors' },
    { who: 'moderator', path: 'comments', ready: '.comments', name: 'moderation' },
    { who: 'moderator', path: 'comments/bans', ready: 'h1', name: 'bans' },
    { who: 'admin', path: 'users', ready: '.data-table', name: 'users' },
    { who: 'admin', path: 'audit', ready: '.data-table', name: 'audit' },
    { who: 'admin', path: 'webhooks', ready: 'h1', name: 'webhooks' },
    { who: 'admin', path: 'api-keys', ready: 'h1', name: 'api-keys' },
  ];

  it('loads every main screen without errors, at desktop and tablet widths', async () => {
    for (const who of ['editor', 'moderator', 'admin'] as const) {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 820, height: 1180 }]) {
        const s = await openSession(browser, { viewport });
        await signIn(s, who);
        for (const screen of screens.filter((x) => x.who === who)) {
          await s.page.goto(`${adminUrl}${screen.path}`);
          await s.page.locator(screen.ready).first().waitFor();
          await s.page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => undefined);
          expect(await s.page.locator('.alert-error').count(), `${screen.path}: an error is shown`).toBe(0);
          // Nothing wider than the window: no sideways scrolling.
          const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${screen.path} at ${viewport.width}px scrolls sideways`).toBeLessThanOrEqual(1);
          await screenshot(s.page, viewport.width < 1000 ? `${screen.name}-tablet` : screen.name);
        }
        await closeSession(s);
      }
    }
  });

  it('story timeline can be reordered by drag and drop', async () => {
    const s = await openSession(browser);
    await signIn(s, 'editor');
    const { page } = s;
    // A demo story with at least two articles (other tests add empty ones).
    const stories = await api<{ data: { id: string; article_count: number }[] }>('GET', '/api/admin/v1/stories?limit=100', { token: await tokenFor('editor') });
    const story = stories.data.find((x) => x.article_count >= 2);
    expect(story, 'a demo story with two articles').toBeDefined();
    await page.goto(`${adminUrl}stories/${story!.id}`);
    const items = page.locator('.sortable-item');
    await items.nth(1).waitFor();
    const first = await items.nth(0).getAttribute('data-id');
    const second = await items.nth(1).getAttribute('data-id');
    await items.nth(0).dragTo(items.nth(1));
    await expect.poll(() => items.nth(0).getAttribute('data-id')).toBe(second);
    await screenshot(page, 'story-order');
    await page.getByRole('button', { name: 'احفظ الترتيب' }).click();
    await page.getByText('حُفظ الترتيب').waitFor();
    await page.reload();
    await items.nth(1).waitFor();
    expect(await items.nth(0).getAttribute('data-id')).toBe(second);
    expect(await items.nth(1).getAttribute('data-id')).toBe(first);
    await closeSession(s);
  });
});
