// A browser that crashes loses at most the last second of typing. Chromium writes localStorage
// to disk seconds after a save; the crash journal (IndexedDB, strict durability) holds the open
// draft a few hundred milliseconds after each change and is read back at start.
//
// One persistent profile; each trial starts the browser, types into Summary at a person's pace
// and kills every process of the browser with SIGKILL at a seeded random moment 0.2 to 2.6 s
// after the typing began; the next start measures how much of that typing came back.
import { chromium, type BrowserContext } from '@playwright/test';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { test, expect, EditorPage } from '../fixtures/editor';

/** A small seeded PRNG (mulberry32): the same trials on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process group of a process (`/proc/PID/stat`: pid (comm) state ppid pgrp ...). */
async function groupOf(pid: number | 'self'): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

/** The process group of the browser started on `profile` (its main process has the profile in
 * its command line and no `--type=`). Playwright starts the browser detached, in a group of its
 * own; never this test's own group. */
async function browserGroup(profile: string): Promise<number> {
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const args = await readFile(`/proc/${name}/cmdline`, 'utf8').then((t) => t.split('\0'), () => []);
    if (!args.includes(`--user-data-dir=${profile}`) || args.some((a) => a.startsWith('--type='))) continue;
    const group = await groupOf(Number(name));
    if (group === (await groupOf('self'))) throw new Error('the browser shares this test’s process group');
    return group;
  }
  throw new Error(`no browser process for ${profile}`);
}

/** Whether any process of group `pgid` is still alive. */
async function groupAlive(pgid: number): Promise<boolean> {
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) return true;
  }
  return false;
}

test('a browser killed while typing loses at most the last second of it', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const trials = 6;
  const random = prng(13);
  const profile = await mkdtemp(join(tmpdir(), 'pm-crash-'));
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  const launch = async (): Promise<{ context: BrowserContext; editor: EditorPage; pgid: number }> => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      baseURL,
    });
    context.on('request', (r) => {
      if (new URL(r.url()).origin !== origin) foreign.push(r.url());
    });
    const editor = new EditorPage(context.pages()[0] ?? (await context.newPage()));
    await editor.open();
    return { context, editor, pgid: await browserGroup(profile) };
  };
  /** The Summary once the start-up recovery had time to run: as soon as it shows `want`, or
   * what it shows after 1.5 s. */
  const summaryAfterStart = async (editor: EditorPage, want: string) => {
    let got = '';
    for (const deadline = Date.now() + 1500; Date.now() < deadline; await sleep(50)) {
      got = await editor.field('Summary').inputValue();
      if (got === want) break;
    }
    return got;
  };

  const results: { typed: number; lost: number; lastSecond: number; killedAfter: number }[] = [];
  try {
    // A draft that is on disk: typed, then the browser closed normally.
    let { context, editor, pgid } = await launch();
    await editor.field('Title').fill('Crash trials');
    await context.close();
    ({ context, editor, pgid } = await launch());
    let before = await editor.field('Summary').inputValue();

    for (let trial = 0; trial < trials; trial++) {
      const killAfter = 200 + Math.floor(random() * 2400);
      const words = `trial ${trial} resolvers timed out while the cache was cold`;
      await sleep(300); // a person looks before typing
      await editor.field('Summary').focus();
      await editor.page.keyboard.press('Control+End');
      const typedAt: number[] = [];
      let typed = '';
      const start = Date.now();
      const typing = (async () => {
        for (const ch of ` ${words}`.repeat(4)) {
          await editor.page.keyboard.type(ch);
          typed += ch;
          typedAt.push(Date.now());
          await sleep(60 + Math.floor(random() * 100)); // 60 to 160 ms between keys
        }
      })().catch(() => {}); // the page goes away mid-word
      await sleep(Math.max(0, start + killAfter - Date.now()));
      process.kill(-pgid, 'SIGKILL');
      const killedAt = Date.now();
      const typedBeforeKill = typed;
      const lastSecond = typedAt.filter((t) => t > killedAt - 1000).length;
      while (await groupAlive(pgid)) await sleep(20);
      await typing;
      await context.close().catch(() => {});

      ({ context, editor, pgid } = await launch());
      const want = before + typedBeforeKill;
      const got = await summaryAfterStart(editor, want);
      // Lost: every character from the first difference on (a key in flight at the kill may
      // also have arrived: that is not a loss).
      let same = 0;
      while (same < want.length && want[same] === got[same]) same++;
      results.push({ typed: typedBeforeKill.length, lost: want.length - same, lastSecond, killedAfter: killedAt - start });
      before = got;
    }
    await context.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  for (const [n, r] of results.entries()) {
    console.log(
      `crash trial ${n}: killed ${r.killedAfter} ms after typing began; typed ${r.typed}, lost ${r.lost}, typed in the last second ${r.lastSecond}`,
    );
  }
  console.log(
    `crash trials: ${results.length}; characters lost: ${results.map((r) => r.lost).join(', ')} (of ${results.map((r) => r.typed).join(', ')})`,
  );
  expect(foreign).toEqual([]);
  for (const r of results) expect(r.lost, JSON.stringify(r)).toBeLessThanOrEqual(r.lastSecond);
});
