// Preview, Markdown tab, copy, download names and print, as a person uses them.
import { test, expect } from '../fixtures/editor';
import type { Page } from '@playwright/test';

test('the Markdown tab shows byte for byte what Download saves', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Title').fill('Ünïcode & <tags> | pipes');
  await editor.field('Summary').fill('Line one\r\nLine two with `code` and a | pipe\n\n---\n\n# not a heading');
  await editor.addEntry('14:30 UTC', '- starts like a list');
  await page.getByRole('tab', { name: 'Markdown' }).click();
  const shown = await page.locator('#preview-markdown').evaluate((pre) => pre.textContent);
  const { text } = await editor.download('Download .md');
  expect(shown).toBe(text);
  expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
  expect(text).not.toContain('\r');
  expect(text.charCodeAt(0)).not.toBe(0xfeff);
});

test('Copy Markdown puts the exact text on the clipboard', async ({ editor, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await editor.open();
  await editor.field('Title').fill('Cache stampede');
  await page.getByRole('button', { name: 'Copy Markdown' }).click();
  await expect(page.getByRole('status', { name: 'Copy status' })).toHaveText('Copied the Markdown');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  await page.getByRole('tab', { name: 'Markdown' }).click();
  expect(copied).toBe(await page.locator('#preview-markdown').evaluate((pre) => pre.textContent));
});

test('Copy falls back when the Clipboard API is refused', async ({ editor, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
  });
  await editor.open();
  await editor.field('Title').fill('Fallback copy');
  await page.getByRole('button', { name: 'Copy Markdown' }).click();
  await expect(page.getByRole('status', { name: 'Copy status' })).toHaveText('Copied the Markdown');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('# Fallback copy');
});

for (const [title, date, expected] of [
  ['The Great: Memory/Leak?', '2024-06-05', '2024-06-05-the-great-memory-leak.md'],
  ['Ärger mit Café-Caches', '', 'arger-mit-cafe-caches.md'],
  ['  ', '', 'postmortem.md'],
  ['a'.repeat(300), '2025-01-02', `2025-01-02-${'a'.repeat(80)}.md`],
  ['CON', '', 'con-postmortem.md'],
] as const) {
  test(`download name for “${title.slice(0, 24)}”`, async ({ editor }) => {
    await editor.open();
    await editor.field('Title').fill(title);
    await editor.field('Incident date').fill(date);
    const { download } = await editor.download('Download .md');
    const name = download.suggestedFilename();
    expect(name).not.toMatch(/[\/\\:*?"<>|]/);
    expect(name.length).toBeLessThanOrEqual(120);
    expect(name).toBe(expected);
  });
}

test('Download JSON saves the lossless draft', async ({ editor }) => {
  await editor.open();
  await editor.field('Title').fill('Lossless');
  await editor.addEntry('09:00', 'Kept with its id');
  const { download, text } = await editor.download('Download JSON');
  expect(download.suggestedFilename()).toBe('lossless.json');
  const draft = JSON.parse(text);
  expect(draft.schema).toBeGreaterThanOrEqual(2);
  expect(draft.document.title).toBe('Lossless');
  expect(draft.document.timeline[0].text).toBe('Kept with its id');
});

test('printing shows only the rendered postmortem', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Title').fill('Printed postmortem');
  await page.getByRole('tab', { name: 'Markdown' }).click();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('form', { name: 'Postmortem' })).toBeHidden();
  await expect(page.locator('#preview-markdown')).toBeHidden();
  await expect(page.getByRole('tablist', { name: 'Preview as' })).toBeHidden();
  await expect(editor.preview.getByRole('heading', { level: 1 })).toHaveText('Printed postmortem');
  await expect(page.getByRole('button', { name: 'Copy Markdown' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('banner')).toBeVisible();
});

test('the preview scrolls to the section being edited', async ({ editor, page }) => {
  await page.setViewportSize({ width: 1280, height: 600 });
  await editor.open();
  await editor.field('Summary').fill(Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n'));
  for (let i = 0; i < 3; i++) await editor.addEntry(`10:0${i}`, `Entry ${i + 1}`);
  await editor.field('Root cause and resolution, in depth').fill(Array.from({ length: 40 }, (_, i) => `Cause ${i + 1}.`).join('\n\n'));
  const pane = editor.preview;
  await editor.field('Title').focus();
  await expect.poll(() => pane.evaluate((p) => p.scrollTop)).toBeLessThan(50);
  await editor.entry(1).getByLabel('What happened', { exact: true }).focus();
  await expect
    .poll(async () => {
      const [paneTop, itemTop] = await Promise.all([
        pane.evaluate((p) => p.getBoundingClientRect().top),
        pane.locator('h2:has-text("Timeline") ~ ul > li').nth(1).evaluate((li) => li.getBoundingClientRect().top),
      ]);
      return Math.abs(itemTop - paneTop);
    })
    .toBeLessThan(60);
});

async function newFromTemplate(page: Page, name: string) {
  const drafts = page.getByRole('dialog', { name: 'Drafts' });
  if (!(await drafts.isVisible())) await page.getByRole('button', { name: 'Drafts', exact: true }).click();
  await drafts.getByLabel('Template').selectOption({ label: name });
  await drafts.getByRole('button', { name: 'New from template' }).click();
}

for (const [template, field, heading] of [
  ['Google SRE', 'Detection', 'Detection'],
  ['Google SRE', 'Trigger', 'Trigger'],
  ['PagerDuty', 'Resolution', 'Resolution'],
  ['PagerDuty', 'Messaging', 'Messaging'],
] as const) {
  test(`editing “${field}” in a ${template} draft scrolls the preview to its section`, async ({ editor, page }) => {
    await page.setViewportSize({ width: 1280, height: 600 });
    await editor.open();
    await newFromTemplate(page, template);
    await expect.poll(() => page.getByRole('form', { name: 'Postmortem' }).locator('h2').first().innerText()).not.toBe('Issue Summary');
    await editor.field('Title').fill(`${template} scroll`);
    await editor.field('Summary').fill(Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n'));
    await editor.field(field).fill(Array.from({ length: 30 }, (_, i) => `Line ${i + 1}.`).join('\n\n'));
    await editor.field('Title').focus();
    const pane = editor.preview;
    await expect.poll(() => pane.evaluate((p) => p.scrollTop)).toBeLessThan(50);
    await editor.field(field).focus();
    await expect
      .poll(async () => {
        const [paneTop, headingTop] = await Promise.all([
          pane.evaluate((p) => p.getBoundingClientRect().top),
          pane.locator('.preview h2', { hasText: new RegExp(`^${heading}$`) }).evaluate((h) => h.getBoundingClientRect().top),
        ]);
        return Math.abs(headingTop - paneTop);
      })
      .toBeLessThan(60);
  });
}
