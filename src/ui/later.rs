//! Work that can wait a task (issue 16): the parts of the first screen below the fold are built
//! after the part a person sees and types into first, one part per task, so the page takes a key
//! press between any two of them.
//!
//! The queue runs on a `MessageChannel` (the way schedulers yield): a posted message is a task of
//! its own that runs as soon as the thread is free, after input that is waiting. A timer would be
//! clamped, and throttled to one a second in a background tab; an animation frame never comes in
//! a hidden one.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

type Job = Box<dyn FnOnce()>;

struct Queue {
    jobs: VecDeque<Job>,
    channel: Option<web_sys::MessageChannel>,
}

thread_local! {
    static QUEUE: RefCell<Queue> = const { RefCell::new(Queue { jobs: VecDeque::new(), channel: None }) };
}

/// Runs `job` in a task of its own, after the jobs queued before it (first in, first out).
pub fn later(job: impl FnOnce() + 'static) {
    queue(Box::new(job), false);
}

/// Runs `job` in the next task, ahead of the jobs already queued: for the part of the first screen
/// that comes right after the one a person types into.
pub fn next(job: impl FnOnce() + 'static) {
    queue(Box::new(job), true);
}

fn queue(job: Job, front: bool) {
    let first = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        if front {
            q.jobs.push_front(job);
        } else {
            q.jobs.push_back(job);
        }
        q.jobs.len() == 1
    });
    if first {
        post();
    }
}

/// Asks for the next task. Without a channel (it could not be made), the jobs run now: late
/// parts are then built at once, as before, rather than never.
fn post() {
    let posted = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        if q.channel.is_none() {
            q.channel = channel();
        }
        q.channel
            .as_ref()
            .is_some_and(|c| c.port2().post_message(&wasm_bindgen::JsValue::NULL).is_ok())
    });
    if !posted {
        flush();
    }
}

fn channel() -> Option<web_sys::MessageChannel> {
    let channel = web_sys::MessageChannel::new().ok()?;
    let run = Closure::<dyn Fn()>::new(run_one);
    channel.port1().set_onmessage(Some(run.as_ref().unchecked_ref()));
    // The channel lives as long as the page.
    run.forget();
    Some(channel)
}

/// One task: the next job, then a message for the one after it.
fn run_one() {
    let job = QUEUE.with(|q| q.borrow_mut().jobs.pop_front());
    if let Some(job) = job {
        job();
    }
    if QUEUE.with(|q| !q.borrow().jobs.is_empty()) {
        post();
    }
}

/// When a [`Later`] part takes its turn.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum Turn {
    /// After the jobs queued before it (the form's sections, in order).
    #[default]
    InOrder,
    /// Ahead of everything queued (the page itself, see [`next`]).
    Next,
    /// Behind everything queued while the page is built (the dialogs, behind the form's
    /// sections; see [`after_first_screen`]).
    Last,
}

/// Its children, from a task after this one (see [`later`]). The place they go is kept, so they
/// appear where they belong.
///
/// A component is made before the views it returns are built, so a `Later` in a component's
/// own markup queues before any `Later` its `move ||` closures make.
#[component]
pub fn Later(children: ChildrenFn, #[prop(optional)] turn: Turn) -> impl IntoView {
    let shown = RwSignal::new(false);
    // If the part is gone before its turn (another draft opened), the signal is too: nothing to do.
    let show = move || {
        let _ = shown.try_set(true);
    };
    match turn {
        Turn::InOrder => later(show),
        Turn::Next => next(show),
        Turn::Last => after_first_screen(show),
    }
    move || shown.get().then(|| children())
}

/// How many [`Spread`] parts one task builds at once: about a screenful of rows.
const AT_ONCE: usize = 12;

/// How many waiting [`Spread`] parts a later task builds: a row takes a few milliseconds, and
/// the page is styled and laid out again after each task, so one row a task made a paste of
/// 200 entries take longer in all.
const PER_TASK: usize = 4;

thread_local! {
    /// The [`Spread`] parts made in this task so far (back to 0 when its microtasks run).
    static SPREAD: Cell<usize> = const { Cell::new(0) };
    /// The [`Spread`] parts waiting their turn, in order: each shows its children when set.
    static SPREAD_WAITING: RefCell<VecDeque<RwSignal<bool>>> = const { RefCell::new(VecDeque::new()) };
}

/// Shows the next [`PER_TASK`] waiting [`Spread`] parts, and queues itself again while any wait.
fn show_spread() {
    for _ in 0..PER_TASK {
        let Some(shown) = SPREAD_WAITING.with(|w| w.borrow_mut().pop_front()) else { return };
        // A part gone before its turn (its row deleted) has a disposed signal: nothing to do.
        let _ = shown.try_set(true);
    }
    if SPREAD_WAITING.with(|w| !w.borrow().is_empty()) {
        later(show_spread);
    }
}

/// Its children, now or from a later task: the first [`AT_ONCE`] made in one task are built at
/// once, any more (a list of 200 timeline entries opened) [`PER_TASK`] a task, in order. One
/// row takes a few milliseconds to build; 200 in one task kept the page from taking a key press
/// for most of a second. A row added by hand is the only one made in its task: it is there at
/// once, for the focus that follows it.
#[component]
pub fn Spread(children: ChildrenFn) -> impl IntoView {
    let made = SPREAD.with(|n| n.replace(n.get() + 1));
    if made == 0 {
        // A microtask: it runs once the views being built in this task are.
        leptos::task::spawn_local(async { SPREAD.with(|n| n.set(0)) });
    }
    if made < AT_ONCE {
        return children().into_any();
    }
    let shown = RwSignal::new(false);
    let first = SPREAD_WAITING.with(|w| {
        let mut w = w.borrow_mut();
        w.push_back(shown);
        w.len() == 1
    });
    if first {
        later(show_spread);
    }
    (move || shown.get().then(|| children())).into_any()
}

/// Runs `job` once the parts queued while the page is built have been built: it queues behind
/// them from the first task after this one.
pub fn after_first_screen(job: impl FnOnce() + 'static) {
    later(move || later(job));
}

/// Runs every queued job now: a person reached for a part that was still waiting its turn.
pub fn flush() {
    while let Some(job) = QUEUE.with(|q| q.borrow_mut().jobs.pop_front()) {
        job();
    }
}

/// Shows the dialog `node` refers to as a modal (unless it is open): now if it is built, else
/// once the parts still queued are built (they are built now; the page draws them before the
/// next frame).
pub fn show_modal(node: NodeRef<leptos::html::Dialog>) {
    let show = move || {
        if let Some(dialog) = node.get_untracked()
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
    };
    if node.get_untracked().is_some() {
        show();
        return;
    }
    flush();
    request_animation_frame(show);
}
