//! Named time zones through the browser's `Intl`: the [`ZoneResolver`] the pure core asks, so
//! `Europe/Paris` is right on both sides of a daylight-saving change without shipping a zone
//! database in the app.

use crate::model::time::{Date, LocalDateTime, TimeOfDay, ZoneResolver};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};

/// Resolves IANA zone names with `Intl.DateTimeFormat`.
#[derive(Clone, Copy, Debug, Default)]
pub struct IntlZones;

thread_local! {
    /// One formatter per zone name (`None`: the browser does not know the zone).
    static FORMATTERS: RefCell<HashMap<String, Option<JsValue>>> = RefCell::new(HashMap::new());
}

impl ZoneResolver for IntlZones {
    fn utc_offset(&self, zone: &str, local: LocalDateTime) -> Option<i32> {
        // Read the wall time as if it were UTC, then correct once with the offset found there.
        let wall = local.wall_seconds();
        let first = offset_at_instant(zone, wall)?;
        offset_at_instant(zone, wall - i64::from(first) * 60)
    }
}

/// The zone's offset from UTC, in minutes, at an instant (seconds since the epoch).
fn offset_at_instant(zone: &str, instant: i64) -> Option<i32> {
    let formatter = FORMATTERS.with(|cache| {
        cache.borrow_mut().entry(zone.to_owned()).or_insert_with(|| formatter(zone)).clone()
    })?;
    let format_to_parts: js_sys::Function =
        js_sys::Reflect::get(&formatter, &"formatToParts".into()).ok()?.dyn_into().ok()?;
    let date = js_sys::Date::new(&JsValue::from_f64(instant as f64 * 1000.0));
    let parts: js_sys::Array = format_to_parts.call1(&formatter, &date).ok()?.dyn_into().ok()?;
    let mut fields = HashMap::new();
    for part in parts.iter() {
        let kind = js_sys::Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let value = js_sys::Reflect::get(&part, &"value".into()).ok()?.as_string()?;
        if let Ok(n) = value.parse::<i64>() {
            fields.insert(kind, n);
        }
    }
    let get = |k: &str| fields.get(k).copied();
    let local = LocalDateTime {
        date: Date::new(get("year")? as i32, get("month")? as u8, get("day")? as u8)?,
        time: TimeOfDay {
            hour: (get("hour")? % 24) as u8,
            minute: get("minute")? as u8,
            second: get("second")? as u8,
        },
    };
    i32::try_from((local.wall_seconds() - instant).div_euclid(60)).ok()
}

/// `new Intl.DateTimeFormat("en-US", {timeZone, ...})`, or `None` if the zone is unknown.
fn formatter(zone: &str) -> Option<JsValue> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: js_sys::Function =
        js_sys::Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.dyn_into().ok()?;
    let options = js_sys::Object::new();
    let set = |k: &str, v: &str| js_sys::Reflect::set(&options, &k.into(), &v.into()).ok();
    set("timeZone", zone)?;
    set("hourCycle", "h23")?;
    for field in ["year", "month", "day", "hour", "minute", "second"] {
        set(field, "numeric")?;
    }
    let args = js_sys::Array::of2(&"en-US".into(), &options);
    js_sys::Reflect::construct(&ctor, &args).ok()
}

/// Every zone name the browser knows (`Intl.supportedValuesOf("timeZone")`), for suggestions.
pub fn known_zones() -> Vec<String> {
    let list = || -> Option<Vec<String>> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let f: js_sys::Function =
            js_sys::Reflect::get(&intl, &"supportedValuesOf".into()).ok()?.dyn_into().ok()?;
        let values: js_sys::Array = f.call1(&intl, &"timeZone".into()).ok()?.dyn_into().ok()?;
        Some(values.iter().filter_map(|v| v.as_string()).collect())
    };
    list().unwrap_or_default()
}
