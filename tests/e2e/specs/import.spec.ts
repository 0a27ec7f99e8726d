// Importing old postmortems: file picker, drag-and-drop, paste; refusals leave the open draft alone.
import { test, expect, type EditorPage } from '../fixtures/editor';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const OLD_POSTMORTEM = `# Nightly batch jobs stalled

**Issue Summary:**
From 01:10 to 03:40 UTC the nightly billing jobs did not run. About 15% of customers got late invoices.

## Timeline (UTC)
- **01:10** Scheduler lost its leader lock
- **01:25** Job-age alert fired
- 02:05 - Restarted the scheduler pods
- **03:40** Backlog drained

## Root Cause
A lock TTL shorter than the GC pause.

## Action Items
- [ ] Raise the lock TTL (owner: Priya, due 2025-05-01)
- [x] Alert on scheduler leadership changes

## Attendees
Priya, Sam, Ola
`;

async function openImportDialog(page: Page) {
  await page.getByRole('button', { name: 'Import .md…' }).click();
  await expect(page.getByRole('dialog', { name: 'Import a postmortem' })).toBeVisible();
}

async function startWithADraft(editor: EditorPage) {
  await editor.open();
  await editor.field('Title').fill('My current draft');
  await expect(editor.saveState).toContainText('Saved');
}

test('import through the file picker opens a new draft, then edit and download it', async ({ editor, page }) => {
  await startWithADraft(editor);
  await openImportDialog(page);
  await page.getByLabel('Markdown file').setInputFiles({
    name: 'batch-stall.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(OLD_POSTMORTEM),
  });
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(editor.field('Title')).toHaveValue('Nightly batch jobs stalled');
  await expect(editor.field('Start')).toHaveValue(/01:10/);
  await expect(editor.timeline).toHaveCount(4);
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText('Imported batch-stall.md as a new draft');
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText('Attendees');
  await expect(page.getByLabel('Task', { exact: true }).first()).toHaveValue('Raise the lock TTL');
  await expect(page.getByLabel('Owner', { exact: true }).first()).toHaveValue('Priya');

  await editor.entry(3).getByLabel('What happened', { exact: true }).fill('Backlog drained, invoices re-sent');
  const { text } = await editor.download('Download .md');
  expect(text).toContain('# Nightly batch jobs stalled');
  expect(text).toContain('Backlog drained, invoices re-sent');
  expect(text).toContain('Priya, Sam, Ola');
  for (const word of ['Scheduler lost its leader lock', 'Job-age alert fired', 'lock TTL shorter than the GC pause']) {
    expect(text).toContain(word);
  }
  // The draft that was open is still there.
  const stored = await page.evaluate(() => Object.values(localStorage).join('\n'));
  expect(stored).toContain('My current draft');
});

test('a Markdown file dropped on the page is imported', async ({ editor, page }) => {
  await startWithADraft(editor);
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.md', { type: 'text/markdown' }));
    return dt;
  }, OLD_POSTMORTEM);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await expect(page.locator('.drop-zone')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(editor.field('Title')).toHaveValue('Nightly batch jobs stalled');
  await expect(page.locator('.drop-zone')).toBeHidden();
  await expect(editor.timeline).toHaveCount(4);
});

test('pasted Markdown is imported from the dialog', async ({ editor, page }) => {
  await startWithADraft(editor);
  await openImportDialog(page);
  await page.getByLabel('Or paste Markdown').fill('Checkout errors\n\nTimeline\n14:30 Alert\n14:45 Rollback\n');
  await page.getByRole('button', { name: 'Import pasted text' }).click();
  await expect(editor.field('Title')).toHaveValue('Checkout errors');
  await expect(editor.timeline).toHaveCount(2);
});

test('a wiki page with a table of facts and dated times fills the date, start and end', async ({ editor, page }) => {
  await startWithADraft(editor);
  await openImportDialog(page);
  await page.getByLabel('Or paste Markdown').fill(
    [
      'Postmortem: Search results empty for EU users',
      '',
      '| Field | Value |',
      '|---|---|',
      '| **Severity** | SEV2 |',
      '| Start | 10:15 AM PDT, Tuesday, May 7, 2024 |',
      '| End | 11:40 AM PDT, Tuesday, May 7, 2024 |',
      '| Incident commander | Noor |',
      '',
      '## Timeline (all times PDT)',
      '',
      '**May 7, 2024**',
      '',
      '- 10:15 index swap finished',
      '- 11:40 old index restored',
    ].join('\n'),
  );
  await page.getByRole('button', { name: 'Import pasted text' }).click();
  await expect(editor.field('Title')).toHaveValue('Postmortem: Search results empty for EU users');
  await expect(editor.field('Incident date')).toHaveValue('Tuesday, May 7, 2024');
  await expect(editor.field('Start')).toHaveValue('10:15 AM PDT');
  await expect(editor.field('End')).toHaveValue('11:40 AM PDT');
  await expect(editor.timeline).toHaveCount(2);
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText('(1 hour and 25 minutes)');
});

test('a German postmortem fills its fields, timeline and tasks', async ({ editor, page }) => {
  await startWithADraft(editor);
  await openImportDialog(page);
  await page.getByLabel('Markdown file').setInputFiles({
    name: 'zahlungsdienst.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(
      [
        '# Störung: Zahlungen abgelehnt',
        '',
        '**Datum:** 04.11.2025',
        '**Beginn:** 14:05 MEZ',
        '**Ende:** 14:50 MEZ',
        '**Betroffene Nutzer:** ca. 20 %',
        '',
        '## Zeitablauf',
        '',
        '- 14:05 – Fehlerquote steigt',
        '- 14:12 – Bereitschaft alarmiert',
        '- 14:50 – Zahlungen laufen wieder',
        '',
        '## Maßnahmen',
        '',
        '- [ ] Zertifikate automatisch prüfen',
      ].join('\n'),
    ),
  });
  await expect(editor.field('Title')).toHaveValue('Störung: Zahlungen abgelehnt');
  await expect(editor.field('Start')).toHaveValue('14:05 MEZ');
  await expect(editor.field('End')).toHaveValue('14:50 MEZ');
  await expect(page.getByLabel('Users affected (%)')).toHaveValue('20');
  await expect(editor.timeline).toHaveCount(3);
  await expect(page.getByLabel('Task', { exact: true }).first()).toHaveValue('Zertifikate automatisch prüfen');
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText('45 minutes');
  // The users line keeps its "ca." in the summary: no word is lost.
  const { text } = await editor.download('Download .md');
  expect(text).toContain('ca. 20 %');
});

for (const [what, name, bytes, reason] of [
  ['an image', 'diagram.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), /not text/i],
  ['an empty file', 'empty.md', Buffer.from(''), /empty/i],
  ['a file over 2 MB', 'huge.md', Buffer.alloc(2 * 1024 * 1024 + 10, 'a'), /2 MB|too large|larger/i],
] as const) {
  test(`${what} is refused with a clear message and the open draft is untouched`, async ({ editor, page }) => {
    await startWithADraft(editor);
    await openImportDialog(page);
    await page.getByLabel('Markdown file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
    const alert = page.getByRole('dialog').getByRole('alert');
    await expect(alert).toContainText(`Could not import ${name}`);
    await expect(alert).toContainText(reason);
    await expect(alert).toContainText('Your open draft was not changed');
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(editor.field('Title')).toHaveValue('My current draft');
  });
}

test('a draft with label-like and heading-like text survives Download .md then Import .md unchanged', async ({ editor, page }) => {
  await editor.open();
  // Text a person may well type, that reads like the structure of a postmortem.
  await editor.field('Title').fill('Root cause: expired certificate');
  await editor.field('Summary').fill(
    'Impact: two regions could not log in.\nTimeline\n**Status:** Draft\nRoot Cause Analysis follows below.',
  );
  await editor.field('Impact').fill('Incident summary: 40% of logins failed\n- **Duration:** as measured');
  await editor.addEntry('09:12', 'Ran\tdig against the resolver: Root cause: unknown');
  await editor.addEntry('09:40', '## Timeline was updated');
  const first = (await editor.download('Download .md')).text;

  await page.getByRole('button', { name: 'Import .md…' }).click();
  await page.getByLabel('Markdown file').setInputFiles({
    name: 'round-trip.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(first),
  });
  await expect(page.getByRole('status', { name: 'Import result' })).toContainText('Imported round-trip.md');
  await expect(editor.field('Title')).toHaveValue('Root cause: expired certificate');
  await expect(editor.field('Summary')).toHaveValue(
    'Impact: two regions could not log in.\nTimeline\n**Status:** Draft\nRoot Cause Analysis follows below.',
  );
  await expect(editor.field('Impact')).toHaveValue('Incident summary: 40% of logins failed\n- **Duration:** as measured');
  expect(await editor.entryTexts()).toEqual(['Ran\tdig against the resolver: Root cause: unknown', '## Timeline was updated']);
  await expect(editor.entry(0).getByLabel('Time', { exact: true })).toHaveValue('09:12');
  // The imported draft downloads byte for byte as the first one.
  const second = (await editor.download('Download .md')).text;
  expect(second).toBe(first);
});

const STUDENT_WRITE_UP = `# Postmortem: Cart outage of August 10th, 2024

## Issue Summary

Duration:
The outage lasted 2 hours and 45 minutes, from 10:30 AM to 1:15 PM EST.

Impact:
60% of our users could not add items to their cart.

## Timeline

10:30 AM: Cart error alert fires.

10:42 AM: Engineer confirms the cart API returns 409.

Someone restarts a pod, time unknown.

1:15 PM: Carts work again.

## Corrective and Preventative Measures

Improvements:
- Namespace cache keys by service.

Specific tasks: - Pin the cache library version.
- Add a cart check to the canary.

## Attendees

Ada, Grace
`;

test('the outcome panel says what the import recognised, each a link to its field', async ({ editor, page }) => {
  await startWithADraft(editor);
  await openImportDialog(page);
  await page.getByLabel('Markdown file').setInputFiles({
    name: 'cart-outage.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(STUDENT_WRITE_UP),
  });
  const panel = page.getByRole('status', { name: 'Import result' });
  await expect(panel).toContainText('Imported cart-outage.md as a new draft.');
  const found = panel.getByRole('list', { name: 'Recognised:' });
  await expect(found.getByRole('listitem')).toHaveText([
    'Title: Postmortem: Cart outage of August 10th, 2024',
    'Date: August 10th, 2024',
    'Start – end: 10:30 AM – 1:15 PM EST (2 hours and 45 minutes)',
    'Users affected: 60%',
    'Timeline: 4 entries, 3 with a time',
    'Tasks: 2 tasks',
    'Improvements: 1 improvement',
  ]);
  await expect(panel.getByRole('list', { name: 'Kept as custom sections:' })).toContainText('Attendees');
  // The fields hold what the panel says.
  await expect(editor.field('Incident date')).toHaveValue('August 10th, 2024');
  await expect(editor.field('Start')).toHaveValue('10:30 AM');
  await expect(editor.field('Time zone')).toHaveValue('EST');
  await expect(editor.timeline).toHaveCount(4);
  // Each name is a link that moves focus to its field.
  await found.getByRole('link', { name: 'Date' }).click();
  await expect(editor.field('Incident date')).toBeFocused();
  await found.getByRole('link', { name: 'Start – end' }).click();
  await expect(editor.field('Start')).toBeFocused();
  await panel.getByRole('link', { name: 'Attendees' }).click();
  await expect(page.getByRole('textbox', { name: /heading/i }).and(page.locator(':focus'))).toHaveValue('Attendees');
  // The panel passes axe with no exception.
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
});
