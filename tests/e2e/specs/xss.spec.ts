// Nothing a user types can run script or load a remote resource in the preview: the payloads go
// into every kind of field, and the test asserts that no script ran, no request left 127.0.0.1
// (the fixture records every request), and the preview holds no active element.
import { test, expect } from '../fixtures/editor';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const hits: string[] = [];
    (window as any).__xssHits = hits;
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      (window as any)[name] = (...args: unknown[]) => hits.push(`${name}(${args.join(',')})`);
    }
    // Links the user clicks open in a new tab: recorded, not opened (and not an XSS hit).
    const opened: string[] = [];
    (window as any).__opened = opened;
    window.open = ((url: string) => (opened.push(String(url)), null)) as typeof window.open;
  });
});

const ACTIVE = 'script, img, iframe, object, embed, svg, math, style, link, meta, base, form, input:not([type=checkbox]), button, details, video, audio, source, body, table[background]';

test('no payload in any kind of field runs or fetches anything', async ({ editor, page }) => {
  test.setTimeout(120_000);
  expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(30);
  const block = XSS_PAYLOADS.join('\n\n');
  const line = XSS_PAYLOADS.map((p) => p.replace(/\n/g, ' ')).join(' ');
  await editor.open();
  // One-line fields, Markdown blocks, lists, and every kind of list row.
  await editor.field('Title').fill(line);
  await editor.field('Incident date').fill(line);
  await editor.field('Start').fill(line);
  await editor.field('Time zone').fill(line);
  await editor.field('Authors').fill(line);
  await editor.field('Services affected').fill(line);
  await editor.field('Summary').fill(block);
  await editor.field('Impact').fill(block);
  await editor.field('Root cause in one line').fill(block);
  await editor.field('Root cause and resolution, in depth').fill(block);
  await editor.addEntry(line, block);
  await page.getByRole('button', { name: 'Add improvement' }).click();
  await page.getByLabel('Improvement', { exact: true }).fill(block);
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByLabel('Task', { exact: true }).fill(block);
  await page.getByLabel('Owner', { exact: true }).fill(line);
  await page.getByLabel('Due', { exact: true }).fill(line);
  await page.getByRole('button', { name: 'Add section' }).click();
  await page.getByLabel('Section heading').fill(line);
  await page.getByLabel('Section text').fill(block);

  const rendered = editor.preview.locator('.preview');
  await expect(rendered).toContainText('<script>alert(');
  await expect(rendered.locator(ACTIVE)).toHaveCount(0);
  const attrs = await rendered.evaluate((root) =>
    [...root.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].map((a) => `${el.tagName.toLowerCase()} ${a.name}=${a.value}`),
    ),
  );
  expect(attrs.filter((a) => /^\S+ on/i.test(a) || /^\S+ (style|src|srcdoc|action|formaction|background)=/i.test(a))).toEqual([]);
  const hrefs = await rendered.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) expect(href, href).toMatch(/^(#|https?:\/\/|mailto:|\/\/evil\.example)/i);
  expect(hrefs.filter((h) => /script:|^data:/i.test(h))).toEqual([]);

  // Hover and click every link and element: handlers, if any had survived, would fire now.
  for (const link of await rendered.locator('a').all()) {
    await link.hover();
    await link.click({ modifiers: [] });
  }
  await page.getByRole('tab', { name: 'Markdown' }).click();
  const source = editor.preview.locator('#preview-markdown');
  await expect(source).toContainText('<script>alert(');
  expect(await source.evaluate((pre) => pre.children.length)).toBe(0);
  expect(await page.evaluate(() => (window as any).__xssHits)).toEqual([]);
});

test('a pasted Markdown link with a script scheme is neutralised, and clicking it stays on the page', async ({ editor, page }) => {
  await editor.open();
  await editor.field('Summary').fill('See [the runbook](javascript:alert(document.domain)) and [docs](https://docs.example/x).');
  const bad = editor.preview.getByRole('link', { name: 'the runbook' });
  await expect(bad).toHaveAttribute('href', '#');
  const url = page.url();
  await bad.click();
  expect(page.url()).toBe(url);
  expect(await page.evaluate(() => (window as any).__xssHits)).toEqual([]);
});
