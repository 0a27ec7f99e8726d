// Accessibility with no exceptions: axe-core finds no violation, of any impact, in each state a
// person meets (the empty editor, a filled one, the drafts panel, the import dialog, the review
// tab, a phone).
import { test, expect, type EditorPage } from '../fixtures/editor';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
}

async function fill(editor: EditorPage, page: Page) {
  await editor.field('Title').fill('Stale search results after an alias swap');
  await editor.field('Summary').fill('Search served an index that had stopped receiving updates.');
  await editor.addEntry('09:12', 'Alias swapped');
  await editor.entry(0).getByLabel('Kind', { exact: true }).selectOption('detection');
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByLabel('Task', { exact: true }).fill('Point the writers at the alias');
  await page.getByLabel('Owner', { exact: true }).fill('Mina');
  await page.getByLabel('Done', { exact: true }).check();
}

test.describe.configure({ timeout: 120_000 });

test('the empty editor has no accessibility violations', async ({ editor, page }) => {
  await editor.open();
  expect(await violations(page)).toEqual([]);
});

test('a filled editor, its preview and an open row menu have no violations', async ({ editor, page }) => {
  await editor.open();
  await fill(editor, page);
  await expect(editor.preview).toContainText('Point the writers at the alias');
  expect(await violations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Actions for entry 1' }).click();
  expect(await violations(page)).toEqual([]);
});

test('the import dialog has no violations', async ({ editor, page }) => {
  await editor.open();
  await page.getByRole('button', { name: /^Import/ }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the drafts panel has no violations, renaming included', async ({ editor, page }) => {
  await editor.open();
  await fill(editor, page);
  await page.getByRole('button', { name: 'Drafts', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Drafts' });
  await panel.getByRole('button', { name: 'New blank draft' }).click();
  await expect(panel.locator('.draft')).toHaveCount(2);
  // One draft deleted, so "Recently deleted" shows too.
  await panel.getByRole('button', { name: /^Delete “/ }).first().click();
  await expect(panel.getByRole('region', { name: 'Recently deleted' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await panel.getByRole('button', { name: /^Rename “/ }).first().click();
  await expect(panel.getByLabel(/^New title for/)).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the review tab has no violations', async ({ editor, page }) => {
  await editor.open();
  await fill(editor, page);
  await page.locator('.findings-count').click();
  await expect(page.getByRole('tab', { name: /Review/ })).toHaveAttribute('aria-selected', 'true');
  expect(await violations(page)).toEqual([]);
});

test('the phone layout has no violations', async ({ editor, page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await editor.open();
  await fill(editor, page);
  expect(await violations(page)).toEqual([]);
  await page.getByRole('tab', { name: 'Preview' }).click();
  expect(await violations(page)).toEqual([]);
});
