// The writing flow, driven as a person would: compact timeline rows, one Enter rule in every
// list, the toolbar within reach of the keyboard, placeholders that read as examples, and
// printing only the postmortem.
import { test, expect } from '../fixtures/editor';

test('at desktop width an entry with one line of text takes one row, nothing cut off', async ({ editor, page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await editor.open();
  await editor.addEntry('14:30', 'Paged the on-call');
  const row = editor.entry(0);
  await row.getByLabel('Kind', { exact: true }).selectOption('acknowledgement');
  const box = (await row.boundingBox())!;
  const time = (await row.getByLabel('Time', { exact: true }).boundingBox())!;
  const menu = (await row.getByRole('button', { name: 'Actions for entry 1' }).boundingBox())!;
  // One line: the row is no taller than its tallest control plus padding.
  expect(box.height).toBeLessThan(64);
  expect(Math.abs(menu.y - time.y)).toBeLessThan(8);
  // The time and the kind show whole, a long time too (the row may then wrap).
  await row.getByLabel('Time', { exact: true }).fill('2024-06-05 23:10 UTC');
  for (const label of ['Time', 'Kind']) {
    const cut = await row.getByLabel(label, { exact: true }).evaluate((e) => {
      if (e instanceof HTMLSelectElement) {
        const probe = document.createElement('span');
        probe.textContent = e.selectedOptions[0].text;
        probe.style.font = getComputedStyle(e).font;
        document.body.append(probe);
        const need = probe.getBoundingClientRect().width;
        probe.remove();
        return need > e.clientWidth;
      }
      return e.scrollWidth > e.clientWidth;
    });
    expect(cut, `${label} is cut off`).toBe(false);
  }
});

test('on a phone an entry wraps compactly and the header stays within 64 px', async ({ editor, page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await editor.open();
  await editor.addEntry('14:30', 'Alert fired');
  const header = (await page.getByRole('banner').boundingBox())!;
  expect(header.height).toBeLessThanOrEqual(64);
  const row = (await editor.entry(0).boundingBox())!;
  expect(row.height).toBeLessThan(130);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('Enter in the last box of an improvement or a task adds the next one; Shift+Enter is a new line', async ({ page, editor }) => {
  await editor.open();
  await page.getByRole('button', { name: 'Add improvement' }).click();
  const improvements = page.getByLabel('Improvement', { exact: true });
  await expect(page.getByLabel('Title of the improvement', { exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(improvements.first()).toBeFocused();
  await page.keyboard.type('Canary every config change');
  await page.keyboard.press('Enter');
  await expect(improvements).toHaveCount(2);
  await expect(page.getByLabel('Title of the improvement', { exact: true }).nth(1)).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('First line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');
  await expect(improvements).toHaveCount(2);
  await expect(improvements.nth(1)).toHaveValue('First line\nsecond line');

  await page.getByRole('button', { name: 'Add task' }).click();
  await page.keyboard.type('Memory alert');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Alert on memory');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Mina');
  await page.keyboard.press('Enter');
  await page.keyboard.type('2025-10-01');
  await page.keyboard.press('Enter');
  const tasks = page.getByLabel('Task', { exact: true });
  await expect(tasks).toHaveCount(2);
  await expect(page.getByLabel('Title of the task', { exact: true }).nth(1)).toBeFocused();
  await expect(tasks.first()).toHaveValue('Alert on memory');
  await expect(page.getByLabel('Owner', { exact: true }).first()).toHaveValue('Mina');
  await expect(page.getByLabel('Due', { exact: true }).first()).toHaveValue('2025-10-01');
});

test('Enter in an entry\'s time goes on to its text', async ({ page, editor }) => {
  await editor.open();
  await page.getByRole('button', { name: 'Add entry', exact: true }).click();
  await page.keyboard.type('09:12');
  await page.keyboard.press('Enter');
  await expect(editor.entry(0).getByLabel('What happened', { exact: true })).toBeFocused();
  await expect(editor.timeline).toHaveCount(1);
  await expect(page.locator('#section-timeline .hint')).toContainText('Enter moves to the item\'s next box');
});

test('one click picks an entry\'s kind and goes on to its text', async ({ page, editor }) => {
  await editor.open();
  await page.getByRole('button', { name: 'Add entry', exact: true }).click();
  const row = editor.entry(0);
  await page.keyboard.type('10:05');
  const picks = row.getByRole('group', { name: 'Tag entry 1 as' });
  await expect(picks).toBeVisible();
  await picks.getByRole('button', { name: 'acknowledgement', exact: true }).click();
  await expect(row).toHaveAttribute('data-kind', 'acknowledgement');
  await expect(row.getByLabel('Kind', { exact: true })).toHaveValue('acknowledgement');
  await expect(row.getByLabel('What happened', { exact: true })).toBeFocused();
  await page.keyboard.type('On-call acknowledges the page');
  // The picks show while the time has focus; clicking the chosen kind again clears it.
  await expect(picks).toBeHidden();
  await row.getByLabel('Time', { exact: true }).click();
  await expect(picks.getByRole('button', { name: 'acknowledgement', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await picks.getByRole('button', { name: 'acknowledgement', exact: true }).click();
  await expect(row.getByLabel('Kind', { exact: true })).toHaveValue('');
  // They float over what follows: showing them moves nothing below.
  const add = page.getByRole('button', { name: 'Add entry', exact: true });
  await row.getByLabel('Time', { exact: true }).focus();
  await expect(picks).toBeVisible();
  const top = () => add.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  const before = await top();
  await editor.field('Summary').focus();
  await expect(picks).toBeHidden();
  expect(await top()).toBe(before);
  const lines = await editor.markdownTimeline();
  expect(lines[0]).toContain('On-call acknowledges the page');
});

test('improvements and tasks get a short title, written in bold in the .md and read back', async ({ page, editor }) => {
  await editor.open();
  await editor.field('Title').fill('Titles for measures');
  await page.getByRole('button', { name: 'Add improvement' }).click();
  await page.getByLabel('Title of the improvement', { exact: true }).fill('Code review');
  await page.getByLabel('Improvement', { exact: true }).fill('Every config change gets a second reader');
  await page.getByRole('button', { name: 'Add task' }).click();
  // Task, Owner and Due have visible labels.
  const row = page.locator('ol.tasks > li').first();
  for (const label of ['Title', 'Task', 'Owner', 'Due']) {
    await expect(row.locator('label', { hasText: new RegExp(`^${label}`) }).first()).toBeVisible();
  }
  await page.getByLabel('Title of the task', { exact: true }).fill('Patch API Service');
  await page.getByLabel('Task', { exact: true }).fill('Upgrade the client library');
  await page.getByLabel('Owner', { exact: true }).fill('Mina');
  const { text } = await editor.download('Download .md');
  expect(text).toContain('- **Code review:** Every config change gets a second reader\n');
  expect(text).toContain('- [ ] **Patch API Service:** Upgrade the client library (owner: Mina)\n');

  await page.getByRole('button', { name: 'Import .md…' }).click();
  await page.getByLabel('Or paste Markdown').fill(text.replace('Titles for measures', 'Read back'));
  await page.getByRole('button', { name: 'Import pasted text' }).click();
  await expect(editor.field('Title')).toHaveValue('Read back');
  await expect(page.getByLabel('Title of the improvement', { exact: true })).toHaveValue('Code review');
  await expect(page.getByLabel('Improvement', { exact: true })).toHaveValue('Every config change gets a second reader');
  await expect(page.getByLabel('Title of the task', { exact: true })).toHaveValue('Patch API Service');
  await expect(page.getByLabel('Task', { exact: true })).toHaveValue('Upgrade the client library');
});

test('Download .md, Review and the toolbar are one key press away from any field', async ({ editor, page }) => {
  await editor.open();
  await editor.addEntry('10:00', 'Alert fired');
  const text = editor.entry(0).getByLabel('What happened', { exact: true });
  await text.focus();
  const download = page.getByRole('button', { name: 'Download .md' });
  await expect(download).toHaveAttribute('title', /Ctrl\+S/);
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  expect(file.suggestedFilename()).toMatch(/\.md$/);

  await text.focus();
  await page.keyboard.press('Alt+Shift+T');
  await expect(page.getByRole('banner').getByRole('button').first()).toBeFocused();

  await text.focus();
  await expect(page.locator('.findings-count')).toHaveAttribute('title', /Alt\+Shift\+R/);
  await page.keyboard.press('Alt+Shift+R');
  await expect(page.getByRole('tab', { name: /Review/ })).toBeFocused();
  await expect(page.getByRole('tab', { name: /Review/ })).toHaveAttribute('aria-selected', 'true');
});

test('the sticky header never covers the field that has focus', async ({ editor, page }) => {
  await page.setViewportSize({ width: 1280, height: 700 });
  await editor.open();
  for (let i = 0; i < 6; i++) await editor.addEntry(`10:0${i}`, `Entry ${i}`);
  await editor.field('Root cause and resolution, in depth').focus();
  // Back up field by field with Shift+Tab: each focused control shows below the header.
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Shift+Tab');
    const covered = await page.evaluate(() => {
      const header = document.querySelector('header.toolbar')!.getBoundingClientRect();
      const el = document.activeElement as HTMLElement;
      if (!el || el.closest('header')) return false;
      return el.getBoundingClientRect().top < header.bottom - 1;
    });
    expect(covered, `Shift+Tab ${i + 1} leaves the focused field under the header`).toBe(false);
  }
});

test('placeholders read as examples', async ({ editor, page }) => {
  await editor.open();
  await editor.addEntry('', '');
  await page.getByRole('button', { name: 'Add task' }).click();
  const placeholders = await page
    .locator('form input[placeholder], form textarea[placeholder]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('placeholder')!));
  expect(placeholders.length).toBeGreaterThan(8);
  for (const p of placeholders) expect(p, `placeholder “${p}”`).toMatch(/^e\.g\. /);
});

test('printing from the Review tab prints the postmortem, not the review', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Title').fill('Stale search results');
  await page.locator('.findings-count').click();
  await expect(page.getByRole('tab', { name: /Review/ })).toHaveAttribute('aria-selected', 'true');
  await page.emulateMedia({ media: 'print' });
  await expect(editor.preview.locator('.preview h1')).toBeVisible();
  await expect(editor.preview.locator('.preview h1')).toHaveText('Stale search results');
  await expect(editor.preview.locator('[role="tabpanel"]:not(.preview)').filter({ visible: true })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Postmortem' })).toBeHidden();
});
