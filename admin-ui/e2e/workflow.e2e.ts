// A day's work through the UI, as the "done when" describes it: a
// writer drafts an Arabic article with an image and submits it; an editor
// requests changes; the writer fixes and resubmits; the editor publishes;
// the delivery API shows it to readers; a reader's comment waits for a
// moderator, who approves it from the keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminUrl, api, closeSession, launch, openSession, pngImage, screenshot, signIn, tokenFor, waitForSaved } from './harness';

const stamp = Date.now().toString(36);
const headline = `وزراء الخارجية يبحثون مسار أستانا في جولة جديدة ${stamp}`;
const firstParagraph = 'قالت مصادر مطلعة إن المشاورات ';
const boldWords = 'ما زالت مستمرة';
const caption = 'وفود في قاعة المفاوضات';
const note = 'أضف مصدر الخبر وفقرة عن موقف الأطراف';
const comment = `تغطية ممتازة، شكرًا ${stamp}`;

interface ArticleJSON {
  id: string;
  status: string;
  slug: string;
  version: number;
  changes_requested: boolean;
  body: { type: string; text?: string; media_id?: string; caption?: string }[];
  source: string;
}

describe('the newsroom workflow in the browser', () => {
  let browser: Browser;
  let articleId = '';
  let slug = '';

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a writer drafts an Arabic article with an image and submits it', async () => {
    const s = await openSession(browser);
    await signIn(s, 'writer');
    const { page } = s;
    await page.locator('.dashboard').waitFor();
    await screenshot(page, 'dashboard-writer');

    await page.getByRole('button', { name: 'مقال جديد' }).click();
    const dialog = page.getByRole('dialog', { name: 'ابدأ مقالًا جديدًا' });
    await dialog.getByLabel('العنوان').fill(headline);
    await dialog.getByRole('button', { name: 'أنشئ المسودة' }).click();
    await page.locator('.editor').waitFor();
    articleId = page.url().split('/').pop() ?? '';
    expect(articleId).not.toBe('');

    // Content fields follow the article's language: Arabic is right-to-left.
    const headlineInput = page.getByLabel('العنوان', { exact: true });
    await expect.poll(() => headlineInput.getAttribute('dir')).toBe('rtl');
    await page.getByLabel('العنوان الفرعي').fill('جولة جديدة من المحادثات');
    await page.getByLabel('الملخص').fill('يبحث الوزراء ملفات التهدئة والمساعدات.');

    // A paragraph with bold text, typed as a journalist would.
    await page.getByRole('button', { name: '+ فقرة' }).click();
    const paragraph = page.getByRole('textbox', { name: 'الفقرة 1' });
    await paragraph.click();
    await page.keyboard.type(firstParagraph);
    await page.keyboard.press('Control+b');
    await page.keyboard.type(boldWords);
    await page.keyboard.press('Control+b');
    await page.keyboard.type('.');

    // An image: uploaded from the picker (a PNG made by the test), then captioned.
    await page.getByRole('button', { name: '+ صورة' }).click();
    const picker = page.getByRole('dialog', { name: 'اختر صورة' });
    await picker.getByText('ارفع صورة جديدة').click();
    await picker.getByLabel('التعليق', { exact: true }).fill(caption);
    await picker.getByLabel('الحقوق', { exact: true }).fill('أستانا / Sputnik');
    await picker.locator('input[type=file]').setInputFiles({ name: 'astana.png', mimeType: 'image/png', buffer: pngImage() });
    await picker.waitFor({ state: 'hidden' });
    const imageBlock = page.locator('.block-image');
    await imageBlock.locator('img').waitFor();
    await imageBlock.getByLabel('التعليق', { exact: true }).fill(caption);
    await page.getByLabel('المصدر').fill('وكالات');
    await waitForSaved(page);
    await screenshot(page, 'editor-draft');

    await page.getByRole('button', { name: 'أرسل للمراجعة' }).click();
    await page.locator('.editor-header .badge-in_review').waitFor();
    // In review, the writer may no longer edit: the page says why.
    await page.getByText('المقال قيد المراجعة').waitFor();

    const writer = await tokenFor('writer');
    const saved = await api<ArticleJSON>('GET', `/api/admin/v1/articles/${articleId}`, { token: writer });
    expect(saved.status).toBe('in_review');
    expect(saved.source).toBe('وكالات');
    expect(saved.body.map((b) => b.type)).toEqual(['paragraph', 'image']);
    expect(saved.body[0]?.text).toContain(`<b>${boldWords}</b>`);
    expect(saved.body[1]?.caption).toBe(caption);
    expect(saved.body[1]?.media_id).toBeTruthy();
    slug = saved.slug;
    await closeSession(s);
  });

  it('an editor requests changes with a note', async () => {
    const s = await openSession(browser);
    await signIn(s, 'editor');
    const { page } = s;
    await page.locator('[data-panel="awaiting-review"]').getByRole('link', { name: headline }).click();
    await page.locator('.editor').waitFor();
    await screenshot(page, 'editor-review');
    await page.getByRole('button', { name: 'اطلب تعديلات' }).click();
    const dialog = page.getByRole('dialog', { name: 'طلب تعديلات' });
    // The note is required: the dialog says so instead of sending nothing.
    await dialog.getByRole('button', { name: 'أعده إلى الكاتب' }).click();
    await dialog.getByText('اكتب ملاحظة توضح المطلوب تعديله.').waitFor();
    await dialog.getByLabel('ملاحظة إلى الكاتب').fill(note);
    await dialog.getByRole('button', { name: 'أعده إلى الكاتب' }).click();
    await page.locator('.editor-header .badge-changes').waitFor();
    await page.locator('.editor-header .badge-draft').waitFor();
    await closeSession(s);
  });

  it('the writer sees the note, fixes the draft and submits it again', async () => {
    const s = await openSession(browser);
    await signIn(s, 'writer');
    const { page } = s;
    await page.locator('[data-panel="changes-requested"]').getByRole('link', { name: headline }).click();
    await page.locator('.editor').waitFor();
    await page.getByText(note).waitFor();
    await page.getByRole('button', { name: '+ فقرة' }).click();
    await page.getByRole('textbox', { name: 'الفقرة 3' }).fill('وأكدت الأطراف التزامها بالتهدئة، بحسب بيان مشترك.');
    // Submitting at once, before autosave's pause: the change is saved first, then submitted.
    await page.getByRole('button', { name: 'أرسل للمراجعة' }).click();
    await page.locator('.editor-header .badge-in_review').waitFor();
    await waitForSaved(page);
    const resubmitted = await api<ArticleJSON>('GET', `/api/admin/v1/articles/${articleId}`, { token: await tokenFor('writer') });
    expect(resubmitted.status).toBe('in_review');
    expect(resubmitted.body.map((b) => b.type)).toEqual(['paragraph', 'image', 'paragraph']);

    // The history shows the request and the revisions, with a readable diff.
    await page.getByRole('tab', { name: 'السجل والنسخ' }).click();
    await page.getByText(note).waitFor();
    await page.locator('.diff-insert').first().waitFor();
    await screenshot(page, 'history-diff');
    await closeSession(s);
  });

  it('the editor publishes after confirming, and readers get it from the delivery API', async () => {
    const s = await openSession(browser);
    await signIn(s, 'editor');
    const { page } = s;
    await page.goto(`${adminUrl}articles/${articleId}`);
    await page.locator('.editor').waitFor();
    await page.getByRole('button', { name: 'انشر', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'النشر الآن؟' });
    await confirm.getByText(headline).waitFor();
    await confirm.getByRole('button', { name: 'انشر الآن' }).click();
    await page.locator('.editor-header .badge-published').waitFor();
    await page.locator('.editor-header .badge-live').waitFor();
    await screenshot(page, 'editor-published');
    await closeSession(s);

    const published = await api<{ headline: string; language: string; body: { type: string; caption?: string; image?: { url: string; credit: string } | null }[] }>(
      'GET',
      `/api/v1/articles/${encodeURIComponent(slug)}`,
    );
    expect(published.headline).toBe(headline);
    expect(published.language).toBe('ar');
    const image = published.body.find((b) => b.type === 'image');
    expect(image?.caption).toBe(caption);
    expect(image?.image?.credit).toBe('أستانا / Sputnik');
  });

  it('a moderator approves a reader comment with the keyboard', async () => {
    await api('POST', `/api/v1/articles/${encodeURIComponent(slug)}/comments`, {
      body: { author_name: 'قارئ من عمّان', author_email: 'reader@example.com', body: comment, website: '' },
      expect: 202,
    });
    const before = await api<{ data: { body: string }[] }>('GET', `/api/v1/articles/${encodeURIComponent(slug)}/comments`);
    expect(before.data.map((c) => c.body)).not.toContain(comment);

    const s = await openSession(browser);
    await signIn(s, 'moderator');
    const { page } = s;
    // A moderator has no articles to write: the app opens on the queue.
    await page.locator('.comments, .alert').first().waitFor();
    await page.goto(`${adminUrl}comments?article=${articleId}`);
    const item = page.locator('li.comment', { hasText: comment });
    await item.waitFor();
    await screenshot(page, 'moderation-queue');
    await item.focus();
    await page.keyboard.press('a');
    await page.getByText('قُبل التعليق').waitFor();
    await item.waitFor({ state: 'detached' });
    await closeSession(s);

    const after = await api<{ data: { body: string }[]; approved_count: number }>('GET', `/api/v1/articles/${encodeURIComponent(slug)}/comments`);
    expect(after.data.map((c) => c.body)).toContain(comment);
    expect(after.approved_count).toBe(1);
  });
});
