// The tools around the workflow, each through the real backend: a story's
// cover and an author's avatar picked from the media library by keyboard and
// cleared; writers assigned to a live article, who may then post to it;
// drafts deleted after a confirmation; an archive note in the history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { adminUrl, api, baseUrl, closeSession, launch, openSession, pngImage, screenshot, signIn, tokenFor, waitForSaved } from './harness';

const stamp = Date.now().toString(36);
const admin = '/api/admin/v1';

interface Asset {
  id: string;
}

/** upload puts a PNG in the media library through the API, as another desk would. */
async function upload(token: string, png: Buffer, caption: string): Promise<Asset> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'cover.png');
  form.append('caption', caption);
  const res = await fetch(`${baseUrl}${admin}/media`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  if (res.status !== 201) throw new Error(`upload: got ${res.status}: ${await res.text()}`);
  return (await res.json()) as Asset;
}

/** pickByKeyboard chooses, in the open picker, the image after the newest one that matches query: type, Tab to the grid, an arrow, Enter. */
async function pickByKeyboard(page: Page, query: string, expectCount: number): Promise<void> {
  const picker = page.getByRole('dialog', { name: 'اختر صورة' });
  await picker.waitFor();
  // The search box has the focus as the picker opens.
  await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('search');
  await page.keyboard.type(query);
  await expect.poll(() => picker.locator('.media-card-button').count()).toBe(expectCount);
  await page.keyboard.press('Tab'); // the "upload a new image" toggle
  await page.keyboard.press('Tab'); // the first thumbnail: the newest match
  await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('media-card-button'))).toBe(true);
  // Right to left: the left arrow goes to the next image in reading order.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  await picker.waitFor({ state: 'hidden' });
}

describe('editorial tools', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an editor picks a story's cover and an author's avatar from the library by keyboard, and clears them", async () => {
    const token = await tokenFor('editor');
    const older = await upload(token, pngImage(101, 77), `غلاف ${stamp} الأول`);
    const newer = await upload(token, pngImage(103, 79), `غلاف ${stamp} الثاني`);
    const story = await api<{ id: string }>('POST', `${admin}/stories`, { token, body: { title: `ملف الغلاف ${stamp}` }, expect: 201 });
    const author = await api<{ id: string }>('POST', `${admin}/authors`, { token, body: { name: `كاتبة الصورة ${stamp}` }, expect: 201 });

    const s = await openSession(browser);
    await signIn(s, 'editor');
    const { page } = s;

    // The story's cover: none yet; choose one from the picker without the mouse.
    await page.goto(`${adminUrl}stories/${story.id}`);
    const form = page.locator('.story-form');
    await form.getByText('لم تُختر صورة.').waitFor();
    await form.getByRole('button', { name: 'اختر صورة: صورة الغلاف' }).click();
    await pickByKeyboard(page, `غلاف ${stamp}`, 2);
    await form.locator('figure.thumb', { hasText: `غلاف ${stamp} الأول` }).waitFor();
    await form.getByRole('button', { name: 'حفظ' }).click();
    await page.getByText('تم الحفظ').first().waitFor();
    await expect.poll(async () => (await api<{ cover_media_id?: string | null }>('GET', `${admin}/stories/${story.id}`, { token })).cover_media_id).toBe(older.id);
    await screenshot(page, 'story-cover');

    // Cleared: the story has no cover again.
    await form.getByRole('button', { name: 'أزل الصورة: صورة الغلاف' }).click();
    await form.getByText('لم تُختر صورة.').waitFor();
    await form.getByRole('button', { name: 'حفظ' }).click();
    await expect.poll(async () => (await api<{ cover_media_id?: string | null }>('GET', `${admin}/stories/${story.id}`, { token })).cover_media_id ?? null).toBeNull();

    // An author's avatar, picked in the edit dialog; Escape closes only the picker.
    await page.goto(`${adminUrl}authors?q=${encodeURIComponent(stamp)}`);
    await page.getByRole('button', { name: `تعديل: كاتبة الصورة ${stamp}` }).click();
    const dialog = page.getByRole('dialog', { name: `تعديل كاتبة الصورة ${stamp}` });
    await dialog.getByRole('button', { name: 'اختر صورة: الصورة الشخصية' }).click();
    await page.getByRole('dialog', { name: 'اختر صورة' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'اختر صورة' }).waitFor({ state: 'hidden' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'اختر صورة: الصورة الشخصية' }).click();
    await pickByKeyboard(page, `غلاف ${stamp}`, 2);
    await dialog.locator('figure.thumb', { hasText: `غلاف ${stamp} الأول` }).waitFor();
    await screenshot(page, 'author-avatar');
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await api<{ avatar_media_id?: string | null }>('GET', `${admin}/authors/${author.id}`, { token })).avatar_media_id).toBe(older.id);

    // Changed to the newest image with the mouse, then cleared (once the list has the saved version).
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: `تعديل: كاتبة الصورة ${stamp}` }).click();
    await dialog.getByRole('button', { name: 'غيّر الصورة: الصورة الشخصية' }).click();
    const picker = page.getByRole('dialog', { name: 'اختر صورة' });
    await picker.getByLabel('ابحث في التعليقات والحقوق والنص البديل').fill(`${stamp} الثاني`);
    await expect.poll(() => picker.locator('.media-card-button').count()).toBe(1);
    await picker.locator('.media-card-button').click();
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await api<{ avatar_media_id?: string | null }>('GET', `${admin}/authors/${author.id}`, { token })).avatar_media_id).toBe(newer.id);
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: `تعديل: كاتبة الصورة ${stamp}` }).click();
    await dialog.getByRole('button', { name: 'أزل الصورة: الصورة الشخصية' }).click();
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await api<{ avatar_media_id?: string | null }>('GET', `${admin}/authors/${author.id}`, { token })).avatar_media_id ?? null).toBeNull();
    await closeSession(s);
  });

  it('an editor assigns a writer to a live article, who may then post to it', async () => {
    const adminToken = await tokenFor('admin');
    const password = `pass-${stamp}-long-enough`;
    const name = `ريم المراسلة ${stamp}`;
    const writer = await api<{ id: string; email: string }>('POST', `${admin}/users`, {
      token: adminToken,
      body: { email: `reem-${stamp}@newsroom.example`, name, password, roles: ['writer'] },
      expect: 201,
    });
    const writerToken = (await api<{ token: string }>('POST', `${admin}/auth/login`, { body: { email: writer.email, password } })).token;
    const editor = await tokenFor('editor');
    const live = await api<{ id: string }>('POST', `${admin}/articles`, { token: editor, body: { headline: `تغطية مباشرة ${stamp}`, kind: 'live' }, expect: 201 });
    const entry = { body: [{ type: 'paragraph', text: 'وصلت الوفود' }] };
    // Not assigned yet: the writer may not even see the article.
    await api('POST', `${admin}/articles/${live.id}/live-entries`, { token: writerToken, body: entry, expect: 404 });

    const s = await openSession(browser);
    await signIn(s, 'editor');
    const { page } = s;
    await page.goto(`${adminUrl}articles/${live.id}`);
    await page.getByRole('tab', { name: 'التغطية المباشرة' }).click();
    await page.getByText('لم يُكلَّف أي كاتب بعد؛ يستطيع المحررون النشر دائمًا.').waitFor();
    const box = page.getByRole('combobox', { name: 'الكتّاب المكلّفون' });
    await box.click();
    await page.keyboard.type('ريم المراسلة');
    // The search narrows to her once the typing stops; Enter takes the match.
    await page.getByRole('option', { name }).waitFor();
    await expect.poll(() => page.getByRole('option').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.locator('.live-writers .chip', { hasText: name }).waitFor();
    await waitForSaved(page);
    await expect.poll(async () => (await api<{ live_writer_ids: string[] }>('GET', `${admin}/articles/${live.id}`, { token: editor })).live_writer_ids).toEqual([writer.id]);
    await screenshot(page, 'live-writers');

    // Assigned, the writer posts.
    await api('POST', `${admin}/articles/${live.id}/live-entries`, { token: writerToken, body: entry, expect: 201 });

    // The name survives a reload (looked up by id), and the writer can be taken off again.
    await page.reload();
    await page.getByRole('tab', { name: 'التغطية المباشرة' }).click();
    await page.locator('.live-writers .chip', { hasText: name }).waitFor();
    await page.getByRole('button', { name: `أزل ${name}` }).click();
    await page.getByText('لم يُكلَّف أي كاتب بعد؛ يستطيع المحررون النشر دائمًا.').waitFor();
    await waitForSaved(page);
    await expect.poll(async () => (await api<{ live_writer_ids: string[] }>('GET', `${admin}/articles/${live.id}`, { token: editor })).live_writer_ids).toEqual([]);
    await closeSession(s);

    // Writers do not list writers: the assignment is the editors' business.
    await api('GET', `${admin}/writers`, { token: writerToken, expect: 403 });
  });

  it('a writer deletes a draft from the list after confirming; an editor deletes one from the editor', async () => {
    const writer = await tokenFor('writer');
    const editor = await tokenFor('editor');
    const mine = await api<{ id: string }>('POST', `${admin}/articles`, { token: writer, body: { headline: `مسودة للحذف ${stamp}` }, expect: 201 });
    const submitted = await api<{ id: string }>('POST', `${admin}/articles`, { token: writer, body: { headline: `مسودة مرسلة ${stamp}`, body: [{ type: 'paragraph', text: 'نص' }] }, expect: 201 });
    await api('POST', `${admin}/articles/${submitted.id}/submit`, { token: writer, body: {} });

    let s = await openSession(browser);
    await signIn(s, 'writer');
    let page = s.page;
    await page.goto(`${adminUrl}articles?q=${encodeURIComponent(stamp)}`);
    await page.getByRole('link', { name: `مسودة مرسلة ${stamp}` }).waitFor();
    // Only drafts can go: the article in review has no delete button.
    expect(await page.getByRole('button', { name: `حذف: مسودة مرسلة ${stamp}` }).count()).toBe(0);
    // Cancelled first, nothing happens.
    await page.getByRole('button', { name: `حذف: مسودة للحذف ${stamp}` }).click();
    const confirm = page.getByRole('dialog', { name: 'حذف هذه المسودة؟' });
    await confirm.getByText(`مسودة للحذف ${stamp}`).waitFor();
    await screenshot(page, 'delete-draft');
    await confirm.getByRole('button', { name: 'إلغاء' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await api('GET', `${admin}/articles/${mine.id}`, { token: writer, expect: 200 });
    // Confirmed, the draft is gone and the list says so.
    await page.getByRole('button', { name: `حذف: مسودة للحذف ${stamp}` }).click();
    await confirm.getByRole('button', { name: 'احذف نهائيًا' }).click();
    await page.getByText('حُذفت المسودة').waitFor();
    await page.getByRole('link', { name: `مسودة للحذف ${stamp}` }).waitFor({ state: 'detached' });
    await api('GET', `${admin}/articles/${mine.id}`, { token: writer, expect: 404 });
    await closeSession(s);

    const theirs = await api<{ id: string }>('POST', `${admin}/articles`, { token: editor, body: { headline: `مسودة المحرر ${stamp}` }, expect: 201 });
    s = await openSession(browser);
    await signIn(s, 'editor');
    page = s.page;
    await page.goto(`${adminUrl}articles/${theirs.id}`);
    await page.getByLabel('الملخص').fill('ملخص لم يُحفظ بعد');
    await page.getByRole('button', { name: 'احذف المسودة' }).click();
    await page.getByRole('dialog', { name: 'حذف هذه المسودة؟' }).getByRole('button', { name: 'احذف نهائيًا' }).click();
    await page.getByText('حُذفت المسودة').waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/articles');
    await api('GET', `${admin}/articles/${theirs.id}`, { token: editor, expect: 404 });
    await closeSession(s);
  });

  it("an editor archives a draft with a note, and the note shows in the article's history", async () => {
    const editor = await tokenFor('editor');
    const art = await api<{ id: string }>('POST', `${admin}/articles`, { token: editor, body: { headline: `خبر مكرر ${stamp}` }, expect: 201 });
    const note = `مكرر مع خبر الأمس ${stamp}`;
    const s = await openSession(browser);
    await signIn(s, 'editor');
    const { page } = s;
    await page.goto(`${adminUrl}articles/${art.id}`);
    await page.getByRole('group', { name: 'مسار العمل' }).getByRole('button', { name: 'أرشف' }).click();
    const dialog = page.getByRole('dialog', { name: 'الأرشفة؟' });
    await dialog.getByLabel('ملاحظة (اختيارية)').fill(note);
    await dialog.getByRole('button', { name: 'أرشف' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.editor-header .badge-archived').waitFor();
    await page.getByRole('tab', { name: 'السجل والنسخ' }).click();
    await page.locator('.timeline blockquote', { hasText: note }).waitFor();
    const history = await api<{ action: string; note: string }[]>('GET', `${admin}/articles/${art.id}/history`, { token: editor });
    expect(history.at(-1)).toMatchObject({ action: 'archive', note });
    await closeSession(s);
  });
});
