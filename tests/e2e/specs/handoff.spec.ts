// Share & export (issue 18, part 1), driven as a person would: fill a postmortem, open the
// dialog from the toolbar, copy it for Docs and read the clipboard back, download the HTML page
// and open it, download the action items and parse the CSV, and make the customer version with a
// section left out. Nothing leaves 127.0.0.1 (the fixture checks every request).
import { test, expect, type EditorPage } from '../fixtures/editor';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const TITLE = 'Checkout declined cards after a key rotation';
const SUMMARY = 'Card payments were declined for 40 minutes.';

async function fill(editor: EditorPage, page: Page) {
  const f = (label: string) => editor.field(label);
  await f('Title').fill(TITLE);
  await f('Authors').fill('Priya Author');
  await f('Time zone').fill('UTC');
  await f('Summary').fill(`${SUMMARY} See [the status page](https://status.example.com/x).`);
  await f('Impact').fill('Checkout failed for card users.');
  await f('Root cause and resolution, in depth').fill('We re-deployed the gateway with both keys.');
  await editor.addEntry('08:25', 'Decline alert fired');
  await editor.entry(0).getByLabel('Kind').selectOption('detection');
  await editor.addEntry('08:30', 'Checked the database, which was fine');
  await editor.addEntry('09:05', 'Rolled the key back');
  await editor.entry(2).getByLabel('Kind').selectOption('mitigation');
  const tasks: [string, string, string][] = [
    ['Add a gateway key check, then "canary" it', 'Tomasz Owner', '2025-04-01'],
    ['=HYPERLINK("http://evil.example")', 'Zoë, Ops', ''],
  ];
  for (const [i, [text, owner, due]] of tasks.entries()) {
    await page.getByRole('button', { name: 'Add task' }).click();
    await page.getByLabel('Task', { exact: true }).nth(i).fill(text);
    await page.getByLabel('Owner', { exact: true }).nth(i).fill(owner);
    await page.getByLabel('Due', { exact: true }).nth(i).fill(due);
  }
  await page.getByLabel('Done', { exact: true }).first().check();
  await expect(editor.preview).toContainText('Zoë, Ops');
}

async function openDialog(page: Page) {
  await page.getByRole('button', { name: 'Share & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share & export' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** RFC 4180 records: quoted fields, doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { /* the \n ends the row */ }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows;
}

/** Every tag of `html` that loads something, or points outside the file. */
function outsideReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<[a-z][^>]*>/gi)) {
    const tag = m[0];
    if (/^<(script|img|link|iframe|object|embed|video|audio|source)\b/i.test(tag) || /\ssrc=/i.test(tag)) found.push(tag);
  }
  if (/@import|url\(/i.test(html)) found.push('css reference');
  return found;
}

test('copy for Docs puts headings, lists and task boxes on the clipboard as HTML', async ({ editor, page }) => {
  await editor.open();
  await fill(editor, page);
  const dialog = await openDialog(page);
  await dialog.getByRole('button', { name: 'Copy for Docs / Confluence / Notion' }).click();
  await expect(dialog.getByRole('status', { name: 'Share and export status' })).toContainText('Copied');
  const clip = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    return {
      types: item.types,
      html: await (await item.getType('text/html')).text(),
      text: await (await item.getType('text/plain')).text(),
    };
  });
  expect(clip.types).toEqual(expect.arrayContaining(['text/html', 'text/plain']));
  expect(clip.html).toContain(`<h1>${TITLE}</h1>`);
  expect(clip.html).toMatch(/<h2>Issue Summary<\/h2>/);
  expect(clip.html).toMatch(/<ul>\s*<li>/);
  expect(clip.html).toContain('☑ Add a gateway key check');
  expect(clip.html).toContain('☐ ');
  expect(clip.html).toContain('<a href="https://status.example.com/x">the status page</a>');
  expect(clip.text).toContain(`# ${TITLE}`);
  expect(clip.text).toContain('- [x] Add a gateway key check');
});

test('the downloaded HTML page is self-contained and shows the title and summary', async ({ editor, page, context }) => {
  await editor.open();
  await fill(editor, page);
  const dialog = await openDialog(page);
  const { download, text } = await editor.download('Download HTML');
  expect(download.suggestedFilename()).toBe('checkout-declined-cards-after-a-key-rotation.html');
  expect(text).not.toMatch(/<script/i);
  expect(outsideReferences(text)).toEqual([]);
  expect(text).toContain(`<title>${TITLE}</title>`);
  await expect(dialog.getByRole('status', { name: 'Share and export status' })).toContainText('Downloaded');

  // Opened as a page, it shows the postmortem and asks for nothing.
  const viewer = await context.newPage();
  const requests: string[] = [];
  await viewer.route('**/*', (route) => { requests.push(route.request().url()); return route.abort(); });
  await viewer.setContent(text);
  await expect(viewer).toHaveTitle(TITLE);
  await expect(viewer.getByRole('heading', { level: 1 })).toHaveText(TITLE);
  await expect(viewer.getByText(SUMMARY)).toBeVisible();
  await expect(viewer.getByRole('listitem').filter({ hasText: 'Rolled the key back' })).toBeVisible();
  expect(requests).toEqual([]);
  await viewer.close();
});

test('the action items CSV parses with the tracker columns', async ({ editor, page }) => {
  await editor.open();
  await fill(editor, page);
  await openDialog(page);
  const { download, text } = await editor.download('Download action items (CSV)');
  expect(download.suggestedFilename()).toBe('checkout-declined-cards-after-a-key-rotation-actions.csv');
  const rows = parseCsv(text);
  expect(rows).toEqual([
    ['title', 'description', 'owner', 'due', 'done'],
    ['Add a gateway key check, then "canary" it', '', 'Tomasz Owner', '2025-04-01', 'true'],
    // A formula is neutralised with a leading apostrophe.
    ['\'=HYPERLINK("http://evil.example")', '', 'Zoë, Ops', '', 'false'],
  ]);
});

test('the customer version leaves out names, notes and the sections chosen out', async ({ editor, page }) => {
  await editor.open();
  await fill(editor, page);
  const dialog = await openDialog(page);
  const preview = dialog.getByRole('region', { name: 'Customer version preview' });
  await expect(preview).toContainText(SUMMARY);
  await expect(preview).toContainText('Decline alert fired');
  // Not a key moment: an investigation stays inside the team.
  await expect(preview).not.toContainText('Checked the database');
  await dialog.getByRole('checkbox', { name: 'Timeline' }).uncheck();
  await expect(preview).not.toContainText('Decline alert fired');

  const { download, text } = await editor.download('Download customer HTML');
  expect(download.suggestedFilename()).toBe('checkout-declined-cards-after-a-key-rotation-customer.html');
  expect(outsideReferences(text)).toEqual([]);
  expect(text).toContain(SUMMARY);
  expect(text).toContain('Checkout failed for card users.');
  expect(text).toContain('Add a gateway key check');
  for (const internal of ['Tomasz Owner', 'Priya Author', 'Zoë, Ops', '2025-04-01', 'Decline alert fired', '<h2>Timeline</h2>']) {
    expect(text, internal).not.toContain(internal);
  }

  await dialog.getByRole('button', { name: 'Copy customer version' }).click();
  await expect(dialog.getByRole('status', { name: 'Share and export status' })).toContainText('Copied the customer version');
  const html = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    return (await item.getType('text/html')).text();
  });
  expect(html).toContain('Checkout failed for card users.');
  expect(html).not.toContain('Tomasz Owner');
  expect(html).not.toContain('Decline alert fired');
});

test('the open dialog has no accessibility violations, and Escape closes it', async ({ editor, page }) => {
  await editor.open();
  await fill(editor, page);
  const dialog = await openDialog(page);
  await expect(dialog.getByRole('region', { name: 'Customer version preview' })).toContainText(SUMMARY);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }))).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('on a phone the dialog opens from the More menu', async ({ editor, page }) => {
  await page.setViewportSize({ width: 412, height: 860 });
  await editor.open();
  await editor.field('Title').fill(TITLE);
  await page.getByRole('button', { name: 'More actions' }).click();
  const dialog = await openDialog(page);
  await expect(dialog.getByRole('button', { name: 'Download HTML' })).toBeInViewport();
  // No tasks yet: the CSV button says why it is off.
  await expect(dialog.getByRole('button', { name: 'Download action items (CSV)' })).toBeDisabled();
  await expect(dialog).toContainText('No tasks yet');
});
