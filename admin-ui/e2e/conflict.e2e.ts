// Two tabs edit the same article: the second save is refused (412), and the
// editor shows both versions instead of losing either; "keep mine" writes
// mine over theirs, with If-Match of their version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminUrl, api, closeSession, launch, openSession, screenshot, signIn, tokenFor, waitForSaved } from './harness';

describe('a conflict between two tabs', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows both versions and keeps mine on request', async () => {
    const token = await tokenFor('editor');
    const created = await api<{ id: string }>('POST', '/api/admin/v1/articles', {
      token,
      body: { headline: 'اتفاق مبدئي على تمديد الهدنة', language: 'ar', summary: 'الملخص الأول' },
      expect: 201,
    });

    const a = await openSession(browser);
    const b = await openSession(browser);
    // The refused save is an expected 412; the browser logs the failed request.
    b.allow.push(/status of 412/);
    await signIn(a, 'editor');
    await signIn(b, 'editor');
    for (const s of [a, b]) {
      await s.page.goto(`${adminUrl}articles/${created.id}`);
      await s.page.locator('.editor').waitFor();
    }

    // Tab A saves first.
    await a.page.getByLabel('العنوان', { exact: true }).fill('اتفاق نهائي على تمديد الهدنة شهرًا');
    await waitForSaved(a.page);

    // Tab B, still on the old version, changes the summary: its save is refused.
    await b.page.getByLabel('الملخص').fill('ملخص من النافذة الثانية');
    const dialog = b.page.getByRole('dialog', { name: 'غيّر شخص آخر هذا المقال' });
    await dialog.waitFor();
    await b.page.locator('[data-save-state="conflict"]').waitFor();
    // Both versions, field by field.
    await expect.poll(() => dialog.getByTestId('mine-headline').textContent()).toBe('اتفاق مبدئي على تمديد الهدنة');
    await expect.poll(() => dialog.getByTestId('theirs-headline').textContent()).toBe('اتفاق نهائي على تمديد الهدنة شهرًا');
    await expect.poll(() => dialog.getByTestId('mine-summary').textContent()).toBe('ملخص من النافذة الثانية');
    await screenshot(b.page, 'conflict');

    await dialog.getByRole('button', { name: 'احتفظ بنسختي' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await waitForSaved(b.page);
    const after = await api<{ headline: string; summary: string }>('GET', `/api/admin/v1/articles/${created.id}`, { token });
    expect(after.summary).toBe('ملخص من النافذة الثانية');
    expect(after.headline).toBe('اتفاق مبدئي على تمديد الهدنة');

    // "Take theirs" in tab A: A now conflicts with B's save, and adopts it.
    a.allow.push(/status of 412/);
    await a.page.getByLabel('العنوان الفرعي').fill('من النافذة الأولى');
    const dialogA = a.page.getByRole('dialog', { name: 'غيّر شخص آخر هذا المقال' });
    await dialogA.waitFor();
    await dialogA.getByRole('button', { name: 'اعتمد نسختهم' }).click();
    await dialogA.waitFor({ state: 'hidden' });
    await expect.poll(() => a.page.getByLabel('الملخص').inputValue()).toBe('ملخص من النافذة الثانية');
    await expect.poll(() => a.page.getByLabel('العنوان الفرعي').inputValue()).toBe('');

    await closeSession(a);
    await closeSession(b);
  });
});
