// The screens around the articles, each used once for real: tags and
// sections, stories on the home strip, the media library, live entries,
// bans, and the admin's users, webhooks and API keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminUrl, api, closeSession, launch, openSession, pngImage, screenshot, signIn, tokenFor } from './harness';

const stamp = Date.now().toString(36);

describe('management screens', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an editor manages tags, stories, media and live entries', async () => {
    const s = await openSession(browser);
    await signIn(s, 'editor');
    const { page } = s;

    // A tag: create, then rename.
    await page.goto(`${adminUrl}tags`);
    await page.getByRole('button', { name: 'وسم جديد' }).click();
    let dialog = page.getByRole('dialog', { name: 'وسم جديد' });
    await dialog.getByLabel('الاسم').fill(`الطاقة ${stamp}`);
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: `الطاقة ${stamp}`, exact: true }).waitFor();
    await page.getByRole('button', { name: `تعديل: الطاقة ${stamp}` }).click();
    dialog = page.getByRole('dialog', { name: `تعديل الطاقة ${stamp}` });
    await dialog.getByLabel('الاسم').fill(`الطاقة المتجددة ${stamp}`);
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await page.getByRole('cell', { name: `الطاقة المتجددة ${stamp}`, exact: true }).waitFor();

    // A story, put on the home strip from the list.
    await page.goto(`${adminUrl}stories`);
    await page.getByRole('button', { name: 'ملف جديد' }).click();
    dialog = page.getByRole('dialog', { name: 'ملف جديد' });
    await dialog.getByLabel('العنوان').fill(`أزمة الطاقة ${stamp}`);
    await dialog.getByLabel('ما نعرفه').fill('- ارتفاع الأسعار للشهر الثالث');
    await dialog.getByRole('button', { name: 'إنشاء' }).click();
    await page.getByRole('heading', { name: `أزمة الطاقة ${stamp}` }).waitFor();
    await page.goto(`${adminUrl}stories`);
    await page.getByLabel(`أبرز أزمة الطاقة ${stamp} في شريط الصفحة الرئيسية`).check();
    await page.getByText('تم الحفظ').first().waitFor();
    const token = await tokenFor('editor');
    const featured = await api<{ data: { title: string }[] }>('GET', '/api/admin/v1/stories?featured=true&limit=100', { token });
    expect(featured.data.map((x) => x.title)).toContain(`أزمة الطاقة ${stamp}`);

    // The media library: upload by the file picker, then correct the caption.
    await page.goto(`${adminUrl}media`);
    await page.getByLabel('التعليق', { exact: true }).fill('صورة أولى');
    await page.locator('.upload input[type=file]').setInputFiles({ name: 'library.png', mimeType: 'image/png', buffer: pngImage(80, 60) });
    await page.getByText('رُفع', { exact: true }).waitFor();
    const details = page.locator('.media-details');
    await details.waitFor();
    await details.getByLabel('التعليق', { exact: true }).fill('صورة معدلة');
    await details.getByLabel('الحقوق', { exact: true }).fill('عمّان / وكالات');
    await details.getByRole('button', { name: 'حفظ' }).click();
    await page.getByText('حُفظت بيانات الصورة').waitFor();
    await screenshot(page, 'media-details');
    const media = await api<{ data: { caption: string; credit: string }[] }>('GET', `/api/admin/v1/media?q=${encodeURIComponent('صورة معدلة')}`, { token });
    expect(media.data[0]).toMatchObject({ caption: 'صورة معدلة', credit: 'عمّان / وكالات' });

    // A live entry on the live article, pinned.
    const live = await api<{ data: { id: string }[] }>('GET', '/api/admin/v1/articles?kind=live&status=published', { token });
    await page.goto(`${adminUrl}articles/${live.data[0]!.id}`);
    await page.getByRole('tab', { name: 'التغطية المباشرة' }).click();
    await page.getByLabel('النص').fill(`وصل الوفد الثالث إلى القاعة ${stamp}`);
    await page.getByLabel('مثبّت').check();
    await page.getByRole('button', { name: 'انشر التحديث' }).click();
    await page.locator('.live-entry-pinned', { hasText: stamp }).waitFor();
    await screenshot(page, 'live-entries');
    await closeSession(s);
  });

  it('a moderator bans and unbans a commenter', async () => {
    const s = await openSession(browser);
    await signIn(s, 'moderator');
    const { page } = s;
    await page.goto(`${adminUrl}comments/bans`);
    await page.getByRole('button', { name: 'حظر جديد' }).click();
    const dialog = page.getByRole('dialog', { name: 'حظر معلّق' });
    await dialog.getByLabel('البريد الإلكتروني').fill(`troll-${stamp}@example.com`);
    await dialog.getByLabel('السبب').fill('إساءات متكررة');
    await dialog.getByRole('button', { name: 'احظر المعلّق' }).click();
    await page.getByText('حُظر المعلّق').waitFor();
    const row = page.getByRole('row', { name: /إساءات متكررة/ });
    await row.waitFor();
    await screenshot(page, 'bans-list');
    await row.getByRole('button', { name: 'ارفع الحظر' }).click();
    await page.getByText('رُفع الحظر').waitFor();
    await closeSession(s);
  });

  it('an admin adds a user, a webhook and an API key', async () => {
    const s = await openSession(browser);
    await signIn(s, 'admin');
    const { page } = s;

    await page.goto(`${adminUrl}users`);
    await page.getByRole('button', { name: 'مستخدم جديد' }).click();
    let dialog = page.getByRole('dialog', { name: 'مستخدم جديد' });
    await dialog.getByLabel('الاسم').fill('منى المراسلة');
    await dialog.getByLabel('البريد الإلكتروني').fill(`mona-${stamp}@newsroom.example`);
    await dialog.getByLabel('كلمة المرور').fill(`pass-${stamp}-long-enough`);
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    await page.getByRole('cell', { name: `mona-${stamp}@newsroom.example` }).waitFor();

    await page.goto(`${adminUrl}webhooks`);
    await page.getByRole('button', { name: 'خطاف جديد' }).click();
    dialog = page.getByRole('dialog', { name: 'خطاف جديد' });
    await dialog.getByLabel('العنوان (URL)').fill(`https://hooks.example/${stamp}`);
    await dialog.getByLabel('story.updated').check();
    await dialog.getByRole('button', { name: 'حفظ' }).click();
    const secret = page.getByRole('dialog', { name: 'سر التوقيع' });
    await secret.waitFor();
    expect((await secret.locator('code').textContent())?.length).toBeGreaterThan(10);
    await secret.getByRole('button', { name: 'إغلاق' }).click();
    await page.getByRole('link', { name: `https://hooks.example/${stamp}` }).click();
    await page.getByRole('button', { name: 'أرسل تسليمًا تجريبيًا' }).click();
    await page.getByText('أُضيف التسليم التجريبي إلى الطابور').waitFor();
    await page.locator('.data-table', { hasText: 'webhook.test' }).waitFor();
    await screenshot(page, 'webhook-deliveries');

    await page.goto(`${adminUrl}api-keys`);
    await page.getByLabel('الاسم').fill(`تطبيق الجوال ${stamp}`);
    await page.getByRole('button', { name: 'أنشئ مفتاحًا' }).click();
    const issued = page.getByRole('dialog', { name: 'مفتاحك الجديد' });
    await issued.waitFor();
    const key = (await issued.locator('code').textContent()) ?? '';
    expect(key.length).toBeGreaterThan(10);
    await issued.getByRole('button', { name: 'إغلاق' }).click();
    await page.getByRole('cell', { name: `تطبيق الجوال ${stamp}` }).waitFor();
    await screenshot(page, 'api-keys-list');
    await closeSession(s);
  });
});
