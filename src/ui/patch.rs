//! Updating the preview in place: only the top-level blocks whose HTML changed are parsed (in a
//! list, only the items that changed), and within them only the nodes that differ are touched.
//! Replacing a 60 KB preview on every keystroke costs tens of milliseconds of parsing and
//! layout; a one-word change costs one text node.

use crate::markdown::render::Block;
use wasm_bindgen::JsCast;

/// Makes `container`'s children show `new`, given that they show `old` (one element per block).
/// Falls back to replacing everything when the DOM does not match `old`.
pub fn patch_blocks(container: &web_sys::Element, old: &[Block], new: &[Block]) {
    patch_all(container, old, new);
    name_task_checkboxes(container);
}

/// Gives the task list's checkboxes (`- [x] …`, shown read-only) an accessible name: a form
/// control without one is an accessibility failure. Idempotent: a patch that rewrites a
/// checkbox's attributes drops the name, and this puts it back.
fn name_task_checkboxes(container: &web_sys::Element) {
    let Ok(boxes) = container.query_selector_all("input[type=checkbox]:not([aria-label])") else {
        return;
    };
    for i in 0..boxes.length() {
        if let Some(el) = boxes.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
            let done = el.has_attribute("checked");
            let _ = el.set_attribute("aria-label", if done { "Done" } else { "Not done" });
        }
    }
}

fn patch_all(container: &web_sys::Element, old: &[Block], new: &[Block]) {
    let all = || new.iter().map(|b| b.html.as_str()).collect::<String>();
    // First render (the container may still hold a placeholder) or out of step: start over.
    if old.is_empty() || container.child_element_count() as usize != old.len() {
        container.set_inner_html(&all());
        return;
    }
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let max_suffix = old.len().min(new.len()) - prefix;
    let suffix =
        old.iter().rev().zip(new.iter().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    let (old_changed, new_changed) =
        (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
    let children = container.children();
    if old_changed.len() == new_changed.len() {
        for (k, block) in new_changed.iter().enumerate() {
            if old_changed[k] == *block {
                continue;
            }
            let Some(current) = children.item((prefix + k) as u32) else {
                container.set_inner_html(&all());
                return;
            };
            if patch_items(&current, &old_changed[k], block) {
                continue;
            }
            let Some(fresh) = parse(&block.html).first_element_child() else {
                container.set_inner_html(&all());
                return;
            };
            patch_node(&current, &fresh);
        }
        return;
    }
    for _ in 0..old_changed.len() {
        if let Some(el) = children.item(prefix as u32) {
            // A block is an element and the newline after it: both go.
            if let Some(after) = el.next_sibling()
                && after.node_type() == web_sys::Node::TEXT_NODE
                && after.text_content().is_some_and(|t| t.trim().is_empty())
            {
                let _ = container.remove_child(&after);
            }
            el.remove();
        }
    }
    let html: String = new_changed.iter().map(|b| b.html.as_str()).collect();
    let fragment = parse(&html);
    let before = container.children().item(prefix as u32);
    let _ = container
        .insert_before(&fragment, before.as_ref().map(|e| e.unchecked_ref::<web_sys::Node>()));
}

/// Patches the list `list` from `old` to `new` item by item, when both are lists with the same
/// number of items and only items differ. Returns whether it did.
fn patch_items(list: &web_sys::Element, old: &Block, new: &Block) -> bool {
    let n = old.items.len();
    if n == 0 || new.items.len() != n || list.child_element_count() as usize != n {
        return false;
    }
    // The list itself (its tag, its start number, the gaps between items) must be the same.
    if !outside_items(old).eq(outside_items(new)) {
        return false;
    }
    let items = list.children();
    for (k, (a, b)) in old.items.iter().zip(&new.items).enumerate() {
        let (was, now) = (&old.html[a.clone()], &new.html[b.clone()]);
        if was == now {
            continue;
        }
        match (items.item(k as u32), parse(now).first_element_child()) {
            (Some(current), Some(fresh)) => patch_node(&current, &fresh),
            _ => return false,
        }
    }
    true
}

/// The HTML of a list block around and between its items.
fn outside_items(b: &Block) -> impl Iterator<Item = &str> {
    let starts = std::iter::once(0).chain(b.items.iter().map(|r| r.end));
    let ends = b.items.iter().map(|r| r.start).chain(std::iter::once(b.html.len()));
    starts.zip(ends).map(|(s, e)| &b.html[s..e])
}

/// `html` parsed, inert (a template's content: nothing loads or runs).
fn parse(html: &str) -> web_sys::DocumentFragment {
    let template: web_sys::HtmlTemplateElement =
        leptos::prelude::document().create_element("template").expect("template").unchecked_into();
    template.set_inner_html(html);
    template.content()
}

/// Makes `old` equal to `new`, touching only what differs.
fn patch_node(old: &web_sys::Node, new: &web_sys::Node) {
    let same_kind = old.node_type() == new.node_type() && old.node_name() == new.node_name();
    if !same_kind {
        replace(old, new);
        return;
    }
    if old.node_type() != web_sys::Node::ELEMENT_NODE {
        if old.node_value() != new.node_value() {
            old.set_node_value(new.node_value().as_deref());
        }
        return;
    }
    let (old_el, new_el): (&web_sys::Element, &web_sys::Element) =
        (old.unchecked_ref(), new.unchecked_ref());
    sync_attributes(old_el, new_el);
    let (old_kids, new_kids) = (old.child_nodes(), new.child_nodes());
    let (old_len, new_len) = (old_kids.length(), new_kids.length());
    for i in 0..old_len.min(new_len) {
        if let (Some(a), Some(b)) = (old_kids.item(i), new_kids.item(i)) {
            patch_node(&a, &b);
        }
    }
    for _ in new_len..old_len {
        if let Some(last) = old.last_child() {
            let _ = old.remove_child(&last);
        }
    }
    for i in old_len..new_len {
        if let Some(b) = new_kids.item(i)
            && let Ok(copy) = b.clone_node_with_deep(true)
        {
            let _ = old.append_child(&copy);
        }
    }
}

fn replace(old: &web_sys::Node, new: &web_sys::Node) {
    if let (Some(parent), Ok(copy)) = (old.parent_node(), new.clone_node_with_deep(true)) {
        let _ = parent.replace_child(&copy, old);
    }
}

fn sync_attributes(old: &web_sys::Element, new: &web_sys::Element) {
    let names = new.get_attribute_names();
    for name in names.iter().filter_map(|n| n.as_string()) {
        let value = new.get_attribute(&name);
        if old.get_attribute(&name) != value {
            let _ = old.set_attribute(&name, value.as_deref().unwrap_or(""));
        }
    }
    let old_names = old.get_attribute_names();
    for name in old_names.iter().filter_map(|n| n.as_string()) {
        if !new.has_attribute(&name) {
            let _ = old.remove_attribute(&name);
        }
    }
}
