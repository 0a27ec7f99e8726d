// How the page looks where people meet it: a phone's header that never scrolls sideways, a
// timeline text box that stays wide beside a long kind, the timeline picture in dark mode, and
// file pickers that look like the other buttons.
import { test, expect } from '../fixtures/editor';

test('at 412 px the toolbar fits without scrolling sideways and everything stays reachable', async ({ editor, page }) => {
  await page.setViewportSize({ width: 412, height: 915 });
  await editor.open();
  // With something written, the review count shows too (the widest state).
  await editor.field('Title').fill('Stale search results');
  await editor.addEntry('09:12', 'Alias swapped');
  await expect(page.locator('.findings-count')).toHaveText(/to check/);
  const banner = page.getByRole('banner');
  const overflow = await banner.evaluate((e) => e.scrollWidth - e.clientWidth);
  expect(overflow, 'the toolbar scrolls sideways by').toBeLessThanOrEqual(0);
  expect((await banner.boundingBox())!.height).toBeLessThanOrEqual(64);
  for (const button of await banner.getByRole('button').all()) {
    const box = (await button.boundingBox())!;
    expect(box.x + box.width, `${await button.innerText()} ends inside the screen`).toBeLessThanOrEqual(412);
  }
  // The buttons that do not fit are one click away, behind More.
  await banner.getByRole('button', { name: 'More actions' }).click();
  for (const name of ['Import .md…', 'Undo', 'Redo', 'Download JSON']) {
    await expect(banner.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await banner.getByRole('button', { name: 'Import .md…' }).click();
  await expect(page.getByRole('dialog', { name: 'Import a postmortem' })).toBeVisible();
});

test('at 1280 px the timeline text box stays wide beside a long kind and a long time', async ({ editor, page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await editor.open();
  await editor.addEntry('2024-06-05 23:10 UTC', 'On-call engineer acknowledges the page');
  const row = editor.entry(0);
  await row.getByLabel('Kind', { exact: true }).selectOption('acknowledgement');
  const text = (await row.getByLabel('What happened', { exact: true }).boundingBox())!;
  expect(text.width, 'the text box is at least 240 px wide').toBeGreaterThanOrEqual(240);
});

test('in dark mode the timeline picture has no white background', async ({ editor, page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await editor.open();
  await editor.field('Start').fill('09:00');
  await editor.field('End').fill('10:00');
  await editor.addEntry('09:12', 'Alert fired');
  await editor.entry(0).getByLabel('Kind', { exact: true }).selectOption('detection');
  await editor.addEntry('09:40', 'Rolled back');
  await editor.entry(1).getByLabel('Kind', { exact: true }).selectOption('mitigation');
  const picture = editor.preview.locator('.timeline-picture svg');
  await expect(picture).toBeVisible();
  await expect(picture.locator('text').first()).toBeAttached();
  const colours = await picture.evaluate((svg) => ({
    background: getComputedStyle(svg.querySelector('rect')!).fill,
    text: getComputedStyle(svg.querySelector('text')!).fill,
    panel: getComputedStyle(document.querySelector('.preview-pane')!).backgroundColor,
  }));
  expect(colours.background).not.toBe('rgb(255, 255, 255)');
  expect(colours.background).toBe(colours.panel);
  expect(colours.text).not.toBe('rgb(51, 51, 51)');
});

test('file pickers look like the other buttons', async ({ editor, page }) => {
  await editor.open();
  const look = (el: Element, pseudo?: string) => {
    const s = getComputedStyle(el, pseudo);
    return { radius: s.borderTopLeftRadius, border: s.borderTopColor, background: s.backgroundColor, font: s.fontSize };
  };
  // The Import dialog's file box.
  await page.getByRole('button', { name: 'Import .md…' }).click();
  const close = page.getByRole('dialog').getByRole('button', { name: 'Close' });
  const button = await close.evaluate(look);
  const picker = await page.getByLabel('Markdown file').evaluate((e) => {
    const s = getComputedStyle(e, '::file-selector-button');
    return { radius: s.borderTopLeftRadius, border: s.borderTopColor, background: s.backgroundColor, font: s.fontSize };
  });
  expect(picker).toEqual(button);
  await close.click();
  // The drafts panel's Import backup: a button, with no "No file chosen" beside it.
  await page.getByRole('button', { name: 'Drafts', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Drafts' });
  const backup = panel.locator('label', { hasText: 'Import backup' });
  const download = await panel.getByRole('button', { name: 'Download backup' }).evaluate(look);
  expect(await backup.evaluate(look)).toEqual(download);
  const input = panel.getByLabel(/Import backup/);
  const inputBox = (await input.boundingBox())!;
  const labelBox = (await backup.boundingBox())!;
  expect(inputBox.width).toBeLessThanOrEqual(labelBox.width + 0.5);
  expect(inputBox.height).toBeLessThanOrEqual(labelBox.height + 0.5);
  expect(await input.evaluate((e) => getComputedStyle(e).opacity)).toBe('0');
  // Still reachable by keyboard, with a visible focus ring on the button.
  await input.focus();
  expect(await backup.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');
});

for (const width of [1280, 412]) {
  test(`at ${width} px the toolbar stays put when the review count appears`, async ({ editor, page }) => {
    // The count replaces "Review" once something is written; the buttons beside it must not
    // move under a pointer that is about to click them.
    await page.setViewportSize({ width, height: 900 });
    await editor.open();
    const banner = page.getByRole('banner');
    const positions = async () =>
      Promise.all((await banner.getByRole('button').all()).map(async (b) => Math.round((await b.boundingBox())?.x ?? -1)));
    const before = await positions();
    await editor.field('Title').fill('Stale search results after the reindex');
    await editor.field('Summary').fill('Search served stale results for 40 minutes.');
    await expect(page.locator('.findings-count')).toHaveText(/to check/);
    expect(await positions()).toEqual(before);
  });
}
