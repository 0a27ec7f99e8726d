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
  await page.keyboard.type('Canary every config change');
  await page.keyboard.press('Enter');
  await expect(improvements).toHaveCount(2);
  await expect(improvements.nth(1)).toBeFocused();
  await page.keyboard.type('First line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');
  await expect(improvements).toHaveCount(2);
  await expect(improvements.nth(1)).toHaveValue('First line\nsecond line');

  await page.getByRole('button', { name: 'Add task' }).click();
  await page.keyboard.type('Alert on memory');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Mina');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2025-10-01');
  await page.keyboard.press('Enter');
  const tasks = page.getByLabel('Task', { exact: true });
  await expect(tasks).toHaveCount(2);
  await expect(tasks.nth(1)).toBeFocused();
  await expect(page.getByLabel('Due', { exact: true }).first()).toHaveValue('2025-10-01');
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
