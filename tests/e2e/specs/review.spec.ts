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
    // The one-line cause of the summary, or the SRE template's own "Root Causes" section.
    await editor.field(template === 'Google SRE' ? 'Root causes, in depth' : 'Root cause in one line').fill('Why it happened.');
    await editor.addEntry('10:00', 'Something happened');
    // Sections the template has and the form has no field for are there, in the template's
    // place, ready to fill (not among the other sections).
    for (const custom of expected.filter((h) => ['## Trigger', '## What Happened'].includes(h))) {
      const heading = custom.slice(3);
      await page.getByRole('form', { name: 'Postmortem' }).getByRole('heading', { level: 2, name: heading, exact: true }).waitFor();
      await page.getByLabel(heading, { exact: true }).fill(`${heading} text.`);
      await expect(page.getByLabel('Section heading')).toHaveCount(0);
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
  await editor.field('Root cause and resolution, in depth').fill('A configuration change disabled log rotation; we deleted old logs and restored it.');
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

const formHeadings = (page: Page) =>
  page.getByRole('form', { name: 'Postmortem' }).locator('h2').allInnerTexts();

for (const [template, expected] of [
  [
    'Google SRE',
    ['Summary', 'Impact', 'Root Causes', 'Trigger', 'Resolution', 'Detection', 'Action Items', 'Lessons Learned', 'Timeline', 'Supporting Information', 'Other sections'],
  ],
  [
    'PagerDuty',
    ['Overview', 'What Happened', 'Contributing Factors', 'Resolution', 'Impact', 'Timeline', 'Action Items', 'Messaging', 'Other sections'],
  ],
] as const) {
  test(`the form of a ${template} draft has the template's headings in its order`, async ({ editor, page }) => {
    await editor.open();
    await newFromTemplate(page, template);
    await expect.poll(() => formHeadings(page)).toEqual(expected);
    // The one-line cause and the in-depth section never share a name.
    const labels = await page.getByRole('form', { name: 'Postmortem' }).locator('label').allInnerTexts();
    expect(labels.filter((l) => /root cause/i.test(l)).length).toBe(new Set(labels.filter((l) => /root cause/i.test(l))).size);
  });
}

test('the Standard form follows its template, one-line cause apart from the in-depth section', async ({ editor, page }) => {
  await editor.open();
  expect(await formHeadings(page)).toEqual(['Issue Summary', 'Timeline', 'Root Cause and Resolution', 'Corrective and Preventative Measures', 'Other sections']);
  await expect(editor.field('Root cause in one line')).toBeVisible();
  await expect(editor.field('Root cause and resolution, in depth')).toBeVisible();
  // Filling the one line does not make the in-depth section filled, and the message under it
  // names that section.
  await editor.field('Root cause in one line').fill('A config push disabled log rotation.');
  await editor.field('Root cause and resolution, in depth').focus();
  await editor.field('Title').focus();
  await expect(page.locator('#findings-field-resolution-')).toHaveText('The “Root Cause and Resolution” section is empty');
  await expect(page.locator('#findings-field-rootcause-')).toBeHidden();
});

test('a new document opens calm: the review count appears once something is written', async ({ editor, page }) => {
  await editor.open();
  const count = page.locator('.findings-count');
  await expect(count).toHaveText('Review');
  await expect(page.getByRole('tab', { name: 'Review' })).toHaveText('Review');
  await page.getByRole('tab', { name: 'Review' }).click();
  await expect(page.getByRole('status', { name: 'Review summary' })).toHaveText(/Nothing written yet/);
  await expect(page.getByRole('list', { name: 'Review findings' })).toBeHidden();
  await editor.field('Title').fill('Checkout errors');
  await expect(count).toHaveText(/^\d+ things to check$/);
  await expect(page.getByRole('tab', { name: /Review \(\d+\)/ })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Review findings' })).toBeVisible();
  // Erasing it again is a new document again.
  await editor.field('Title').fill('');
  await expect(count).toHaveText('Review');
});

const REPEATS = `# Upload failures after the log volume filled up

- **Date:** 2024-06-05

## Issue Summary

Checkout slowed down for an hour.

## Corrective and Preventative Measures

### Tasks

- [ ] Patch the config (due 2024-07-01)
- [ ] Rotate the keys (due 2024-07-01)
- [ ] Page on disk growth above 80% (due 2024-07-01)
`;

test('repeated findings are one card naming each item, each linking to its field', async ({ editor, page }) => {
  await importPasted(editor, page, REPEATS);
  await page.getByRole('tab', { name: /Review/ }).click();
  const card = page.getByRole('list', { name: 'Review findings' }).locator('li[data-rule="task-owner"]');
  await expect(card).toHaveCount(1);
  await expect(card.locator('.review-message')).toHaveText('3 action items have no owner');
  const items = card.getByRole('list', { name: 'Where' }).getByRole('button');
  await expect(items).toHaveText(['Task 1, ‘Patch the config’', 'Task 2, ‘Rotate the keys’', 'Task 3, ‘Page on disk growth above 80%’']);
  await items.nth(1).click();
  await expect(page.getByLabel('Owner', { exact: true }).nth(1)).toBeFocused();
});

test('timeline kinds include investigation and cause identified', async ({ editor, page }) => {
  await editor.open();
  await editor.addEntry('10:00', 'Checked the connection pool');
  await editor.entry(0).getByLabel('Kind').selectOption('investigation');
  await editor.addEntry('10:20', 'Found the leaking client');
  await editor.entry(1).getByLabel('Kind').selectOption('cause identified');
  await expect(editor.entry(1)).toHaveAttribute('data-kind', 'cause-identified');
  const lines = await editor.markdownTimeline();
  expect(lines[0]).toContain('*(investigation)*');
  expect(lines[1]).toContain('*(cause identified)*');
});
