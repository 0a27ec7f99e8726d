// Building the timeline from what the user already has (issue 17): text pasted into the "Paste
// into timeline" dialog, in every format family the reader knows; a file dropped on the Timeline
// section; unchecking, kinds, Insert as one undo step; live notes stamped with the time now.
// The samples are written for these tests (no real incident's text).
import { test, expect, type EditorPage } from '../fixtures/editor';
import type { Page, Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The page's clock: 2025-03-11 10:00 UTC (for "Today", `kubectl` ages and live notes). */
const NOW = new Date('2025-03-11T10:00:00Z');

async function start(editor: EditorPage, page: Page, zone = '') {
  await page.clock.setFixedTime(NOW);
  await editor.open();
  await editor.field('Incident date').fill('2025-03-11');
  if (zone) await editor.field('Time zone').fill(zone);
}

function dialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Paste into timeline' });
}

/** Opens the dialog and types `text` into its box as a paste does (one input event). */
async function paste(page: Page, text: string) {
  await page.getByRole('button', { name: 'Paste into timeline…' }).click();
  const box = dialog(page).getByLabel('Text to read');
  await box.focus();
  await page.keyboard.insertText(text);
}

/** The timeline as the form shows it: [time, text] per row, top to bottom. */
async function rows(editor: EditorPage): Promise<string[][]> {
  const values = (label: string) =>
    editor.timeline
      .getByLabel(label, { exact: true })
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  const [times, texts] = [await values('Time'), await values('What happened')];
  return times.map((t, i) => [t, texts[i]]);
}

async function kinds(editor: EditorPage): Promise<string[]> {
  return editor.timeline
    .getByLabel('Kind', { exact: true })
    .evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
}

async function insertAll(page: Page, n: number) {
  const label = n === 1 ? 'Insert 1 entry' : `Insert ${n} entries`;
  await dialog(page).getByRole('button', { name: label }).click();
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
    n === 1 ? 'Inserted 1 entry' : `Inserted ${n} entries`,
  );
}

type Case = { name: string; text: string; rows: string[][]; kinds?: string[]; zone?: string };

const CASES: Case[] = [
  {
    name: 'a Slack copy with day separators, a join and reactions',
    text: [
      'Monday, March 10th',
      'Priya Nair  11:52 PM',
      'queue depth on orders-worker passed 40k',
      'Today',
      'Priya Nair  12:04 AM',
      'consumers are stuck on a poison message',
      'Tom Becker joined #inc-orders',
      'Tom Becker  12:07 AM',
      'paging the payments on-call',
      ':eyes: 2',
      'Tom Becker  12:09 AM',
      'moved the poison message aside, mitigated',
    ].join('\n'),
    rows: [
      ['2025-03-10 23:52', 'Priya Nair: queue depth on orders-worker passed 40k'],
      ['00:04', 'Priya Nair: consumers are stuck on a poison message'],
      ['00:07', 'Tom Becker: paging the payments on-call'],
      ['00:09', 'Tom Becker: moved the poison message aside, mitigated'],
    ],
    kinds: ['', '', 'escalation', 'mitigation'],
  },
  {
    name: 'a Microsoft Teams copy',
    text: [
      '[3/11/2025 9:14 AM] Lena Vogt: VPN gateway rejecting new sessions',
      '[3/11/2025 9:16 AM] Marco Silva: acknowledged, checking the cert store',
      '[3/11/2025 10:02 AM] Lena Vogt: resolved after the cert rotation',
    ].join('\n'),
    rows: [
      ['09:14', 'Lena Vogt: VPN gateway rejecting new sessions'],
      ['09:16', 'Marco Silva: acknowledged, checking the cert store'],
      ['10:02', 'Lena Vogt: resolved after the cert rotation'],
    ],
    kinds: ['', 'acknowledgement', 'resolution'],
  },
  {
    name: 'an IRC / Matrix log',
    text: [
      '[13:05] <kira> dns lookups for internal.example failing',
      '[13:05] -!- bo [~bo@10.0.0.3] has joined #noc',
      '[13:06] <bo> ack',
      '[13:21] <kira> rolled back the resolver config',
    ].join('\n'),
    rows: [
      ['13:05', 'kira: dns lookups for internal.example failing'],
      ['13:06', 'bo: ack'],
      ['13:21', 'kira: rolled back the resolver config'],
    ],
    kinds: ['', 'acknowledgement', 'mitigation'],
  },
  {
    name: 'a Discord copy',
    text: [
      'Sol — Today at 7:40 PM',
      'matchmaking queue stuck at 0 players',
      'Rin — Today at 7:46 PM',
      'escalated to the platform team',
    ].join('\n'),
    rows: [
      ['19:40', 'Sol: matchmaking queue stuck at 0 players'],
      ['19:46', 'Rin: escalated to the platform team'],
    ],
  },
  {
    name: 'a Mattermost copy',
    text: [
      'ivy.chen',
      '8:30 AM',
      'backups to the cold bucket failing since 02:00',
      '',
      'omar.haddad',
      '8:41 AM',
      'investigating, the credentials expired',
    ].join('\n'),
    rows: [
      ['08:30', 'ivy.chen: backups to the cold bucket failing since 02:00'],
      ['08:41', 'omar.haddad: investigating, the credentials expired'],
    ],
  },
  {
    name: 'RFC 3339 log lines',
    text: [
      '2025-03-11T06:10:03Z ERROR billing: ledger write failed: deadlock detected',
      '2025-03-11T07:25:40+01:00 INFO billing: retry queue drained',
    ].join('\n'),
    rows: [
      ['06:10:03', 'ERROR billing: ledger write failed: deadlock detected'],
      ['07:25:40 UTC+1', 'INFO billing: retry queue drained'],
    ],
  },
  {
    name: 'syslog lines',
    text: [
      'Mar 11 04:02:17 lb-2 haproxy[3310]: backend api has no server available!',
      'Mar 11 04:09:00 lb-2 systemd[1]: haproxy.service: Reloaded',
    ].join('\n'),
    rows: [
      ['04:02:17', 'haproxy: backend api has no server available!'],
      ['04:09', 'systemd: haproxy.service: Reloaded'],
    ],
  },
  {
    name: 'journald output with its markers',
    text: [
      '-- Logs begin at Sun 2025-03-09 00:00:02 UTC, end at Tue 2025-03-11 09:00:00 UTC. --',
      'Mar 11 07:45:12 mq-1 rabbitmq-server[611]: memory alarm set, publishers blocked',
      '-- Reboot --',
      'Mar 11 07:52:30 mq-1 systemd[1]: Started RabbitMQ broker.',
    ].join('\n'),
    rows: [
      ['07:45:12', 'rabbitmq-server: memory alarm set, publishers blocked'],
      ['07:52:30', 'systemd: Started RabbitMQ broker.'],
    ],
  },
  {
    name: 'an nginx access log',
    text: [
      '192.0.2.15 - - [11/Mar/2025:12:00:01 +0000] "GET /v1/quotes HTTP/1.1" 503 88 "-" "curl/8.5"',
      '192.0.2.16 - - [11/Mar/2025:12:00:09 +0000] "POST /v1/orders HTTP/2.0" 503 0 "-" "shop-app/2.4"',
    ].join('\n'),
    rows: [
      ['12:00:01', 'GET /v1/quotes 503'],
      ['12:00:09', 'POST /v1/orders 503'],
    ],
  },
  {
    name: 'kubectl get events (ages counted from the time now)',
    text: [
      'LAST SEEN   TYPE      REASON      OBJECT                  MESSAGE',
      '15m         Warning   Unhealthy   pod/search-5c8d-q7m2    Readiness probe failed: HTTP probe failed with statuscode: 500',
      '4m          Normal    Killing     pod/search-5c8d-q7m2    Stopping container search',
    ].join('\n'),
    rows: [
      ['09:45', 'Warning Unhealthy pod/search-5c8d-q7m2: Readiness probe failed: HTTP probe failed with statuscode: 500'],
      ['09:56', 'Normal Killing pod/search-5c8d-q7m2: Stopping container search'],
    ],
  },
  {
    name: 'a PagerDuty incident log copied from its page',
    text: [
      'Mar 11, 2025 at 2:31 PM',
      'Triggered through the Datadog integration: Search latency p99 above 2s',
      'Mar 11, 2025 at 2:35 PM',
      'Acknowledged by Noor Aziz',
      'Mar 11, 2025 at 3:10 PM',
      'Resolved by Noor Aziz',
    ].join('\n'),
    rows: [
      ['14:31', 'Triggered through the Datadog integration: Search latency p99 above 2s'],
      ['14:35', 'Acknowledged by Noor Aziz'],
      ['15:10', 'Resolved by Noor Aziz'],
    ],
    kinds: ['detection', 'acknowledgement', 'resolution'],
  },
  {
    name: 'an Opsgenie log copied from its page, with a zone note',
    text: [
      'All times in UTC+1',
      '11 Mar 2025 16:05 Alert created by Prometheus: replication lag on pg-3',
      '11 Mar 2025 16:07 Alert acknowledged by Felix Brandt',
      '11 Mar 2025 16:40 Alert closed by Felix Brandt',
    ].join('\n'),
    rows: [
      ['16:05 UTC+1', 'Alert created by Prometheus: replication lag on pg-3'],
      ['16:07 UTC+1', 'Alert acknowledged by Felix Brandt'],
      ['16:40 UTC+1', 'Alert closed by Felix Brandt'],
    ],
    kinds: ['detection', 'acknowledgement', 'resolution'],
  },
  {
    name: 'a PagerDuty CSV export',
    text: [
      'Created At,Type,Agent,Summary',
      '2025-03-11T14:31:00Z,trigger_log_entry,,Triggered: search latency',
      '2025-03-11T14:35:20Z,acknowledge_log_entry,Noor Aziz,Acknowledged by Noor Aziz',
      '2025-03-11T15:10:02Z,resolve_log_entry,Noor Aziz,Resolved by Noor Aziz',
    ].join('\n'),
    rows: [
      ['14:31', 'Triggered: search latency'],
      ['14:35:20', 'Noor Aziz: Acknowledged by Noor Aziz'],
      ['15:10:02', 'Noor Aziz: Resolved by Noor Aziz'],
    ],
    kinds: ['detection', 'acknowledgement', 'resolution'],
  },
  {
    name: 'an Opsgenie CSV export',
    text: [
      '"Time","Action","Owner","Details"',
      '"2025-03-11 16:05:00","Create","","Alert created, priority P3"',
      '"2025-03-11 16:07:30","Acknowledge","Felix Brandt","Acknowledged via the app"',
    ].join('\n'),
    rows: [
      ['16:05', 'Alert created, priority P3'],
      ['16:07:30', 'Felix Brandt: Acknowledged via the app'],
    ],
  },
  {
    name: 'a CSV with a time column',
    text: [
      'Timestamp,What,Who',
      '09:00,Deploy of pricing v12 started,Ravi',
      '09:12,Conversion alert fired,monitoring',
      '09:30,pricing v12 rolled back,Ravi',
    ].join('\n'),
    rows: [
      ['09:00', 'Ravi: Deploy of pricing v12 started'],
      ['09:12', 'monitoring: Conversion alert fired'],
      ['09:30', 'Ravi: pricing v12 rolled back'],
    ],
    kinds: ['', 'detection', 'mitigation'],
  },
  {
    name: 'plain notes',
    text: [
      'What we saw',
      '- 10:15 first customer ticket about double charges',
      '- 10:32 refunds job paused',
      '10:40 - support escalates to the payments team',
    ].join('\n'),
    rows: [
      ['10:15', 'first customer ticket about double charges'],
      ['10:32', 'refunds job paused'],
      ['10:40', 'support escalates to the payments team'],
    ],
  },
];

for (const c of CASES) {
  test(`pasting ${c.name} fills the timeline`, async ({ editor, page }) => {
    await start(editor, page, c.zone);
    await paste(page, c.text);
    await expect(dialog(page).getByRole('checkbox')).toHaveCount(c.rows.length);
    await insertAll(page, c.rows.length);
    expect(await rows(editor)).toEqual(c.rows);
    if (c.kinds) expect(await kinds(editor)).toEqual(c.kinds);
  });
}

test('a real clipboard paste is read as it lands, and the lines left out say why', async ({ editor, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await start(editor, page);
  const text = '[11:02] <mo> cdn purge stuck\n[11:02] -!- pat has joined #ops\n[11:09] <pat> ack';
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.getByRole('button', { name: 'Paste into timeline…' }).click();
  await dialog(page).getByLabel('Text to read').focus();
  await page.keyboard.press('Control+V');
  await expect(dialog(page).getByText('2 entries read:')).toBeVisible();
  await expect(dialog(page).getByRole('checkbox', { name: /11:02\s*mo\s*cdn purge stuck/ })).toBeChecked();
  const left = dialog(page).locator('details', { hasText: '1 line left out' });
  await left.getByText('1 line left out').click();
  await expect(left).toContainText('someone joined or left');
});

test('an unchecked entry is left out, and a changed kind is kept', async ({ editor, page }) => {
  await start(editor, page);
  await paste(page, '- 10:15 first ticket\n- 10:20 second ticket\n- 10:31 found the cause: a stale cache');
  await dialog(page).getByRole('checkbox', { name: /second ticket/ }).uncheck();
  await dialog(page).getByLabel('Kind of entry 1').selectOption('detection');
  await insertAll(page, 2);
  expect(await rows(editor)).toEqual([
    ['10:15', 'first ticket'],
    ['10:31', 'found the cause: a stale cache'],
  ]);
  expect(await kinds(editor)).toEqual(['detection', 'cause identified']);
});

test('pasted entries go among the timeline in time order; Ctrl+Z and the toast undo the insert', async ({ editor, page }) => {
  await start(editor, page);
  await editor.addEntry('09:00', 'pricing v12 deployed');
  await editor.addEntry('09:40', 'all clear');
  const before = await rows(editor);
  const text = '09:45 postmortem scheduled\n08:50 canary looked fine\n09:12 conversion alert fired';

  await paste(page, text);
  await insertAll(page, 3);
  expect(await rows(editor)).toEqual([
    ['08:50', 'canary looked fine'],
    ['09:00', 'pricing v12 deployed'],
    ['09:12', 'conversion alert fired'],
    ['09:40', 'all clear'],
    ['09:45', 'postmortem scheduled'],
  ]);
  // Focus is back on the button that opened the dialog: Ctrl+Z undoes the whole insert.
  await expect(page.getByRole('button', { name: 'Paste into timeline…' })).toBeFocused();
  await page.keyboard.press('Control+z');
  expect(await rows(editor)).toEqual(before);

  await paste(page, text);
  await insertAll(page, 3);
  await expect(editor.timeline).toHaveCount(5);
  await page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Undo' }).click();
  await expect(editor.timeline).toHaveCount(2);
  expect(await rows(editor)).toEqual(before);
});

test('the zone box reads times without a zone in the zone chosen', async ({ editor, page }) => {
  await start(editor, page, 'UTC');
  await paste(page, '14:05 failover started\n2025-03-11T14:30:00Z failover done');
  await dialog(page).getByLabel('Times without a zone are in').fill('UTC-5');
  await expect(dialog(page).getByRole('checkbox', { name: /14:05 UTC-5/ })).toBeVisible();
  await insertAll(page, 2);
  // 14:05 at UTC-5 is 19:05 UTC: after 14:30 UTC.
  expect(await rows(editor)).toEqual([
    ['14:30', 'failover done'],
    ['14:05 UTC-5', 'failover started'],
  ]);
});

test('Alt+Shift+N adds an entry stamped with the time now, ready to type into', async ({ editor, page }) => {
  await start(editor, page, 'UTC+1');
  await editor.field('Title').click();
  await page.keyboard.press('Alt+Shift+N');
  await expect(editor.timeline).toHaveCount(1);
  await expect(editor.entry(0).getByLabel('What happened', { exact: true })).toBeFocused();
  await page.keyboard.type('rolled back the resolver');
  expect(await rows(editor)).toEqual([['11:00', 'rolled back the resolver']]);
  await page.getByRole('button', { name: 'Add entry now' }).click();
  await expect(editor.timeline).toHaveCount(2);
  await expect(editor.entry(1).getByLabel('What happened', { exact: true })).toBeFocused();
  expect((await rows(editor))[1]).toEqual(['11:00', '']);
});

async function drop(page: Page, selector: string, name: string, content: string | number[]) {
  const transfer = await page.evaluateHandle(
    ([name, content]) => {
      const dt = new DataTransfer();
      const bytes = typeof content === 'string' ? content : new Uint8Array(content as number[]);
      dt.items.add(new File([bytes], name as string));
      return dt;
    },
    [name, content] as const,
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

test('a .log file dropped on the Timeline opens the dialog with its text', async ({ editor, page }) => {
  await start(editor, page);
  const log = 'Mar 11 04:02:17 lb-2 haproxy[3310]: backend api has no server available!\nMar 11 04:09:00 lb-2 systemd[1]: haproxy.service: Reloaded\n';
  await drop(page, '#section-timeline .hint', 'lb-2.log', log);
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByLabel('Text to read')).toHaveValue(log);
  await insertAll(page, 2);
  expect(await rows(editor)).toEqual([
    ['04:02:17', 'haproxy: backend api has no server available!'],
    ['04:09', 'systemd: haproxy.service: Reloaded'],
  ]);
  // The draft opened is the same one: nothing was imported.
  await expect(editor.field('Incident date')).toHaveValue('2025-03-11');
});

test('a binary file dropped on the Timeline is refused with a message and changes nothing', async ({ editor, page }) => {
  await start(editor, page);
  await editor.addEntry('09:00', 'kept as it is');
  await drop(page, '#section-timeline', 'capture.log', [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48]);
  await expect(dialog(page).getByRole('alert')).toContainText('capture.log was not read: the file is not text');
  await expect(dialog(page).getByRole('button', { name: /^Insert/ })).toBeDisabled();
  await dialog(page).getByRole('button', { name: 'Cancel' }).click();
  expect(await rows(editor)).toEqual([['09:00', 'kept as it is']]);
  await expect(editor.field('Incident date')).toHaveValue('2025-03-11');
});

test('a Markdown file dropped on the Timeline is still imported as a new draft', async ({ editor, page }) => {
  await start(editor, page);
  const md = '# Cold storage backups failed\n\n## Timeline\n\n- 02:00 first failed upload\n- 08:41 credentials renewed\n';
  await drop(page, '#section-timeline', 'backups.md', md);
  await expect(editor.field('Title')).toHaveValue('Cold storage backups failed');
  await expect(editor.timeline).toHaveCount(2);
  await expect(dialog(page)).toBeHidden();
});

test('the paste dialog has no accessibility violations', async ({ editor, page }) => {
  await start(editor, page);
  await paste(page, 'Today\n[11:02] <mo> cdn purge stuck\n[11:09] <pat> ack, purging again');
  await expect(dialog(page).getByRole('checkbox')).toHaveCount(2);
  await dialog(page).getByText('1 line left out').click();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }))).toEqual([]);
});

test('a long paste lists its first 200 entries, shows the rest on request and inserts them all', async ({ editor, page }) => {
  // Drawing 210 rows, then 209 timeline rows, takes seconds on a busy 2-core machine.
  test.setTimeout(90_000);
  // Without the fixed clock: under Playwright's page.clock, Show all did not redraw the list
  // (not understood yet; see the report of the branch).
  await editor.open();
  await editor.field('Incident date').fill('2025-03-11');
  const lines = Array.from({ length: 210 }, (_, i) => {
    const [h, m] = [8 + Math.floor(i / 60), i % 60];
    return `- ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')} step ${i + 1}`;
  });
  await paste(page, lines.join('\n'));
  await expect(dialog(page).getByText('210 entries read:')).toBeVisible();
  await expect(dialog(page).getByRole('checkbox')).toHaveCount(200, { timeout: 20_000 });
  await expect(dialog(page).getByText('Showing the first 200 of 210 entries')).toBeVisible();
  await dialog(page).getByRole('button', { name: 'Show all' }).click();
  await expect(dialog(page).getByRole('checkbox')).toHaveCount(210, { timeout: 20_000 });
  await dialog(page).getByRole('checkbox', { name: /step 210$/ }).uncheck();
  await insertAll(page, 209);
  await expect(editor.timeline).toHaveCount(209, { timeout: 20_000 });
  expect((await rows(editor))[208]).toEqual(['11:28', 'step 209']);
});
