// Templates and the Review tab, driven as a person would.
import { test, expect, type EditorPage } from '../fixtures/editor';
import type { Page } from '@playwright/test';

const drafts = (page: Page) => page.getByRole('dialog', { name: 'Drafts' });

async function newFromTemplate(page: Page, name: string) {
  if (!(await drafts(page).isVisible())) await page.getByRole('button', { name: 'Drafts', exact: true }).click();
  await drafts(page).getByLabel('Template').selectOption({ label: name });
  await drafts(page).getByRole('button', { name: 'New from template' }).click();
}

function headings(markdown: string): string[] {
  return markdown.split('\n').filter((l) => l.startsWith('## '));
}

for (const [template, expected] of [
  ['Standard', ['## Issue Summary', '## Timeline']],
  ['Google SRE', ['## Summary', '## Impact', '## Root Causes', '## Trigger', '## Timeline']],
  ['PagerDuty', ['## Overview', '## What Happened', '## Impact', '## Timeline']],
  ['Blank', ['## Issue Summary', '## Timeline']],
] as const) {
  test(`a draft from the ${template} template exports in its shape`, async ({ editor, page }) => {
    await editor.open();
    await newFromTemplate(page, template);
    await editor.field('Title').fill(`${template} draft`);
    await expect(editor.field('Title')).toHaveValue(`${template} draft`);
    await editor.field('Summary').fill('What happened in short.');
    await editor.field('Impact').fill('Who was affected.');
    await editor.field('Root cause').fill('Why it happened.');
    await editor.addEntry('10:00', 'Something happened');
    // Sections the template has and the form has no field for are there, ready to fill.
    const headingsInForm = () =>
      page.getByLabel('Section heading').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    for (const custom of expected.filter((h) => ['## Trigger', '## What Happened'].includes(h))) {
      const heading = custom.slice(3);
      const at = (await headingsInForm()).indexOf(heading);
      expect(at, `a “${heading}” section in the form`).toBeGreaterThanOrEqual(0);
      await page.getByLabel('Section text').nth(at).fill(`${heading} text.`);
    }
    const { text } = await editor.download('Download .md');
    expect(text.startsWith(`# ${template} draft\n`)).toBe(true);
    const found = headings(text);
    const positions = expected.map((h) => found.indexOf(h));
    expect(positions, `headings in ${JSON.stringify(found)}`).not.toContain(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const words of ['What happened in short.', 'Who was affected.', 'Why it happened.', 'Something happened']) {
      expect(text).toContain(words);
    }
  });
}

const BAD_DRAFT = `# Upload failures after the log volume filled up

- **Date:** 2024-06-05
- **Severity:** SEV2
- **Status:** In review
- **Authors:** Ada Okafor
- **Responders:** Ada Okafor, Lin Chen

## Issue Summary

For two hours uploads failed because the log volume on the upload nodes was full.

- **Duration:** 2 hours, from 14:30 UTC to 16:30 UTC
- **Impact:** About a fifth of uploads failed with a 500.
- **Root Cause:** Log rotation was disabled by a configuration change, so the log volume filled up.
- **Detection:** The upload error-rate alert paged the on-call engineer.

## Timeline

- **14:30 UTC:** Upload error-rate alert fires. *(key moment)*
- **15:10 UTC:** Old logs deleted on the upload nodes; errors drop. *(mitigation)*
- **14:34 UTC:** On-call acknowledges the page. *(acknowledgement)*
- **16:30 UTC:** Log rotation re-enabled and verified; error rate at baseline. *(resolution, key moment)*

## Root Cause and Resolution

Lin Chen forgot to re-enable log rotation after the change. Human error.

## Corrective and Preventative Measures

### Tasks

- [ ] Alert when any log volume is above 80% full for 10 minutes (due 2024-06-20)
- [ ] Improve monitoring (owner: Ada Okafor)

## Lessons Learned

### What Went Well

The alert fired within a minute of the first failures.
`;

async function count(page: Page): Promise<number> {
  const text = await page.getByRole('status', { name: 'Review summary' }).innerText();
  return text.startsWith('Nothing') ? 0 : Number(text.match(/\d+/)![0]);
}

async function importPasted(editor: EditorPage, page: Page, markdown: string) {
  await editor.open();
  await page.getByRole('button', { name: 'Import .md…' }).click();
  await page.getByLabel('Or paste Markdown').fill(markdown);
  await page.getByRole('button', { name: 'Import pasted text' }).click();
  await expect(editor.field('Title')).toHaveValue('Upload failures after the log volume filled up');
}

test('fixing a bad draft finding by finding brings the review to zero', async ({ editor, page }) => {
  await importPasted(editor, page, BAD_DRAFT);
  await page.locator('.findings-count').click();
  await expect(page.getByRole('tab', { name: /Review/ })).toHaveAttribute('aria-selected', 'true');
  const review = page.getByRole('list', { name: 'Review findings' });
  await expect(review.locator('li')).toHaveCount(7);
  for (const rule of ['timeline-order', 'no-detection', 'task-owner', 'task-due', 'vague-action', 'blame-language']) {
    await expect(review.locator(`li[data-rule="${rule}"]`).first()).toBeVisible();
  }
  let last = await count(page);
  const fell = async () => {
    await expect.poll(() => count(page)).toBeLessThan(last);
    last = await count(page);
  };

  await page.getByRole('button', { name: 'Sort by time' }).click();
  await fell();
  await editor.entry(0).getByLabel('Kind').selectOption('detection');
  await fell();
  // "Go to field" puts the cursor where the fix goes.
  await review.locator('li[data-rule="task-owner"]').getByRole('button', { name: 'Go to field' }).click();
  await expect(page.getByLabel('Owner', { exact: true }).first()).toBeFocused();
  await page.keyboard.type('Lin Chen');
  await fell();
  await review.locator('li[data-rule="vague-action"]').getByRole('button', { name: 'Go to field' }).click();
  await expect(page.getByLabel('Task', { exact: true }).nth(1)).toBeFocused();
  await page.getByLabel('Task', { exact: true }).nth(1).fill('Add a config test that fails when log rotation is disabled');
  await fell();
  await page.getByLabel('Due', { exact: true }).nth(1).fill('2024-06-28');
  await fell();
  await editor.field('Root cause and resolution').fill('A configuration change disabled log rotation; we deleted old logs and restored it.');
  await expect.poll(() => count(page)).toBe(0);
  await expect(page.getByRole('status', { name: 'Review summary' })).toHaveText(/Nothing to check/);
  await expect(page.locator('.findings-count')).toHaveText('Nothing to check');
});

test('a review rule can be switched off', async ({ editor, page }) => {
  await importPasted(editor, page, BAD_DRAFT);
  await page.getByRole('tab', { name: /Review/ }).click();
  const review = page.getByRole('list', { name: 'Review findings' });
  await expect(review.locator('li[data-rule="blame-language"]')).toHaveCount(2);
  await page.getByText('Rules', { exact: true }).click();
  await page.getByRole('checkbox', { name: /blame/i }).uncheck();
  await expect(review.locator('li[data-rule="blame-language"]')).toHaveCount(0);
  await expect(review.locator('li')).toHaveCount(5);
});

test('the timeline picture shows in the preview and downloads as SVG', async ({ editor, page }) => {
  await importPasted(editor, page, BAD_DRAFT);
  const picture = editor.preview.locator('figure.timeline-picture svg');
  await expect(picture).toBeVisible();
  await expect(picture.locator('circle, rect').first()).toBeVisible();
  const { download, text } = await editor.download('Download SVG');
  expect(download.suggestedFilename()).toMatch(/timeline\.svg$/);
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).not.toContain('<script');
});
