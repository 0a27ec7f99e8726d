// Two tabs typing in one draft at the same moment lose nothing: either each shows the other's
// changes, or the second to save is asked, and "Keep both" keeps every character each tab typed.
import { type Page } from '@playwright/test';
import { test, expect, EditorPage } from '../fixtures/editor';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every stored draft's document. */
async function storedDocuments(page: Page): Promise<any[]> {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('postmortem-editor.drafts.'))
      .map((k) => JSON.parse(localStorage.getItem(k)!).document),
  );
}

/** Types `text` into `field` one key at a time, `gap` ms apart. */
async function typeSlowly(editor: EditorPage, field: string, text: string, gap: number) {
  await editor.field(field).focus();
  for (const ch of text) {
    await editor.page.keyboard.type(ch);
    await sleep(gap);
  }
}

test('two tabs typing in one draft at the same moment, then Keep both: no character is lost', async ({ editor, context }) => {
  test.setTimeout(60_000);
  await editor.open();
  await editor.field('Title').fill('Shared draft');
  const other = new EditorPage(await context.newPage());
  await other.open();
  await expect(other.field('Title')).toHaveValue('Shared draft');

  const mine = 'typed in the first tab while the second one types too';
  const theirs = 'the second tab types its own words at the same time';
  await Promise.all([
    typeSlowly(editor, 'Summary', mine, 23),
    typeSlowly(other, 'Impact', theirs, 29),
  ]);
  await sleep(500);
  // Answer every question with Keep both (there may be none, one, or one per tab).
  for (let round = 0; round < 3; round++) {
    let asked = false;
    for (const page of [editor.page, other.page]) {
      const prompt = page.getByRole('alertdialog', { name: 'Changed in another tab' });
      if (await prompt.isVisible()) {
        await prompt.getByRole('button', { name: 'Keep both' }).click();
        asked = true;
      }
    }
    if (!asked) break;
    await sleep(300);
  }
  await expect(editor.saveState).toHaveText('Saved in this browser');
  await expect(other.saveState).toHaveText('Saved in this browser');

  const docs = await storedDocuments(editor.page);
  console.log(`drafts after Keep both: ${JSON.stringify(docs.map((d) => [d.summary, d.impact]))}`);
  expect(docs.map((d) => d.summary), 'the first tab’s typing, whole, in some draft').toContain(mine);
  expect(docs.map((d) => d.impact), 'the second tab’s typing, whole, in some draft').toContain(theirs);
});
