// The structured editor, driven as a person would: labels, buttons, keyboard, mouse drag.
import { test, expect, type EditorPage } from '../fixtures/editor';
import type { Page } from '@playwright/test';

/** Opens a row's actions menu ("Actions for entry 2") and clicks one of its actions. */
async function rowAction(page: Page, row: string, action: string) {
  await page.getByRole('button', { name: `Actions for ${row}`, exact: true }).click();
  const name = action === 'Move' ? `Move down ${row}` : `${action} ${row}`;
  await page.getByRole('button', { name, exact: true }).click();
}

async function threeEntries(editor: EditorPage) {
  await editor.open();
  await editor.addEntry('10:00', 'First: alert fired');
  await editor.addEntry('10:05', 'Second: on-call paged');
  await editor.addEntry('10:20', 'Third: rollback started');
}

test('every section filled through its label shows in the preview', async ({ editor, page }) => {
  await editor.open();
  const f = (label: string) => editor.field(label);
  await f('Title').fill('Payments declined after key rotation');
  await f('Incident date').fill('2025-03-02');
  await f('Severity').selectOption('SEV2');
  await f('Status').selectOption('In review');
  await f('Authors').fill('Noor, Tomasz');
  await f('Responders').fill('payments on-call');
  await f('Start').fill('08:10');
  await f('End').fill('09:55');
  await f('Time zone').fill('UTC');
  await expect(page.locator('#duration')).toHaveText('1 hour and 45 minutes');
  await f('Summary').fill('Card payments were declined.');
  await f('Impact').fill('Checkout failed for card users.');
  await f('Users affected (%)').fill('35');
  await f('Services affected').fill('payments, checkout');
  await f('Root cause in one line').fill('The new signing key was not deployed to the gateway.');
  await f('Detection').fill('Decline-rate alert.');
  await f('Root cause and resolution, in depth').fill('We re-deployed the gateway with both keys.');
  await page.getByRole('button', { name: 'Add “Contributing factors”' }).click();
  await f('Contributing factors').fill('Key rotation had no canary.');
  await page.getByRole('button', { name: 'Add “Lessons learned”' }).click();
  await f('What went well').fill('Rollback took minutes.');
  await f('What went wrong').fill('Alert thresholds were loose.');
  await f('Where we got lucky').fill('Low traffic on a Sunday.');
  await editor.addEntry('08:10', 'Key rotated');
  await editor.entry(0).getByLabel('Kind').selectOption('other');
  await editor.addEntry('08:25', 'Decline alert fired');
  await editor.entry(1).getByLabel('Kind').selectOption('detection');
  await editor.entry(1).getByLabel('Key moment').check();
  await page.getByRole('button', { name: 'Add improvement' }).click();
  await page.getByLabel('Improvement', { exact: true }).fill('Canary every key rotation');
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByLabel('Task', { exact: true }).fill('Add a gateway key check to the deploy');
  await page.getByLabel('Owner', { exact: true }).fill('Tomasz');
  await page.getByLabel('Due', { exact: true }).fill('2025-04-01');
  await page.getByLabel('Done', { exact: true }).check();
  await page.getByRole('button', { name: 'Add section' }).click();
  await page.getByLabel('Section heading').fill('Attendees');
  await page.getByLabel('Section text').fill('Noor, Tomasz, Lee');

  const text = await editor.previewText();
  for (const expected of [
    'Payments declined after key rotation',
    'SEV2',
    'In review',
    'Noor, Tomasz',
    'payments on-call',
    '1 hour and 45 minutes',
    'Card payments were declined.',
    'Checkout failed for card users.',
    '35%',
    'payments, checkout',
    'The new signing key was not deployed to the gateway.',
    'Decline-rate alert.',
    'We re-deployed the gateway with both keys.',
    'Key rotation had no canary.',
    'Rollback took minutes.',
    'Alert thresholds were loose.',
    'Low traffic on a Sunday.',
    'Key rotated',
    'Decline alert fired',
    'Canary every key rotation',
    'Add a gateway key check to the deploy',
    'Tomasz',
    '2025-04-01',
    'Attendees',
    'Noor, Tomasz, Lee',
  ]) {
    expect(text, `preview shows “${expected}”`).toContain(expected);
  }
  await expect(editor.preview.locator('input[type=checkbox][checked]')).toHaveCount(1);
});

test('dragging an entry with the mouse from first to third place', async ({ editor, page }) => {
  await threeEntries(editor);
  const handle = editor.entry(0).getByRole('button', { name: 'Reorder entry 1' });
  const from = (await handle.boundingBox())!;
  const target = (await editor.entry(2).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, target.y + target.height * 0.75, { steps: 12 });
  await expect(editor.entry(0)).toHaveClass(/lifted/);
  expect(await editor.entryTexts()).toEqual(['Second: on-call paged', 'Third: rollback started', 'First: alert fired']);
  await page.mouse.up();
  await expect(editor.entry(2).getByLabel('What happened', { exact: true })).toHaveValue('First: alert fired');
  await expect(editor.preview.locator('h2:has-text("Timeline") ~ ul > li').first()).toContainText('Second: on-call paged');
  expect(await editor.markdownTimeline()).toEqual([
    expect.stringContaining('Second: on-call paged'),
    expect.stringContaining('Third: rollback started'),
    expect.stringContaining('First: alert fired'),
  ]);
});

test('moving an entry with the keyboard: Space lifts, arrows move, Space drops', async ({ editor, page }) => {
  await threeEntries(editor);
  const handle = editor.entry(0).getByRole('button', { name: 'Reorder entry 1' });
  await handle.focus();
  await page.keyboard.press('Space');
  await expect(page.locator('[aria-live="assertive"]')).toContainText('Lifted the entry at position 1 of 3');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[aria-live="assertive"]')).toContainText('Position 3 of 3');
  await page.keyboard.press('Space');
  await expect(page.locator('[aria-live="assertive"]')).toContainText('Dropped. The entry is at position 3 of 3');
  await expect(editor.entry(2).getByLabel('What happened', { exact: true })).toHaveValue('First: alert fired');
  await expect(page.getByRole('button', { name: 'Reorder entry 3' })).toBeFocused();
  expect(await editor.markdownTimeline()).toEqual([
    expect.stringContaining('Second'),
    expect.stringContaining('Third'),
    expect.stringContaining('First'),
  ]);
});

test('Escape cancels a keyboard move', async ({ editor, page }) => {
  await threeEntries(editor);
  await editor.entry(0).getByRole('button', { name: 'Reorder entry 1' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  expect(await editor.entryTexts()).toEqual(['Second: on-call paged', 'First: alert fired', 'Third: rollback started']);
  await page.keyboard.press('Escape');
  await expect(page.locator('[aria-live="assertive"]')).toContainText('back at position 1 of 3');
  expect(await editor.entryTexts()).toEqual(['First: alert fired', 'Second: on-call paged', 'Third: rollback started']);
  await expect(page.getByRole('banner').getByRole('button', { name: 'Undo', exact: true })).toBeEnabled();
});

test('Move up and Move down, in each row’s actions menu, reorder without dragging', async ({ editor, page }) => {
  await threeEntries(editor);
  const menu = (n: number) => page.getByRole('button', { name: `Actions for entry ${n}`, exact: true });
  // The menu opens and closes with the keyboard, and holds the row's actions.
  await menu(1).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Delete entry 1' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Delete entry 1' })).toBeHidden();
  await rowAction(page, 'entry 1', 'Move');
  // The menu closes as its row moves; focus stays on the moved row's menu button.
  await expect(menu(2)).toBeFocused();
  await rowAction(page, 'entry 2', 'Move');
  await expect(menu(3)).toBeFocused();
  expect(await editor.entryTexts()).toEqual(['Second: on-call paged', 'Third: rollback started', 'First: alert fired']);
  await page.getByRole('button', { name: 'Actions for entry 3' }).click();
  await page.getByRole('button', { name: 'Move up entry 3' }).click();
  expect(await editor.entryTexts()).toEqual(['Second: on-call paged', 'First: alert fired', 'Third: rollback started']);
});

test('tasks and improvements reorder the same way', async ({ editor, page }) => {
  await editor.open();
  for (const t of ['Task A', 'Task B']) {
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByLabel('Task', { exact: true }).last().fill(t);
  }
  await page.getByRole('button', { name: 'Reorder task 2' }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Task', { exact: true }).first()).toHaveValue('Task B');
  for (const t of ['Improve A', 'Improve B']) {
    await page.getByRole('button', { name: 'Add improvement' }).click();
    await page.getByLabel('Improvement', { exact: true }).last().fill(t);
  }
  await rowAction(page, 'improvement 1', 'Move');
  await expect(page.getByLabel('Improvement', { exact: true }).first()).toHaveValue('Improve B');
});

test('Sort by time orders the timeline and clears the out-of-order mark', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Start').fill('23:40');
  await editor.addEntry('23:50', 'Disk alert');
  await editor.addEntry('00:30', 'Failover done');
  await editor.addEntry('00:05', 'Failover started');
  await expect(editor.entry(2)).toHaveClass(/out-of-order/);
  await expect(editor.entry(2)).toContainText('earlier than the entry above');
  await page.getByRole('button', { name: 'Sort by time' }).click();
  expect(await editor.entryTexts()).toEqual(['Disk alert', 'Failover started', 'Failover done']);
  await expect(page.locator('ol.timeline > li.out-of-order')).toHaveCount(0);
});

test('Enter in an entry adds the next one and moves focus to it', async ({ editor, page }) => {
  await editor.open();
  await editor.addEntry('10:00', 'Alert fired');
  await editor.entry(0).getByLabel('What happened', { exact: true }).press('Enter');
  await expect(editor.timeline).toHaveCount(2);
  await expect(editor.entry(1).getByLabel('Time', { exact: true })).toBeFocused();
  await page.keyboard.type('10:04');
  // Time, then kind, then text.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Paged the database team');
  await expect(editor.entry(1).getByLabel('What happened', { exact: true })).toHaveValue('Paged the database team');
  await editor.entry(1).getByLabel('What happened', { exact: true }).press('Shift+Enter');
  await expect(editor.timeline).toHaveCount(2);
});

test('delete shows an Undo toast; Ctrl+Z and Ctrl+Shift+Z undo and redo', async ({ editor, page }) => {
  await threeEntries(editor);
  await rowAction(page, 'entry 2', 'Delete');
  await expect(editor.timeline).toHaveCount(2);
  const toast = page.getByRole('status', { name: 'Notifications' });
  await expect(toast).toContainText('Timeline entry deleted');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(editor.timeline).toHaveCount(3);
  expect(await editor.entryTexts()).toEqual(['First: alert fired', 'Second: on-call paged', 'Third: rollback started']);

  await rowAction(page, 'entry 1', 'Delete');
  await expect(editor.timeline).toHaveCount(2);
  // Focus moves to the row that took its place, so the keyboard user is not lost.
  await expect(page.getByRole('button', { name: 'Reorder entry 1' })).toBeFocused();
  await page.locator('body').click({ position: { x: 2, y: 300 } });
  await page.keyboard.press('Control+z');
  await expect(editor.timeline).toHaveCount(3);
  await page.keyboard.press('Control+Shift+z');
  await expect(editor.timeline).toHaveCount(2);
  await page.getByRole('banner').getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(editor.entry(0).getByLabel('What happened', { exact: true })).toHaveValue('First: alert fired');
});

test('the toast’s Undo brings back the deleted entry and keeps what was typed since', async ({ editor, page }) => {
  await threeEntries(editor);
  await rowAction(page, 'entry 2', 'Delete');
  await expect(editor.timeline).toHaveCount(2);
  const toast = page.getByRole('status', { name: 'Notifications' });
  await expect(toast).toContainText('Timeline entry deleted');
  await editor.field('Impact').click();
  await page.keyboard.type('Logins slow');
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(editor.timeline).toHaveCount(3);
  expect(await editor.entryTexts()).toEqual(['First: alert fired', 'Second: on-call paged', 'Third: rollback started']);
  await expect(editor.field('Impact')).toHaveValue('Logins slow');
  // Undoing the toast's undo deletes the entry again; the typing still stays.
  const undo = page.getByRole('banner').getByRole('button', { name: 'Undo', exact: true });
  await undo.click();
  await expect(editor.timeline).toHaveCount(2);
  await expect(editor.field('Impact')).toHaveValue('Logins slow');
});

test('typing in a field is one undo step', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Title').pressSequentially('Queue backlog');
  await editor.field('Title').blur();
  await page.getByRole('banner').getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(editor.field('Title')).toHaveValue('');
  await page.getByRole('banner').getByRole('button', { name: 'Redo', exact: true }).click();
  await expect(editor.field('Title')).toHaveValue('Queue backlog');
});

test('undoing typing in a timeline entry shows the earlier text in that entry and the preview', async ({ editor, page }) => {
  await editor.open();
  const first = await editor.timeline.count();
  await editor.addEntry('14:05', 'Alert fired');
  await editor.addEntry('14:20', 'Rollback');
  const text = editor.entry(first + 1).getByLabel('What happened', { exact: true });
  await text.blur(); // Leaving a field ends its undo step.
  const undo = page.getByRole('banner').getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('banner').getByRole('button', { name: 'Redo', exact: true });
  // Back to the text the row was added with: the field must follow even though the row was
  // last drawn with that very text.
  await undo.click();
  await expect(text).toHaveValue('');
  await redo.click();
  await expect(text).toHaveValue('Rollback');
  await text.press('End');
  await text.pressSequentially(' started');
  await text.blur();
  await expect(editor.preview).toContainText('Rollback started');
  await undo.click();
  await expect(text).toHaveValue('Rollback');
  await expect(editor.entry(first).getByLabel('What happened', { exact: true })).toHaveValue('Alert fired');
  await expect(editor.preview).not.toContainText('Rollback started');
  await redo.click();
  await expect(text).toHaveValue('Rollback started');
});

test('the time zone box suggests time zones, named and abbreviated', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Time zone').focus();
  const suggestions = page.locator('#zone-suggestions option');
  await expect(page.locator('#zone-suggestions option[value="Europe/Paris"]')).toHaveCount(1);
  await expect(page.locator('#zone-suggestions option[value="UTC"]')).toHaveCount(1);
  expect(await suggestions.count()).toBeGreaterThan(100);
  expect(await editor.field('Time zone').getAttribute('list')).toBe('zone-suggestions');
});

test('validation findings appear by their field and the toolbar count falls as they are fixed', async ({ editor, page }) => {
  await editor.open();
  const count = page.locator('.findings-count');
  await editor.field('Start').fill('14:00');
  // The count shows once something is written.
  await expect(count).toHaveText(/\d+ things? to check/);
  const before = Number((await count.innerText()).match(/\d+/)![0]);
  await editor.field('End').fill('2024-01-01 25:99');
  await expect(page.locator('#findings-field-end-')).toBeVisible();
  await editor.field('End').fill('15:00');
  await expect(page.locator('#findings-field-end-')).toBeHidden();
  await editor.field('Title').fill('Fixed');
  await expect.poll(async () => Number((await count.innerText()).match(/\d+/)?.[0] ?? 0)).toBeLessThan(before);
});

for (const width of [1280, 375, 360]) {
  test(`layout at ${width} px has no sideways scrolling`, async ({ editor, page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await threeEntries(editor);
    await page.getByRole('button', { name: 'Add task' }).click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (width < 900) {
      await page.getByRole('tab', { name: 'Preview' }).click();
      await expect(editor.preview.getByRole('heading', { level: 2, name: 'Timeline' })).toBeVisible();
      await expect(page.getByRole('form', { name: 'Postmortem' })).toBeHidden();
      await page.getByRole('tab', { name: 'Edit' }).click();
    } else {
      await expect(editor.preview).toBeVisible();
    }
    await page.screenshot({ path: testInfo.outputPath(`layout-${width}.png`), fullPage: true });
  });
}
