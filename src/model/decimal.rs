//! Decimal numbers read and written without floating point: `12.5`, `3.0 MB`, an SVG coordinate.
//! Pure.
//!
//! The app needs a tenth or a hundredth, never an exponent. Integer arithmetic gives exactly the
//! decimal a person expects (`12.345` % rounds to `12.35`, where `12.345 * 100.0` is
//! `1234.4999…`), and it spares the wasm the standard library's float formatting and parsing
//! (Grisu, Dragon4, Eisel-Lemire and their tables: about 20 KB).

/// `tenths` tenths, written with one decimal: `125` → `12.5`, `-3` → `-0.3`.
pub fn tenths(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let n = tenths.unsigned_abs();
    format!("{sign}{}.{}", n / 10, n % 10)
}

/// `numerator / denominator` in tenths, rounded half up (`denominator` > 0, `numerator` ≥ 0).
pub fn ratio_in_tenths(numerator: u64, denominator: u64) -> i64 {
    let n = u128::from(numerator) * 10;
    let d = u128::from(denominator.max(1));
    i64::try_from((2 * n + d) / (2 * d)).unwrap_or(i64::MAX)
}

/// `bytes` in megabytes (MiB) with one decimal: `1_572_864` → `1.5`.
pub fn megabytes(bytes: usize) -> String {
    tenths(ratio_in_tenths(bytes as u64, 1024 * 1024))
}

/// Reads digits with at most one `.` (`80`, `12.5`, `.25`, `3.`) as hundredths, rounded half up
/// at the third decimal; `None` for anything else (a sign, an exponent, no digit at all, or a
/// number too large to matter here).
pub fn parse_hundredths(text: &str) -> Option<u64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    if whole.len() > 15 {
        return None;
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let f = fraction.as_bytes();
    let digit = |i: usize| f.get(i).map_or(0, |b| u64::from(b - b'0'));
    let round_up = u64::from(digit(2) >= 5);
    Some(whole * 100 + digit(0) * 10 + digit(1) + round_up)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_written_with_one_decimal() {
        assert_eq!(tenths(0), "0.0");
        assert_eq!(tenths(125), "12.5");
        assert_eq!(tenths(7), "0.7");
        assert_eq!(tenths(-3), "-0.3");
        assert_eq!(tenths(-125), "-12.5");
        assert_eq!(megabytes(1_572_864), "1.5");
        assert_eq!(megabytes(5 * 1024 * 1024 + 1), "5.0");
        assert_eq!(megabytes(2 * 1024 * 1024 - 1), "2.0");
        assert_eq!(ratio_in_tenths(1, 20), 1, "0.05 rounds half up");
        assert_eq!(ratio_in_tenths(1, 21), 0);
    }

    #[test]
    fn hundredths_are_read_exactly() {
        assert_eq!(parse_hundredths("80"), Some(8000));
        assert_eq!(parse_hundredths("12.5"), Some(1250));
        assert_eq!(parse_hundredths("0.25"), Some(25));
        assert_eq!(parse_hundredths(".25"), Some(25));
        assert_eq!(parse_hundredths("3."), Some(300));
        assert_eq!(parse_hundredths("12.345"), Some(1235));
        assert_eq!(parse_hundredths("12.344999"), Some(1234));
        assert_eq!(parse_hundredths("99.999"), Some(10000));
        for bad in ["", ".", "-3", "1e2", "1.2.3", " 1", "x", "+1", "1234567890123456"] {
            assert_eq!(parse_hundredths(bad), None, "{bad:?}");
        }
    }
}
