// Writing a whole postmortem as a person would, once keyboard-only (counting key presses) and
// once with the mouse (counting clicks), then checking the download holds all of it. The counts
// are printed (and attached to the report) so a change to the form's flow shows in numbers, and
// held to issue 14's goals; nothing may be lost on the way.
//
// Each flow uses what the page offers, found the way a person finds it (the hint under the
// timeline says whether Enter adds the next item everywhere; the Download button's title says
// whether it has a shortcut), so the same test measures an older build too.
import { test, expect, type EditorPage } from '../fixtures/editor';
import type { Locator, Page } from '@playwright/test';

/** A postmortem in the shape people write them: our own words. */
const DOC = {
  title: 'Search results went stale after an index alias swap',
  date: '2025-09-14',
  start: '09:12',
  end: '11:40',
  zone: 'UTC',
  summary:
    'For two and a half hours, product search served results from an index that had stopped receiving updates. New listings did not appear and sold-out items stayed visible.',
  impact: 'About 30% of searches showed stale results; sellers could not find new listings.',
  rootCause: 'A reindex job swapped the search alias to a new index but left the writers pointed at the old one.',
  detection: 'A seller support ticket, then the freshness dashboard.',
  timeline: [
    ['09:12', 'Reindex job swaps the products alias to the new index', ''],
    ['09:55', 'Support ticket: new listings missing from search', 'detection'],
    ['10:05', 'On-call engineer acknowledges the page', 'acknowledgement'],
    ['10:20', 'Search team joins; writers found on the old index', 'escalation'],
    ['10:45', 'Alias pointed back to the old index', 'mitigation'],
    ['11:40', 'Writers moved to the new index and the alias swapped again', 'resolution'],
  ],
  resolution:
    'The reindex job created the new index and moved the read alias, but the write path read the index name from a config map that the job never updated. We moved the alias back, updated the config map, let the new index catch up and swapped again.',
  improvements: [
    ['Writers use the alias', 'Writers resolve the alias instead of a fixed index name'],
    ['Check before swapping', 'The reindex job checks the write path before swapping'],
    ['Freshness alert', 'Alert when the newest document in the index is older than ten minutes'],
  ],
  tasks: [
    ['Alias for writers', 'Point the writers at the alias', 'Mina', '2025-09-30'],
    ['Freshness alert', 'Add a freshness alert', 'Jonas', '2025-10-07'],
    ['Write check', 'Add a write check to the reindex job', 'Mina', '2025-10-14'],
  ],
};

/** The goals of issue 14: at most 60 % of the counts measured when it was filed (201 key
 *  presses; 36 clicks for this document, 24 at most). */
const GOAL = { presses: 120, clicks: 24 };

/** Whether the page says Enter adds the next item in every list. */
async function enterAddsEverywhere(page: Page) {
  return (await page.locator('#section-timeline .hint').innerText()).includes('In every list');
}

/** Whether the page says Enter moves on to the item's next box. */
async function enterMovesOn(page: Page) {
  return (await page.locator('#section-timeline .hint').innerText()).includes('Enter moves to');
}

/** A measure's title box, if the form has one (else the title is typed in bold, as in the .md). */
function titleBox(page: Page, of: 'improvement' | 'task') {
  return page.getByLabel(`Title of the ${of}`, { exact: true });
}

const isFocused = (l: Locator) => l.evaluate((e) => e === document.activeElement);

class Keyboard {
  presses = 0;
  typed = 0;
  constructor(readonly page: Page) {}
  async press(key: string, times = 1) {
    for (let i = 0; i < times; i++) await this.page.keyboard.press(key);
    this.presses += times;
  }
  async type(text: string) {
    await this.page.keyboard.type(text);
    this.typed += text.length;
  }
  /** Tabs (or Shift+Tabs, whichever way is shorter) until `target` has focus. */
  async reach(target: Locator) {
    const forward = await target.evaluate((t) => {
      const a = document.activeElement;
      if (!a || a === document.body) return true;
      return !!(a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    for (let i = 0; i < 600; i++) {
      if (await target.evaluate((t) => t === document.activeElement)) return;
      await this.press(forward ? 'Tab' : 'Shift+Tab');
    }
    throw new Error('could not reach the target by Tab');
  }
}

async function writeByKeyboard(editor: EditorPage, page: Page) {
  const k = new Keyboard(page);
  const enterEverywhere = await enterAddsEverywhere(page);
  const field = (l: string) => editor.field(l);
  const fill = async (l: string, text: string) => {
    await k.reach(field(l));
    await k.type(text);
  };
  // Start in the title, as a fresh page does after one Tab into the form.
  await field('Title').focus();
  await k.type(DOC.title);
  await fill('Incident date', DOC.date);
  await fill('Start', DOC.start);
  await fill('End', DOC.end);
  await fill('Time zone', DOC.zone);
  await fill('Summary', DOC.summary);
  await fill('Impact', DOC.impact);
  // Top to bottom, as the form lists them: the one-line cause and the detection sit with the
  // summary, before the timeline.
  await fill('Root cause in one line', DOC.rootCause);
  await fill('Detection', DOC.detection);
  // The first entry: the Add entry button.
  await k.reach(page.getByRole('button', { name: 'Add entry', exact: true }));
  await k.press('Enter');
  for (const [i, [time, text, kind]] of DOC.timeline.entries()) {
    const row = editor.entry(i);
    await expect(row.getByLabel('Time', { exact: true })).toBeFocused();
    await k.type(time);
    if (kind) {
      await k.reach(row.getByLabel('Kind', { exact: true }));
      await k.type(kind.slice(0, 1));
      await expect(row.getByLabel('Kind', { exact: true })).toHaveValue(kind);
    }
    await k.reach(row.getByLabel('What happened', { exact: true }));
    await k.type(text);
    if (i + 1 < DOC.timeline.length) await k.press('Enter');
  }
  await fill('Root cause and resolution, in depth', DOC.resolution);
  const improvement = page.getByLabel('Improvement', { exact: true });
  for (const [i, [title, text]] of DOC.improvements.entries()) {
    if (i === 0 || !enterEverywhere) {
      await k.reach(page.getByRole('button', { name: 'Add improvement' }));
    }
    await k.press('Enter');
    if (await titleBox(page, 'improvement').count()) {
      await expect(titleBox(page, 'improvement').nth(i)).toBeFocused();
      await k.type(title);
      await k.reach(improvement.nth(i));
      await k.type(text);
    } else {
      await expect(improvement.nth(i)).toBeFocused();
      await k.type(`**${title}:** ${text}`);
    }
  }
  for (const [i, [title, text, owner, due]] of DOC.tasks.entries()) {
    if (i === 0 || !enterEverywhere) {
      await k.reach(page.getByRole('button', { name: 'Add task' }));
    }
    await k.press('Enter');
    const task = page.getByLabel('Task', { exact: true }).nth(i);
    if (await titleBox(page, 'task').count()) {
      await expect(titleBox(page, 'task').nth(i)).toBeFocused();
      await k.type(title);
      await k.reach(task);
      await k.type(text);
    } else {
      await expect(task).toBeFocused();
      await k.type(`**${title}:** ${text}`);
    }
    await k.reach(page.getByLabel('Owner', { exact: true }).nth(i));
    await k.type(owner);
    await k.reach(page.getByLabel('Due', { exact: true }).nth(i));
    await k.type(due);
  }
  const download = page.getByRole('button', { name: 'Download .md' });
  const shortcut = ((await download.getAttribute('title')) ?? '').includes('Ctrl+S');
  const downloaded = page.waitForEvent('download');
  if (shortcut) {
    await k.press('Control+s');
  } else {
    await k.reach(download);
    await k.press('Enter');
  }
  return { k, download: await downloaded };
}

class Mouse {
  clicks = 0;
  keys = 0;
  constructor(readonly page: Page) {}
  async click(target: Locator) {
    await target.click();
    this.clicks++;
  }
  /** A native select takes two clicks: open it, pick the option. */
  async choose(select: Locator, value: string) {
    await select.selectOption(value);
    this.clicks += 2;
  }
  async type(text: string) {
    await this.page.keyboard.type(text);
  }
  async enter() {
    await this.page.keyboard.press('Enter');
    this.keys++;
  }
  /** Goes on to `target`: nothing if the caret is already there, Enter if the page says Enter
   *  moves to the next box (and it lands there), else a click. */
  async goTo(target: Locator, enterMoves: boolean) {
    if (await isFocused(target)) return;
    if (enterMoves) {
      await this.enter();
      if (await isFocused(target)) return;
    }
    await this.click(target);
  }
}

async function writeByMouse(editor: EditorPage, page: Page) {
  const m = new Mouse(page);
  const enterEverywhere = await enterAddsEverywhere(page);
  const enterMoves = await enterMovesOn(page);
  const fill = async (l: string, text: string) => {
    await m.click(editor.field(l));
    await m.type(text);
  };
  await fill('Title', DOC.title);
  await fill('Incident date', DOC.date);
  await fill('Start', DOC.start);
  await fill('End', DOC.end);
  await fill('Time zone', DOC.zone);
  await fill('Summary', DOC.summary);
  await fill('Impact', DOC.impact);
  await fill('Root cause in one line', DOC.rootCause);
  await fill('Detection', DOC.detection);
  for (const [i, [time, text, kind]] of DOC.timeline.entries()) {
    // Enter at the end of an entry's text adds the next one (the hint says so), in every build.
    if (i === 0) await m.click(page.getByRole('button', { name: 'Add entry', exact: true }));
    const row = editor.entry(i);
    await expect(row.getByLabel('Time', { exact: true })).toBeFocused();
    await m.type(time);
    if (kind) {
      // A kind the row offers as one button is one click; a select takes two.
      const pick = row.getByRole('button', { name: kind, exact: true });
      if (await pick.isVisible()) {
        await m.click(pick);
        await expect(row).toHaveAttribute('data-kind', kind.replace(' ', '-'));
      } else {
        await m.choose(row.getByLabel('Kind', { exact: true }), kind);
      }
    }
    await m.goTo(row.getByLabel('What happened', { exact: true }), enterMoves);
    await m.type(text);
    if (i + 1 < DOC.timeline.length) await m.enter();
  }
  await fill('Root cause and resolution, in depth', DOC.resolution);
  const improvement = page.getByLabel('Improvement', { exact: true });
  for (const [i, [title, text]] of DOC.improvements.entries()) {
    if (i === 0 || !enterEverywhere) await m.click(page.getByRole('button', { name: 'Add improvement' }));
    else await m.enter();
    if (await titleBox(page, 'improvement').count()) {
      await expect(titleBox(page, 'improvement').nth(i)).toBeFocused();
      await m.type(title);
      await m.goTo(improvement.nth(i), enterMoves);
      await m.type(text);
    } else {
      await expect(improvement.nth(i)).toBeFocused();
      await m.type(`**${title}:** ${text}`);
    }
  }
  for (const [i, [title, text, owner, due]] of DOC.tasks.entries()) {
    if (i === 0 || !enterEverywhere) await m.click(page.getByRole('button', { name: 'Add task' }));
    else await m.enter();
    const task = page.getByLabel('Task', { exact: true }).nth(i);
    if (await titleBox(page, 'task').count()) {
      await expect(titleBox(page, 'task').nth(i)).toBeFocused();
      await m.type(title);
      await m.goTo(task, enterMoves);
      await m.type(text);
    } else {
      await expect(task).toBeFocused();
      await m.type(`**${title}:** ${text}`);
    }
    await m.goTo(page.getByLabel('Owner', { exact: true }).nth(i), enterMoves);
    await m.type(owner);
    await m.goTo(page.getByLabel('Due', { exact: true }).nth(i), enterMoves);
    await m.type(due);
  }
  const downloaded = page.waitForEvent('download');
  await m.click(page.getByRole('button', { name: 'Download .md' }));
  return { m, download: await downloaded };
}

async function expectWholeDocument(text: string) {
  for (const part of [
    DOC.title,
    DOC.summary,
    DOC.impact,
    DOC.rootCause,
    DOC.detection,
    DOC.resolution,
    ...DOC.timeline.map((e) => e[1]),
    // Measures with a title are written as people write them: `**Title:** description`.
    ...DOC.improvements.map(([title, text]) => `- **${title}:** ${text}`),
    ...DOC.tasks.map(([title, text, owner, due]) => `- [ ] **${title}:** ${text} (owner: ${owner}, due ${due})`),
  ]) {
    expect(text, `the download holds “${part}”`).toContain(part);
  }
}

test('a whole postmortem written keyboard-only: key presses counted', async ({ editor, page }, info) => {
  test.setTimeout(180_000);
  await editor.open();
  const { k, download } = await writeByKeyboard(editor, page);
  const { readFile } = await import('node:fs/promises');
  await expectWholeDocument(await readFile(await download.path(), 'utf8'));
  const counts = { navigation_presses: k.presses, characters_typed: k.typed, total: k.presses + k.typed };
  console.log(`keyboard flow: ${JSON.stringify(counts)}`);
  await info.attach('keyboard-flow.json', { body: JSON.stringify(counts), contentType: 'application/json' });
  expect(k.presses, 'key presses other than typing').toBeLessThanOrEqual(GOAL.presses);
});

test('a whole postmortem written with the mouse: clicks counted', async ({ editor, page }, info) => {
  test.setTimeout(180_000);
  await editor.open();
  const { m, download } = await writeByMouse(editor, page);
  const { readFile } = await import('node:fs/promises');
  await expectWholeDocument(await readFile(await download.path(), 'utf8'));
  const counts = { clicks: m.clicks, enter_presses: m.keys };
  console.log(`mouse flow: ${JSON.stringify(counts)}`);
  await info.attach('mouse-flow.json', { body: JSON.stringify(counts), contentType: 'application/json' });
  expect(m.clicks, 'mouse clicks').toBeLessThanOrEqual(GOAL.clicks);
});
