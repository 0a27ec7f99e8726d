// Drafts that are never lost: autosave and flush on reload and close, many drafts, two pages on
// one draft, conflicts, full or missing storage, backups.
import { chromium, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, EditorPage } from '../fixtures/editor';

const panel = (page: Page) => page.getByRole('dialog', { name: 'Drafts' });

async function openPanel(page: Page) {
  if (!(await panel(page).isVisible())) await page.getByRole('button', { name: 'Drafts', exact: true }).click();
  await expect(panel(page)).toBeVisible();
  return panel(page);
}

function draftTitles(page: Page) {
  return panel(page).locator('.draft-open, .draft-rename');
}

/** The stored record of the open draft. */
async function openRecord(page: Page): Promise<{ key: string; record: any }> {
  return page.evaluate(() => {
    const key = 'postmortem-editor.drafts.' + localStorage.getItem('postmortem-editor.open');
    return { key, record: JSON.parse(localStorage.getItem(key)!) };
  });
}

/** Characters of `want` missing from `got` (from the first difference on). */
function lost(want: string, got: string): number {
  let i = 0;
  while (i < want.length && want[i] === got[i]) i++;
  return want.length - i;
}

test('typing then reloading at once loses nothing, 20 times at different typing speeds', async ({ editor }) => {
  test.setTimeout(120_000); // 20 reloads, each typing up to 40 characters
  await editor.open();
  let charactersLost = 0;
  const trials = 20;
  for (let i = 0; i < trials; i++) {
    const text = `Trial ${i}: resolvers timed out at ${10 + i}:0${i % 10}`;
    await editor.field('Summary').fill('');
    await editor.field('Summary').pressSequentially(text, { delay: (i % 5) * 8 });
    await editor.reload();
    const got = await editor.field('Summary').inputValue();
    charactersLost += lost(text, got);
  }
  console.log(`reload trials: ${trials}; characters lost: ${charactersLost}`);
  expect(charactersLost).toBe(0);
});

test('closing the browser right after typing and opening it again loses nothing', async ({ baseURL }, testInfo) => {
  const dir = await mkdtemp(join(tmpdir(), 'pm-profile-'));
  const launch = testInfo.project.use.launchOptions ?? {};
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  try {
    for (const [round, text] of [[0, 'Typed just before closing'], [1, ' and again']] as const) {
      const context = await chromium.launchPersistentContext(dir, { ...launch, baseURL });
      context.on('request', (r) => {
        if (new URL(r.url()).origin !== origin) foreign.push(r.url());
      });
      const editor = new EditorPage(context.pages()[0] ?? (await context.newPage()));
      await editor.open();
      if (round === 1) await expect(editor.field('Title')).toHaveValue('Typed just before closing');
      await editor.field('Title').press('End');
      await editor.field('Title').pressSequentially(text);
      await context.close();
    }
    const context = await chromium.launchPersistentContext(dir, { ...launch, baseURL });
    const editor = new EditorPage(context.pages()[0] ?? (await context.newPage()));
    await editor.open();
    await expect(editor.field('Title')).toHaveValue('Typed just before closing and again');
    await context.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  expect(foreign).toEqual([]);
});

test('create, switch, rename, duplicate, delete and restore drafts; the last one reopens', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Title').fill('Alpha');
  const list = await openPanel(page);
  await list.getByRole('button', { name: 'New blank draft' }).click();
  await expect(editor.field('Title')).toHaveValue('');
  await editor.field('Title').fill('Beta');
  await editor.field('Summary').fill('Beta summary');
  await expect(draftTitles(page)).toHaveText(['Beta', 'Alpha']);

  // Switch.
  await list.getByRole('button', { name: 'Alpha', exact: true }).click();
  await expect(editor.field('Title')).toHaveValue('Alpha');
  await expect(editor.field('Summary')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toBeDisabled();
  await list.getByRole('button', { name: 'Beta', exact: true }).click();
  await expect(editor.field('Summary')).toHaveValue('Beta summary');

  // Rename a draft that is not open.
  await list.getByRole('button', { name: 'Rename “Alpha”' }).click();
  await list.getByLabel('New title for “Alpha”').fill('Alpha renamed');
  await list.getByLabel('New title for “Alpha”').press('Enter');
  await expect(draftTitles(page)).toContainText(['Alpha renamed']);

  // Rename the open one: the title field follows.
  await list.getByRole('button', { name: 'Rename “Beta”' }).click();
  await list.getByLabel('New title for “Beta”').fill('Gamma');
  await list.getByLabel('New title for “Beta”').press('Enter');
  await expect(editor.field('Title')).toHaveValue('Gamma');

  // Duplicate.
  await list.getByRole('button', { name: 'Duplicate “Alpha renamed”' }).click();
  await expect(draftTitles(page)).toHaveText(['Alpha renamed (copy)', 'Gamma', 'Alpha renamed']);

  // Delete the open one: the message names the one that opens instead; Restore reopens it.
  await list.getByRole('button', { name: 'Delete “Gamma”' }).click();
  await expect(draftTitles(page)).toHaveText(['Alpha renamed (copy)', 'Alpha renamed']);
  await expect(editor.field('Title')).toHaveValue('Alpha renamed (copy)');
  await expect(list.getByRole('status')).toHaveText('Deleted “Gamma”; “Alpha renamed (copy)” is open instead.');
  await list.getByRole('button', { name: 'Restore “Gamma”' }).click();
  await expect(draftTitles(page)).toHaveText(['Alpha renamed (copy)', 'Gamma', 'Alpha renamed']);
  await expect(editor.field('Title')).toHaveValue('Gamma');
  await expect(editor.field('Summary')).toHaveValue('Beta summary');
  await expect(list.getByRole('region', { name: 'Recently deleted' })).toHaveCount(0);

  // Delete one that is not open: the open one stays.
  await list.getByRole('button', { name: 'Delete “Alpha renamed”', exact: true }).click();
  await expect(draftTitles(page)).toHaveText(['Alpha renamed (copy)', 'Gamma']);
  await expect(editor.field('Title')).toHaveValue('Gamma');

  await editor.reload();
  await expect(editor.field('Title')).toHaveValue('Gamma');
  await openPanel(page);
  await expect(draftTitles(page)).toHaveText(['Alpha renamed (copy)', 'Gamma']);
});

test('two pages on the same draft show each other’s changes', async ({ editor, context }) => {
  await editor.open();
  const other = new EditorPage(await context.newPage());
  await other.open();
  await editor.field('Title').fill('Typed in the first page');
  await expect(other.field('Title')).toHaveValue('Typed in the first page');
  await other.field('Summary').fill('Typed in the second page');
  await expect(editor.field('Summary')).toHaveValue('Typed in the second page');
  await expect(editor.field('Title')).toHaveValue('Typed in the first page');
  await expect(editor.saveState).toHaveText('Saved in this browser');
  await expect(other.saveState).toHaveText('Saved in this browser');
});

/** Writes a newer revision of the open draft behind this page's back (another tab's save). */
async function theyWrite(page: Page, title: string) {
  await page.evaluate((title) => {
    const key = 'postmortem-editor.drafts.' + localStorage.getItem('postmortem-editor.open');
    const record = JSON.parse(localStorage.getItem(key)!);
    record.revision += 1;
    record.document.title = title;
    localStorage.setItem(key, JSON.stringify(record));
  }, title);
}

for (const choice of ['Keep mine', 'Take theirs', 'Keep both'] as const) {
  test(`a change saved elsewhere is never silently overwritten: ${choice}`, async ({ editor, page }) => {
    await editor.open();
    await editor.field('Title').fill('Mine');
    await expect(editor.saveState).toHaveText('Saved in this browser');
    await theyWrite(page, 'Theirs');
    await editor.field('Summary').fill('My new summary');
    const prompt = page.getByRole('alertdialog', { name: 'Changed in another tab' });
    await expect(prompt).toContainText('Their version is titled “Theirs”');
    await expect(editor.saveState).toHaveText('Not saved: changed in another tab');
    // Nothing was written over theirs while the question is open.
    expect((await openRecord(page)).record.document.title).toBe('Theirs');

    await prompt.getByRole('button', { name: choice }).click();
    await expect(prompt).toHaveCount(0);
    await expect(editor.saveState).toHaveText('Saved in this browser');
    const titles = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('postmortem-editor.drafts.'))
        .map((k) => JSON.parse(localStorage.getItem(k)!).document.title)
        .sort(),
    );
    if (choice === 'Keep mine') {
      expect(titles).toEqual(['Mine']);
      await expect(editor.field('Summary')).toHaveValue('My new summary');
    } else if (choice === 'Take theirs') {
      expect(titles).toEqual(['Theirs']);
      await expect(editor.field('Title')).toHaveValue('Theirs');
      await expect(editor.field('Summary')).toHaveValue('');
    } else {
      expect(titles).toEqual(['Mine', 'Theirs']);
      await expect(editor.field('Title')).toHaveValue('Mine');
      await expect(editor.field('Summary')).toHaveValue('My new summary');
    }
    await editor.reload();
    await expect(editor.field('Title')).toHaveValue(choice === 'Take theirs' ? 'Theirs' : 'Mine');
  });
}

test('a full storage keeps the work in memory, says so and offers a backup', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Title').fill('Saved before it filled up');
  await expect(editor.saveState).toHaveText('Saved in this browser');
  await page.evaluate(() => {
    const p = Storage.prototype as any;
    p.__realSetItem = p.setItem;
    p.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await editor.field('Summary').fill('Written while the storage is full');
  await expect(editor.saveState).toContainText('Not saved: the browser\'s storage for this page is full');
  const { text } = await editor.download('Download backup');
  const backup = JSON.parse(text);
  expect(backup.format).toBe('postmortem-editor-backup');
  expect(backup.drafts[0].document.summary).toBe('Written while the storage is full');
  await expect(editor.preview).toContainText('Written while the storage is full');
  await page.evaluate(() => {
    const p = Storage.prototype as any;
    p.setItem = p.__realSetItem;
  });
  await editor.field('Summary').press('End');
  await editor.field('Summary').pressSequentially('.');
  await expect(editor.saveState).toHaveText('Saved in this browser');
  await editor.reload();
  await expect(editor.field('Summary')).toHaveValue('Written while the storage is full.');
});

test('with storage disabled the editor works in memory and says so', async ({ editor, page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await editor.open();
  await expect(page.getByRole('alert')).toContainText('does not let the page save drafts');
  await expect(editor.saveState).toContainText('Not saving in this browser');
  await editor.field('Title').fill('Only in memory');
  await expect(editor.preview.getByRole('heading', { level: 1 })).toHaveText('Only in memory');
  const { text } = await editor.download('Download backup');
  expect(JSON.parse(text).drafts[0].document.title).toBe('Only in memory');
});

test('unreadable drafts are kept aside, announced once, listed and downloadable', async ({ editor, page }) => {
  await editor.open();
  const corrupt = {
    'postmortem-editor.drafts.future': '{"revision":4,"schema":99,"document":{"title":"From a newer editor"}}',
    'postmortem-editor.drafts.truncated': '{"revision":4,"schema":2,"docu',
    'postmortem-editor.drafts.foreign': '{"theme":"dark"}',
  };
  await page.evaluate((corrupt) => {
    for (const [k, v] of Object.entries(corrupt)) localStorage.setItem(k, v);
  }, corrupt);
  await editor.reload();
  await expect(page.getByRole('alert')).toHaveCount(3);
  await expect(page.getByRole('alert').first()).toContainText('The saved draft could not be opened');
  const state = await page.evaluate(() => ({
    kept: Object.keys(localStorage)
      .filter((k) => k.startsWith('postmortem-editor.unreadable.'))
      .map((k) => localStorage.getItem(k))
      .sort(),
    originals: ['future', 'truncated', 'foreign'].map((k) => localStorage.getItem('postmortem-editor.drafts.' + k)),
  }));
  expect(state.kept).toEqual(Object.values(corrupt).sort());
  expect(state.originals).toEqual(Object.values(corrupt));
  // Announced once: kept aside already, so the next load says nothing, but the panel lists them.
  await editor.reload();
  await expect(page.getByRole('alert')).toHaveCount(0);
  const list = await openPanel(page);
  const kept = list.getByRole('region', { name: 'Kept aside' });
  await expect(kept.getByRole('listitem')).toHaveCount(3);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    kept.getByRole('button', { name: /^Download / }).first().click(),
  ]);
  expect(Object.values(corrupt)).toContain(await readFile(await download.path(), 'utf8'));
  await editor.field('Title').fill('Still works');
  await expect(editor.saveState).toHaveText('Saved in this browser');
});

test('a backup downloads every draft and imports back by merging, never replacing', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Title').fill('Alpha');
  const list = await openPanel(page);
  await list.getByRole('button', { name: 'New blank draft' }).click();
  await editor.field('Title').fill('Beta');
  await expect(draftTitles(page)).toHaveText(['Beta', 'Alpha']);
  const { download, text } = await editor.download('Download backup');
  expect(download.suggestedFilename()).toMatch(/^postmortem-drafts-\d{4}-\d\d-\d\d\.json$/);
  expect(JSON.parse(text).drafts.map((d: any) => d.document.title).sort()).toEqual(['Alpha', 'Beta']);

  await list.getByRole('button', { name: 'Delete “Alpha”' }).click();
  await editor.field('Title').fill('Beta, edited since');
  await expect(draftTitles(page)).toHaveText(['Beta, edited since']);
  await list.getByLabel('Import backup').setInputFiles(await download.path());
  await expect(list.getByRole('status').first()).toContainText('Imported 2 drafts');
  await expect(list.getByRole('status').first()).toContainText('1 added as a copy');
  await expect(draftTitles(page)).toHaveCount(3);
  expect((await draftTitles(page).allInnerTexts()).sort()).toEqual(['Alpha', 'Beta', 'Beta, edited since']);
  // Importing the same file again adds nothing.
  await list.getByLabel('Import backup').setInputFiles(await download.path());
  await expect(list.getByRole('status').first()).toContainText('Imported 0 drafts; 2 already here');
  await expect(draftTitles(page)).toHaveCount(3);
  await expect(editor.field('Title')).toHaveValue('Beta, edited since');
});

test('deleting two drafts in a row (the open one first): both can be restored, also after a reload', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Title').fill('One');
  const list = await openPanel(page);
  for (const title of ['Two', 'Three']) {
    await list.getByRole('button', { name: 'New blank draft' }).click();
    await expect(editor.field('Title')).toHaveValue('');
    await editor.field('Title').fill(title);
  }
  await expect(draftTitles(page)).toHaveText(['Three', 'Two', 'One']);
  const deleted = list.getByRole('region', { name: 'Recently deleted' });

  // Delete the open draft: the message names the draft that opens instead.
  await list.getByRole('button', { name: 'Delete “Three”' }).click();
  await expect(list.getByRole('status')).toHaveText('Deleted “Three”; “Two” is open instead.');
  await expect(editor.field('Title')).toHaveValue('Two');
  await expect(draftTitles(page)).toHaveText(['Two', 'One']);
  // Focus is on the deleted draft's Restore, never on another Delete: Enter, twice, deletes
  // nothing more (it restores “Three”, which opens).
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', 'Restore “Three”');
  await page.keyboard.press('Enter');
  await expect(editor.field('Title')).toHaveValue('Three');
  await page.keyboard.press('Enter');
  await expect(draftTitles(page)).toHaveText(['Three', 'Two', 'One']);
  await expect(editor.field('Title')).toHaveValue('Three');

  // Two in a row: the open one, then another.
  await list.getByRole('button', { name: 'Delete “Three”' }).click();
  await expect(editor.field('Title')).toHaveValue('Two');
  await list.getByRole('button', { name: 'Delete “One”' }).click();
  await expect(list.getByRole('status')).toHaveText('Deleted “One”. It is in Recently deleted.');
  await expect(draftTitles(page)).toHaveText(['Two']);
  await expect(deleted.getByRole('listitem')).toHaveCount(2);
  await expect(deleted.locator('.draft-title')).toHaveText(['One', 'Three']);

  // Both survive a reload, and both come back.
  await editor.reload();
  await expect(editor.field('Title')).toHaveValue('Two');
  await openPanel(page);
  await expect(deleted.locator('.draft-title')).toHaveText(['One', 'Three']);
  await deleted.getByRole('button', { name: 'Restore “Three”' }).click();
  await expect(editor.field('Title')).toHaveValue('Three');
  await deleted.getByRole('button', { name: 'Restore “One”' }).click();
  await expect(editor.field('Title')).toHaveValue('One');
  await expect(list.getByRole('status')).toHaveText('Restored “One”.');
  await expect(draftTitles(page)).toHaveText(['Three', 'Two', 'One']);
  await expect(deleted).toHaveCount(0);

  // Emptying asks once more, then deletes for good.
  await list.getByRole('button', { name: 'Delete “Two”' }).click();
  await deleted.getByRole('button', { name: 'Empty Recently deleted…' }).click();
  await deleted.getByRole('button', { name: 'Cancel' }).click();
  await expect(deleted.locator('.draft-title')).toHaveText(['Two']);
  await deleted.getByRole('button', { name: 'Empty Recently deleted…' }).click();
  await deleted.getByRole('button', { name: 'Delete for good' }).click();
  await expect(deleted).toHaveCount(0);
  await editor.reload();
  await openPanel(page);
  await expect(draftTitles(page)).toHaveText(['Three', 'One']);
  await expect(deleted).toHaveCount(0);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('postmortem-editor.deleted.')))).toEqual([]);
});

test('with the storage full, leaving the page asks first; with everything saved it never does', async ({ editor, page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.dismiss(); // Stay on the page.
  });
  await editor.open();
  await editor.field('Title').click();
  await editor.field('Title').pressSequentially('Saved before it filled up');
  await expect(editor.saveState).toHaveText('Saved in this browser');
  await editor.reload();
  expect(dialogs).toEqual([]);

  // Fill localStorage until setItem throws.
  await page.evaluate(() => {
    let n = 0;
    for (const size of [256 * 1024, 1024, 16]) {
      const chunk = 'x'.repeat(size);
      try {
        for (;;) localStorage.setItem(`filler.${n++}`, chunk);
      } catch {
        // Full at this size: go on with a smaller one.
      }
    }
  });
  const typed = 'Typed while the storage is full. '.repeat(40);
  await editor.field('Summary').click();
  await editor.field('Summary').fill(typed);
  await editor.field('Summary').press('End');
  await editor.field('Summary').pressSequentially('!');
  await expect(editor.saveState).toContainText('Not saved: the browser\'s storage for this page is full');
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => dialogs).toEqual(['beforeunload']);
  // Dismissed: the page and what was typed are still there.
  expect(page.isClosed()).toBe(false);
  await expect(editor.field('Summary')).toHaveValue(typed + '!');

  // Room again: the next change is saved and leaving asks nothing.
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('filler.')) localStorage.removeItem(k);
  });
  await editor.field('Summary').pressSequentially('?');
  await expect(editor.saveState).toHaveText('Saved in this browser');
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  expect(dialogs).toEqual(['beforeunload']);
});

test('the drafts panel: Rename focuses the name box; Escape and a click outside close as expected', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Title').fill('Alpha');
  const drafts = page.getByRole('button', { name: 'Drafts', exact: true });
  let list = await openPanel(page);

  // Rename puts the cursor in the name box; Escape cancels the rename only.
  await list.getByRole('button', { name: 'Rename “Alpha”' }).click();
  const box = list.getByLabel('New title for “Alpha”');
  await expect(box).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.type(' renamed');
  await page.keyboard.press('Escape');
  await expect(panel(page)).toBeVisible();
  await expect(box).toHaveCount(0);
  await expect(list.getByRole('button', { name: 'Rename “Alpha”' })).toBeFocused();
  await expect(editor.field('Title')).toHaveValue('Alpha');

  // Escape closes the panel and gives focus back to the Drafts button.
  await page.keyboard.press('Escape');
  await expect(panel(page)).toBeHidden();
  await expect(drafts).toBeFocused();
  await expect(drafts).toHaveAttribute('aria-expanded', 'false');

  // So does the close button.
  list = await openPanel(page);
  await list.getByRole('button', { name: 'Close drafts' }).click();
  await expect(panel(page)).toBeHidden();
  await expect(drafts).toBeFocused();

  // A click outside closes it; the click lands where it was aimed.
  list = await openPanel(page);
  await editor.field('Summary').click();
  await expect(panel(page)).toBeHidden();
  await expect(editor.field('Summary')).toBeFocused();

  // A click inside does not, and the Drafts button still toggles it.
  list = await openPanel(page);
  await list.getByRole('heading', { name: 'Drafts' }).click();
  await expect(panel(page)).toBeVisible();
  await drafts.click();
  await expect(panel(page)).toBeHidden();
});
