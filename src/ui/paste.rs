//! Building the timeline from what the user already has (issue 17): the "Paste into timeline"
//! dialog (text pasted, typed or dropped as a file, read by [`paste::read`] as the user types,
//! the entries listed with a checkbox and a kind each, the lines left out with why), and live
//! notes ("Add entry now", Alt+Shift+N: an entry stamped with the time on the document's
//! clock). What is decided lives in `paste` (`read`, `insert`, `shell`); this file only wires
//! the page to it. Insert is one [`Edit`] (one undo step) through [`Editor::edit`].

use super::editor::Editor;
use super::fields::{focus_later, item_field_id};
use super::import::Importer;
use super::toast::Toaster;
use super::zones::IntlZones;
use crate::model::time::parse_zone;
use crate::model::{Edit, EntryKind, Item, ItemField, Postmortem, TimelineEntry, decimal};
use crate::paste::shell::{self, MAX_FILE_BYTES};
use crate::paste::{self, PastedEntry, Reason, Skipped};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// A read that took longer than this makes the next reads wait for a pause in typing.
const SLOW_READ_MS: f64 = 16.0;
/// A text longer than this is read once typing pauses (its list takes a while to draw).
const LONG_TEXT: usize = 20_000;
/// How many entries the list draws at first: drawing a row costs far more than reading it
/// (a 5,000-line paste reads in milliseconds; 3,000 rows with a select each take seconds to
/// draw). The rest are inserted all the same, and "Show all" draws them.
const FIRST_ROWS: usize = 200;
/// How long typing must pause before a slow text is read again.
const PAUSE: Duration = Duration::from_millis(150);

/// One entry read, as the dialog lists it.
struct Row {
    entry: PastedEntry,
    /// What the timeline's time box will show.
    time: String,
    checked: bool,
}

/// The dialog's state, shared by the Timeline section's buttons and drop target, the dialog
/// and the live-note shortcut. Provided by the app.
#[derive(Clone, Copy)]
pub struct Paster {
    editor: Editor,
    toaster: Toaster,
    importer: Importer,
    dialog: NodeRef<leptos::html::Dialog>,
    text: RwSignal<String>,
    /// The zone box (times without a zone are in it).
    zone: RwSignal<String>,
    /// The entries read (not reactive: the list reruns on `generation`).
    rows: StoredValue<Vec<Row>>,
    generation: RwSignal<u64>,
    /// How many entries the list draws.
    limit: RwSignal<usize>,
    skipped: RwSignal<Vec<Skipped>>,
    /// How many entries are checked.
    checked: RwSignal<usize>,
    /// The last read's time in milliseconds (shown as `data-read-ms`, for the benchmark).
    read_ms: RwSignal<f64>,
    /// Why the last dropped file was not read.
    refusal: RwSignal<Option<String>>,
    /// Whether a file is dragged over the Timeline section.
    over: RwSignal<bool>,
    pending: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

/// `performance.now()`, in milliseconds (web-sys's `Performance` is not among our features).
fn now_ms() -> f64 {
    let global = js_sys::global();
    let perf = js_sys::Reflect::get(&global, &"performance".into()).ok();
    perf.and_then(|p| {
        let now =
            js_sys::Reflect::get(&p, &"now".into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
        now.call0(&p).ok()?.as_f64()
    })
    .unwrap_or_else(js_sys::Date::now)
}

/// The clock, in seconds since 1970-01-01T00:00Z.
fn now_instant() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

impl Paster {
    /// A closed dialog with nothing read, inserting through `editor`.
    pub fn new(editor: Editor, toaster: Toaster, importer: Importer) -> Paster {
        Paster {
            editor,
            toaster,
            importer,
            dialog: NodeRef::new(),
            text: RwSignal::new(String::new()),
            zone: RwSignal::new(String::new()),
            rows: StoredValue::new(Vec::new()),
            generation: RwSignal::new(0),
            limit: RwSignal::new(FIRST_ROWS),
            skipped: RwSignal::new(Vec::new()),
            checked: RwSignal::new(0),
            read_ms: RwSignal::new(0.0),
            refusal: RwSignal::new(None),
            over: RwSignal::new(false),
            pending: StoredValue::new_local(None),
        }
    }

    /// Opens the dialog with its zone box showing the document's zone.
    pub fn open(self) {
        let zone = self.editor.doc.with_untracked(|d| d.zone.trim().to_owned());
        self.zone.set(if zone.is_empty() { "UTC".to_owned() } else { zone });
        self.read_now();
        super::later::show_modal(self.dialog);
    }

    fn close(self) {
        if let Some(dialog) = self.dialog.get_untracked() {
            dialog.close();
        }
    }

    /// Reads the text now, with the zone chosen and the clock.
    fn read_now(self) {
        if let Some(handle) = self.pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let editor = self.editor;
        let chosen = self.zone.with_untracked(|z| parse_zone(z.trim()).ok());
        let start = now_ms();
        let (rows, skipped) = editor.doc.with_untracked(|doc| {
            let options = shell::options(doc, chosen, now_instant(), &IntlZones);
            let read = self.text.with_untracked(|t| paste::read(t, &options));
            let rows = read
                .entries
                .into_iter()
                .map(|entry| Row {
                    time: paste::timeline_entry(doc, &entry).time,
                    entry,
                    checked: true,
                })
                .collect::<Vec<_>>();
            (rows, read.skipped)
        });
        self.read_ms.set(now_ms() - start);
        self.checked.set(rows.len());
        self.rows.set_value(rows);
        self.skipped.set(skipped.into_iter().filter(|s| s.reason != Reason::Empty).collect());
        self.limit.set(FIRST_ROWS);
        self.generation.update(|g| *g += 1);
    }

    /// Reads the text once the current task is done or, while typing in a long text or one
    /// whose last read was slow, once typing pauses: reading never holds up a keystroke more
    /// than one fast read. A paste (`typing` false) is read at once.
    fn read_soon(self, typing: bool) {
        if !typing {
            return self.read_now();
        }
        if let Some(handle) = self.pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        let slow = self.read_ms.get_untracked() > SLOW_READ_MS
            || self.text.with_untracked(|t| t.len() > LONG_TEXT);
        let wait = if slow { PAUSE } else { Duration::ZERO };
        let handle = set_timeout_with_handle(move || self.read_now(), wait).ok();
        self.pending.set_value(handle);
    }

    /// Inserts the checked entries in time order (one undo step) and closes the dialog.
    fn insert(self) {
        let (editor, toaster) = (self.editor, self.toaster);
        let chosen: Vec<PastedEntry> = self.rows.with_value(|rows| {
            rows.iter().filter(|r| r.checked).map(|r| r.entry.clone()).collect()
        });
        if chosen.is_empty() {
            return;
        }
        let n = chosen.len();
        let edit = editor.doc.with_untracked(|doc| paste::insert(doc, &chosen, &IntlZones));
        editor.edit(edit);
        self.text.set(String::new());
        self.read_now();
        self.close();
        toaster.undoable(format!("Inserted {n} {}", if n == 1 { "entry" } else { "entries" }));
    }

    /// Opens the dialog with a dropped file's text, or says why the file is not read.
    fn read_file(self, file: web_sys::File) {
        let name = file.name();
        self.refusal.set(None);
        if file.size() > MAX_FILE_BYTES as f64 {
            let why = shell::FileRefusal::TooLarge(file.size() as usize);
            self.refuse(&name, &why.to_string());
            return;
        }
        leptos::task::spawn_local(async move {
            let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                .await
                .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec());
            match bytes.as_deref().map(shell::file_text) {
                Ok(Ok(text)) => {
                    self.text.set(text);
                    self.open();
                    focus_later("#paste-text".to_owned());
                }
                Ok(Err(why)) => self.refuse(&name, &why.to_string()),
                Err(_) => self.refuse(&name, "the browser could not read it"),
            }
        });
    }

    fn refuse(self, name: &str, why: &str) {
        self.refusal.set(Some(format!("{name} was not read: {why}. Nothing was changed.")));
        self.open();
    }

    /// A file dragged over the Timeline section: it is this section's to take.
    pub fn drag_over(self, ev: web_sys::DragEvent) {
        let files = ev
            .data_transfer()
            .is_some_and(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")));
        if files {
            ev.prevent_default();
            ev.stop_propagation();
            self.importer.hide_drop_zone();
            self.over.set(true);
        }
    }

    /// The drag left the Timeline section.
    pub fn drag_leave(self, ev: web_sys::DragEvent) {
        let inside = |t: Option<web_sys::EventTarget>| {
            t.and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .zip(ev.current_target().and_then(|c| c.dyn_into::<web_sys::Node>().ok()))
                .is_some_and(|(node, section)| section.contains(Some(&node)))
        };
        if !inside(ev.related_target()) {
            self.over.set(false);
        }
    }

    /// A file dropped on the Timeline section: a Markdown file goes on to the page-wide import
    /// (a new draft), anything else to this dialog.
    pub fn drop(self, ev: web_sys::DragEvent) {
        self.over.set(false);
        let Some(file) = ev.data_transfer().and_then(|dt| dt.files()).and_then(|f| f.get(0)) else {
            return;
        };
        let name = file.name().to_lowercase();
        if name.ends_with(".md") || name.ends_with(".markdown") {
            return;
        }
        ev.prevent_default();
        ev.stop_propagation();
        self.read_file(file);
    }

    /// Whether a file is dragged over the Timeline section (reactive).
    pub fn is_over(self) -> bool {
        self.over.get()
    }
}

/// Adds a timeline entry stamped with the time now on the document's clock, at the end, and
/// puts the cursor in its text box.
fn add_live_note(editor: Editor) {
    // The Timeline section may still be waiting its turn (ui/later.rs): built now, so the new
    // entry's text box is there to take the cursor.
    super::later::flush();
    let (id, time) = editor.doc.with_untracked(|d: &Postmortem| {
        (d.peek_next_id(), shell::live_time(d, now_instant(), &IntlZones))
    });
    let entry = TimelineEntry { time, ..TimelineEntry::default() };
    editor.edit(Edit::Add { index: usize::MAX, item: Item::Entry(entry) });
    focus_later(format!("#{}", item_field_id(id, ItemField::Text)));
}

/// The Timeline section's tools: "Paste into timeline…" and "Add entry now".
#[component]
pub fn PasteButtons() -> impl IntoView {
    let paster = expect_context::<Paster>();
    let editor = paster.editor;
    view! {
        <button type="button" on:click=move |_| paster.open()>"Paste into timeline…"</button>
        <button type="button" title="Add an entry stamped with the time now (Alt+Shift+N)" aria-keyshortcuts="Alt+Shift+N" on:click=move |_| add_live_note(editor)>
            "Add entry now"
        </button>
    }
}

/// The drop target's hint, shown over the Timeline section while a file is dragged on it.
#[component]
pub fn PasteDropHint() -> impl IntoView {
    let paster = expect_context::<Paster>();
    view! {
        <div class="paste-drop-hint" hidden=move || !paster.is_over() aria-hidden="true">
            <p>"Drop a .txt, .log or .csv file to read its timeline"</p>
        </div>
    }
}

/// The live-note shortcut (Alt+Shift+N from anywhere), from the first screen on: the dialog
/// itself is built later (ui/later.rs).
pub fn live_note_shortcut(paster: Paster) {
    let editor = paster.editor;
    let shortcut = window_event_listener(leptos::ev::keydown, move |ev| {
        let open = paster.dialog.get_untracked().is_some_and(|d| d.open());
        let plain = !(ev.ctrl_key() || ev.meta_key());
        if ev.code() == "KeyN" && ev.alt_key() && ev.shift_key() && plain && !open {
            ev.prevent_default();
            add_live_note(editor);
        }
    });
    on_cleanup(move || shortcut.remove());
}

/// The dialog.
#[component]
pub fn PasteDialog() -> impl IntoView {
    let paster = expect_context::<Paster>();
    let on_text = move |ev| {
        let value = event_target_value(&ev);
        // A keystroke changes a few characters; a paste or a cut, many.
        let before = paster.text.with_untracked(String::len);
        let typing = value.len().abs_diff(before) < 100;
        paster.text.set(value);
        paster.read_soon(typing);
    };
    let on_zone = move |ev| {
        paster.zone.set(event_target_value(&ev));
        paster.read_soon(true);
    };
    let zone_note = move || {
        paster.zone.with(|z| {
            (!z.trim().is_empty() && parse_zone(z.trim()).is_err())
                .then_some("Not a zone I know: the document's zone is used.")
        })
    };
    let count = move || paster.generation.with(|_| paster.rows.with_value(Vec::len));
    let found = move || match count() {
        0 if paster.text.with(|t| t.trim().is_empty()) => "Paste or type text above.".to_owned(),
        0 => "No entries read yet: each entry needs a time.".to_owned(),
        1 => "1 entry read:".to_owned(),
        n => format!("{n} entries read:"),
    };
    let insert_label = move || match paster.checked.get() {
        1 => "Insert 1 entry".to_owned(),
        n => format!("Insert {n} entries"),
    };
    let set_all = move |value: bool| {
        paster.rows.update_value(|rows| rows.iter_mut().for_each(|r| r.checked = value));
        paster.checked.set(if value { count() } else { 0 });
        paster.generation.update(|g| *g += 1);
    };
    view! {
        <dialog class="import-dialog paste-dialog" aria-labelledby="paste-title" node_ref=paster.dialog>
            <h2 id="paste-title">"Paste into timeline"</h2>
            <p class="hint">
                "Paste the incident channel (Slack, Teams, IRC, Discord, Mattermost), a pager log (PagerDuty, Opsgenie), log lines, a CSV with a time column or your notes. Nothing is added until you insert."
            </p>
            {move || paster.refusal.get().map(|why| view! { <p class="paste-refusal" role="alert">{why}</p> })}
            <div class="field">
                <label for="paste-text">"Text to read"</label>
                <textarea id="paste-text" rows="7" spellcheck="false" prop:value=paster.text on:input=on_text></textarea>
            </div>
            <div class="field field-narrow">
                <label for="paste-zone">"Times without a zone are in"</label>
                <input id="paste-zone" type="text" autocomplete="off" list="zone-suggestions" prop:value=paster.zone on:input=on_zone aria-describedby="paste-zone-note" />
                <p class="hint" id="paste-zone-note">{move || zone_note().unwrap_or("A zone the text states wins.")}</p>
            </div>
            <div class="paste-found-head">
                <p id="paste-found" aria-live="polite">{found}</p>
                <Show when=move || { count() > 1 }>
                    <span class="paste-all">
                        <button type="button" class="subtle" on:click=move |_| set_all(true)>"Check all"</button>
                        <button type="button" class="subtle" on:click=move |_| set_all(false)>"Uncheck all"</button>
                    </span>
                </Show>
            </div>
            <ol class="paste-entries" aria-labelledby="paste-found" data-count=count data-shown=move || count().min(paster.limit.get()) data-read-ms=move || decimal::tenths((paster.read_ms.get() * 10.0).round() as i64)>
                {move || {
                    paster.generation.track();
                    let limit = paster.limit.get();
                    paster.rows.with_value(|rows| rows.iter().take(limit).enumerate().map(|(i, r)| entry_row(paster, i, r)).collect_view())
                }}
            </ol>
            <Show when=move || { count() > paster.limit.get() }>
                <p class="paste-more">
                    {move || format!("Showing the first {} of {} entries; all {} are inserted unless unchecked. ", paster.limit.get(), count(), count())}
                    <button type="button" class="subtle" on:click=move |_| paster.limit.set(usize::MAX)>"Show all"</button>
                </p>
            </Show>
            <LeftOut />
            <div class="dialog-actions">
                <button type="button" class="primary" disabled=move || paster.checked.get() == 0 on:click=move |_| paster.insert()>
                    {insert_label}
                </button>
                <button type="button" on:click=move |_| paster.close()>"Cancel"</button>
            </div>
        </dialog>
    }
}

/// One entry read: a checkbox labelled with its time, who and text, and its kind.
fn entry_row(paster: Paster, i: usize, r: &Row) -> impl IntoView + use<> {
    let id = format!("paste-entry-{i}");
    let kind = r.entry.kind.map(EntryKind::label).unwrap_or("");
    let on_check = move |ev| {
        let value = event_target_checked(&ev);
        paster.rows.update_value(|rows| {
            if let Some(r) = rows.get_mut(i) {
                r.checked = value;
            }
        });
        paster.checked.update(|n| if value { *n += 1 } else { *n = n.saturating_sub(1) });
    };
    let on_kind = move |ev| {
        let value = event_target_value(&ev);
        let kind = EntryKind::ALL.into_iter().find(|k| k.label() == value);
        paster.rows.update_value(|rows| {
            if let Some(r) = rows.get_mut(i) {
                r.entry.kind = kind;
            }
        });
    };
    let who = r.entry.who.clone();
    view! {
        <li class="paste-entry">
            <input type="checkbox" id=id.clone() prop:checked=r.checked on:change=on_check />
            <label for=id>
                <span class="paste-time">{r.time.clone()}</span>
                {who.map(|w| view! { <span class="paste-who">{w}</span> })}
                <span class="paste-what">{r.entry.text.clone()}</span>
            </label>
            <select aria-label=format!("Kind of entry {}", i + 1) prop:value=kind on:change=on_kind>
                <option value="">"(no kind)"</option>
                {EntryKind::ALL.into_iter().map(|k| view! { <option value=k.label() selected=r.entry.kind == Some(k)>{k.label()}</option> }).collect_view()}
            </select>
        </li>
    }
}

/// The lines left out (blank lines aside), with why, folded under their count.
#[component]
fn LeftOut() -> impl IntoView {
    let paster = expect_context::<Paster>();
    let n = move || paster.skipped.with(Vec::len);
    view! {
        <Show when=move || { n() > 0 }>
            <details class="paste-skipped">
                <summary>{move || if n() == 1 { "1 line left out".to_owned() } else { format!("{} lines left out", n()) }}</summary>
                <ul>
                    {move || paster.skipped.with(|s| s.iter().map(|s| {
                        let line = format!("Line {}: ", s.line);
                        let text = s.text.trim().to_owned();
                        let why = format!(" ({})", s.reason);
                        view! { <li>{line}<q>{text}</q>{why}</li> }
                    }).collect_view())}
                </ul>
            </details>
        </Show>
    }
}
