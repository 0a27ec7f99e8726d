// Share links and "Open as issue" (issue 18), driven as a person would: share a draft, open the
// link in another browser (a fresh context), in a browser that already has drafts, damaged, and
// offline; send a task to GitHub or GitLab. No test follows a link off 127.0.0.1.
import { test, expect, type EditorPage } from '../fixtures/editor';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from '@playwright/test';

test.describe.configure({ timeout: 90_000 });

const TITLE = 'Disk filled on the primary database';
const SUMMARY = 'The write-ahead log filled the disk; writes failed for **22 minutes**.';

async function writeDraft(editor: EditorPage, page: Page) {
  await editor.open();
  await editor.field('Title').fill(TITLE);
  await editor.field('Summary').fill(SUMMARY);
  await editor.addEntry('14:02', 'Disk usage alert fired');
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByLabel('Title of the task').fill('Alert on WAL growth');
  await page.getByLabel('Task', { exact: true }).fill('Page when the WAL grows 5 GB in an hour');
  await page.getByLabel('Owner', { exact: true }).fill('Mina');
  await expect(editor.saveState).toHaveText('Saved in this browser');
}

/** Opens Share & export…, then Share link… in it. */
async function openShareDialog(page: Page) {
  await page.getByRole('button', { name: 'Share & export…' }).click();
  await page.getByRole('dialog', { name: 'Share & export' }).getByRole('button', { name: 'Share link…' }).click();
}

/** Opens Share link…, copies the link with the Copy button and returns what the clipboard holds. */
async function copyShareLink(page: Page): Promise<string> {
  await openShareDialog(page);
  const dialog = page.getByRole('dialog', { name: 'Share a link to this draft' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Anyone with this link can read the draft.');
  await expect(dialog).toContainText('nothing is uploaded');
  const shown = await dialog.getByLabel('Link', { exact: true }).inputValue();
  await expect(dialog.locator('.share-length')).toHaveText(
    `${shown.length.toLocaleString('en-US')} characters`,
  );
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Link copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  return copied;
}

/** The drafts the Drafts panel lists, by title. */
async function draftTitles(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Drafts', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Drafts' });
  await expect(panel).toBeVisible();
  const titles = await panel.locator('li.draft[data-draft-id] .draft-open').allInnerTexts();
  await panel.getByRole('button', { name: 'Close drafts' }).click();
  await expect(panel).toBeHidden();
  return titles.map((t) => t.trim()).sort();
}

/** A new browser (nothing stored) whose requests must all stay on 127.0.0.1. */
async function freshBrowser(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; foreign: string[] }> {
  const context = await browser.newContext({ baseURL });
  const foreign: string[] = [];
  const origin = new URL(baseURL).origin;
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) foreign.push(url);
  });
  return { context, foreign };
}

async function openLink(page: Page, link: string) {
  await page.goto(link);
  await expect(page.getByLabel('Title', { exact: true })).toBeEditable();
}

test('a shared draft opens as a new draft in another browser, and the sharer keeps theirs', async ({ editor, page, context, browser, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await writeDraft(editor, page);
  const link = await copyShareLink(page);
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#share=1\.[A-Za-z0-9_-]+$/);

  const other = await freshBrowser(browser, baseURL!);
  try {
    const them = await other.context.newPage();
    await openLink(them, link);
    const offer = them.getByRole('region', { name: 'This link holds a shared draft' });
    await expect(offer).toContainText(`“${TITLE}”`);
    await expect(offer).toContainText('Your drafts stay as they are.');
    await offer.getByRole('button', { name: 'Open as a new draft' }).click();
    await expect(them.getByRole('status').filter({ hasText: 'Opened the shared draft' })).toContainText(TITLE);
    await expect(them.getByLabel('Title', { exact: true })).toHaveValue(TITLE);
    await expect(them.getByLabel('Summary', { exact: true })).toHaveValue(SUMMARY);
    await expect(them.getByLabel('Title of the task')).toHaveValue('Alert on WAL growth');
    await expect(them.getByLabel('Owner', { exact: true })).toHaveValue('Mina');
    // The fragment is gone, so a reload offers nothing and shows the opened draft.
    expect(new URL(them.url()).hash).toBe('');
    await them.reload();
    await expect(them.getByLabel('Title', { exact: true })).toHaveValue(TITLE);
    await expect(them.getByRole('region', { name: 'This link holds a shared draft' })).toHaveCount(0);
    // The blank draft the fresh browser started on gave its place: no empty draft beside it.
    expect(await draftTitles(them)).toEqual([TITLE]);
    expect(other.foreign).toEqual([]);
  } finally {
    await other.context.close();
  }

  // The sharer's browser is as it was: one draft, unchanged.
  await editor.reload();
  expect(await draftTitles(page)).toEqual([TITLE]);
  await expect(editor.field('Summary')).toHaveValue(SUMMARY);
});

test('in a browser with a draft, the link opens a second draft and leaves the first as it was', async ({ editor, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await writeDraft(editor, page);
  const link = await copyShareLink(page);
  // Someone else's draft, in this same browser.
  await page.getByRole('button', { name: 'Drafts', exact: true }).click();
  await page.getByRole('button', { name: 'New blank draft' }).click();
  await editor.field('Title').fill('My own draft');
  await editor.field('Summary').fill('Half written, not to be touched.');
  await expect(editor.saveState).toHaveText('Saved in this browser');

  const tab = await context.newPage();
  await openLink(tab, link);
  await expect(tab.getByLabel('Title', { exact: true })).toHaveValue('My own draft');
  await tab.getByRole('button', { name: 'Open as a new draft' }).click();
  await expect(tab.getByLabel('Title', { exact: true })).toHaveValue(TITLE);
  expect(await draftTitles(tab)).toEqual([TITLE, TITLE, 'My own draft'].sort());

  // The first draft is exactly as it was.
  await tab.getByRole('button', { name: 'Drafts', exact: true }).click();
  await tab.getByRole('dialog', { name: 'Drafts' }).getByRole('button', { name: 'My own draft', exact: true }).click();
  await expect(tab.getByLabel('Summary', { exact: true })).toHaveValue('Half written, not to be touched.');
});

test('a damaged or cut link says so and opens nothing', async ({ editor, page, context, browser, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await writeDraft(editor, page);
  const link = await copyShareLink(page);
  const at = link.indexOf('#share=1.') + 30;
  const changed = link.slice(0, at) + (link[at] === 'A' ? 'B' : 'A') + link.slice(at + 1);
  const cut = link.slice(0, link.length - 40);

  const other = await freshBrowser(browser, baseURL!);
  try {
    let them = await other.context.newPage();
    for (const [damaged, says] of [
      [changed, 'damaged'],
      [cut, 'cut short'],
    ]) {
      them = await other.context.newPage();
      await openLink(them, damaged);
      const alert = them.getByRole('alert').filter({ hasText: 'cannot be opened' });
      await expect(alert).toContainText(says);
      await expect(alert).toContainText('Nothing was opened');
      await expect(them.getByRole('button', { name: 'Open as a new draft' })).toHaveCount(0);
      await expect(them.getByLabel('Title', { exact: true })).toHaveValue('');
      await alert.getByRole('button', { name: 'Dismiss' }).click();
      await expect(alert).toHaveCount(0);
      expect(new URL(them.url()).hash).toBe('');
    }
    expect(await draftTitles(them)).toEqual(['Untitled draft']);
    expect(other.foreign).toEqual([]);
  } finally {
    await other.context.close();
  }
});

test('a share link opens offline once the app is cached', async ({ editor, page, context, browser, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await writeDraft(editor, page);
  const link = await copyShareLink(page);

  const other = await freshBrowser(browser, baseURL!);
  try {
    const them = await other.context.newPage();
    await them.goto('./');
    await expect(them.getByLabel('Title', { exact: true })).toBeEditable();
    await them.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await other.context.setOffline(true);
    const tab = await other.context.newPage();
    await openLink(tab, link);
    await tab.getByRole('button', { name: 'Open as a new draft' }).click();
    await expect(tab.getByLabel('Title', { exact: true })).toHaveValue(TITLE);
    await expect(tab.getByLabel('Summary', { exact: true })).toHaveValue(SUMMARY);
    await other.context.setOffline(false);
  } finally {
    await other.context.close();
  }
});

test('Open as issue asks for the repository once and fills in the task', async ({ editor, page }) => {
  await writeDraft(editor, page);
  const menu = () => page.getByRole('group', { name: 'Actions for task 1' });
  await page.getByRole('button', { name: 'Actions for task 1' }).click();
  await menu().getByLabel('Open as issue in').fill('not a repository');
  await menu().getByRole('button', { name: 'Save repository' }).click();
  await expect(menu().getByRole('status')).toContainText('A repository is owner/repo');
  await expect(menu().getByRole('link', { name: 'Open as issue' })).toHaveCount(0);

  await menu().getByLabel('Open as issue in').fill('https://github.com/acme/payments.git');
  await menu().getByRole('button', { name: 'Save repository' }).click();
  const link = menu().getByRole('link', { name: 'Open as issue' });
  await expect(link).toBeFocused();
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  const href = new URL((await link.getAttribute('href'))!);
  expect(href.origin + href.pathname).toBe('https://github.com/acme/payments/issues/new');
  expect(href.searchParams.get('title')).toBe('Alert on WAL growth');
  const body = href.searchParams.get('body')!;
  expect(body).toContain('Page when the WAL grows 5 GB in an hour');
  expect(body).toContain('Owner: Mina');
  expect(body).toContain(`From the postmortem “${TITLE}”`);
  await expect(menu()).toContainText('acme/payments on GitHub');

  // A new task title shows in the link once typing pauses.
  await page.keyboard.press('Escape');
  await page.getByLabel('Title of the task').fill('Alert on WAL growth & archive lag');
  await page.getByRole('button', { name: 'Actions for task 1' }).click();
  await expect
    .poll(async () => new URL((await link.getAttribute('href'))!).searchParams.get('title'))
    .toBe('Alert on WAL growth & archive lag');

  // Remembered after a reload; a self-hosted GitLab works too.
  await editor.reload();
  await page.getByRole('button', { name: 'Actions for task 1' }).click();
  await expect(menu().getByRole('link', { name: 'Open as issue' })).toHaveAttribute('href', /^https:\/\/github\.com\/acme\/payments\/issues\/new\?/);
  await menu().getByRole('button', { name: /^Repository:/ }).click();
  await menu().getByLabel('Open as issue in').fill('https://git.example.org/ops/infra/-/issues');
  await menu().getByLabel('Open as issue in').press('Enter');
  const gitlab = new URL((await menu().getByRole('link', { name: 'Open as issue' }).getAttribute('href'))!);
  expect(gitlab.origin + gitlab.pathname).toBe('https://git.example.org/ops/infra/-/issues/new');
  expect(gitlab.searchParams.get('issue[title]')).toBe('Alert on WAL growth & archive lag');
  expect(gitlab.searchParams.get('issue[description]')).toContain('Owner: Mina');
});

async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

test('the share dialog, the offer and the issue menu have no accessibility violations', async ({ editor, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await writeDraft(editor, page);
  await openShareDialog(page);
  await expect(page.getByRole('dialog', { name: 'Share a link to this draft' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
  const link = await page.getByLabel('Link', { exact: true }).inputValue();
  await page.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Actions for task 1' }).click();
  await expect(page.getByLabel('Open as issue in')).toBeVisible();
  expect(await violations(page)).toEqual([]);

  const tab = await context.newPage();
  await openLink(tab, link);
  await expect(tab.getByRole('region', { name: 'This link holds a shared draft' })).toBeVisible();
  expect(await violations(tab)).toEqual([]);
  // Pasted into the address bar of the same tab: only the fragment changes (no reload).
  await tab.evaluate((href) => { window.location.href = href; }, link.slice(0, -20));
  await expect(tab.getByRole('alert').filter({ hasText: 'cannot be opened' })).toBeVisible();
  expect(await violations(tab)).toEqual([]);
});
