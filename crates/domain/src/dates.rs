//! The span of dates the system accepts. An inspection record dated `-2023-01-01` or
//! `9999-12-31` is a typo or an attack, never a fact: it would pass plan submission as a
//! deadline nobody can miss and sort before or after every real record. Every date that enters
//! (typed into a form, sent to the API, read from an office's ledger) is held to this span.

use time::Date;
use time::macros::date;

/// The first day accepted: inspection work in this form began after 2000.
pub const EARLIEST: Date = date!(2000 - 01 - 01);
/// The last day accepted: a long-term measure's milestones reach decades ahead at most.
pub const LATEST: Date = date!(2099 - 12 - 31);

/// Whether `d` lies in the accepted span.
pub fn plausible(d: Date) -> bool {
    (EARLIEST..=LATEST).contains(&d)
}

/// The refusal for a date outside the span; `label` is the Chinese field name.
pub fn out_of_span(label: &str) -> String {
    format!("{label}超出了可接受的范围(应在{}至{}之间)", EARLIEST, LATEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_real_work_are_plausible_and_typos_are_not() {
        assert!(plausible(date!(2023 - 11 - 10)));
        assert!(plausible(EARLIEST) && plausible(LATEST));
        assert!(!plausible(date!(1999 - 12 - 31)));
        assert!(!plausible(date!(2100 - 01 - 01)));
        assert!(!plausible(date!(-2023 - 01 - 01)));
        assert!(!plausible(date!(9999 - 12 - 31)));
    }

    #[test]
    fn the_refusal_names_the_field_and_the_span() {
        assert_eq!(out_of_span("整改时限"), "整改时限超出了可接受的范围(应在2000-01-01至2099-12-31之间)");
    }
}
