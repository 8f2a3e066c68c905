//! Deadlines relative to the feedback date, and the traffic lights (红黄绿灯) of measures.
//!
//! "Today" is always an argument: rules never read the wall clock.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

use crate::coded_enum;

/// Configurable periods (counties differ). Defaults follow DOMAIN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DeadlinePolicy {
    /// The plan is due this many months after feedback.
    pub plan_months: u8,
    /// The rectification report is due this many months after feedback.
    pub report_months: u8,
    /// A transfer's outcome is due this many months after the transfer.
    pub transfer_months: u8,
    /// Yellow light: this many days or fewer left.
    pub yellow_days: i64,
    /// Green warning: this many days or fewer left.
    pub green_days: i64,
}

impl Default for DeadlinePolicy {
    fn default() -> Self {
        Self { plan_months: 1, report_months: 2, transfer_months: 3, yellow_days: 10, green_days: 20 }
    }
}

impl DeadlinePolicy {
    pub fn plan_due(&self, feedback: Date) -> Date {
        add_months(feedback, self.plan_months)
    }
    pub fn report_due(&self, feedback: Date) -> Date {
        add_months(feedback, self.report_months)
    }
    pub fn transfer_due(&self, transferred: Date) -> Date {
        add_months(transferred, self.transfer_months)
    }

    /// The light of an open item due on `due`, seen on `today`. Closed items have no light.
    pub fn light(&self, due: Option<Date>, today: Date, closed: bool) -> Light {
        let Some(due) = due else { return Light::None };
        if closed {
            return Light::None;
        }
        let left = (due - today).whole_days();
        if left < 0 {
            Light::Red
        } else if left <= self.yellow_days {
            Light::Yellow
        } else if left <= self.green_days {
            Light::Green
        } else {
            Light::None
        }
    }

    /// The due dates (inclusive bounds, `None` unbounded) on which an open item shows `light`
    /// on `today`, so that a store can select by light with a date range. `Light::None` is no
    /// one range (it is every date past the green window, no date, or a finished item): `None`.
    pub fn light_window(&self, light: Light, today: Date) -> Option<(Option<Date>, Option<Date>)> {
        let day = |n: i64| Some(today + Duration::days(n));
        match light {
            Light::Red => Some((None, day(-1))),
            Light::Yellow => Some((day(0), day(self.yellow_days))),
            Light::Green => Some((day(self.yellow_days + 1), day(self.green_days))),
            Light::None => None,
        }
    }

    /// The last feedback date whose plan is overdue on `today` (`plan_due` < `today`), so that
    /// a store can find immediate fixes due with their plan by the feedback date alone.
    pub fn last_feedback_with_plan_overdue(&self, today: Date) -> Date {
        let mut day = today;
        while self.plan_due(day) >= today {
            day -= Duration::days(1);
        }
        day
    }

    /// The last due date that carries a light on `today` (later ones are quiet).
    pub fn last_warned_day(&self, today: Date) -> Date {
        today + Duration::days(self.green_days)
    }
}

coded_enum!(
    /// Warning level of an open item with a deadline. `None` means no warning.
    Light {
        None = "none" / "正常",
        Green = "green" / "绿灯提醒",
        Yellow = "yellow" / "黄灯预警",
        Red = "red" / "红灯逾期",
    }
);

/// Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb).
pub fn add_months(date: Date, months: u8) -> Date {
    let total = date.month() as i32 - 1 + months as i32;
    let year = date.year() + total / 12;
    let month = Month::try_from((total % 12 + 1) as u8).expect("month in 1..=12");
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last)).expect("valid clamped date")
}

/// Days between two dates, `later - earlier` (negative when `later` is before).
pub fn days_between(earlier: Date, later: Date) -> i64 {
    (later - earlier).whole_days()
}

/// Adds whole days.
pub fn add_days(date: Date, days: i64) -> Date {
    date + Duration::days(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn default_deadlines_follow_the_feedback_date() {
        let p = DeadlinePolicy::default();
        let fb = date!(2023 - 08 - 15);
        assert_eq!(p.plan_due(fb), date!(2023 - 09 - 15));
        assert_eq!(p.report_due(fb), date!(2023 - 10 - 15));
        assert_eq!(p.transfer_due(fb), date!(2023 - 11 - 15));
    }

    #[test]
    fn adding_months_clamps_to_month_end_and_crosses_years() {
        assert_eq!(add_months(date!(2023 - 01 - 31), 1), date!(2023 - 02 - 28));
        assert_eq!(add_months(date!(2024 - 01 - 31), 1), date!(2024 - 02 - 29));
        assert_eq!(add_months(date!(2023 - 11 - 30), 3), date!(2024 - 02 - 29));
    }

    #[test]
    fn configured_periods_are_used() {
        let p = DeadlinePolicy { plan_months: 2, ..DeadlinePolicy::default() };
        assert_eq!(p.plan_due(date!(2023 - 07 - 14)), date!(2023 - 09 - 14));
    }

    #[test]
    fn lights_change_at_twenty_ten_and_zero_days() {
        let p = DeadlinePolicy::default();
        let due = date!(2023 - 10 - 31);
        let light = |today| p.light(Some(due), today, false);
        assert_eq!(light(date!(2023 - 10 - 10)), Light::None); // 21 days left
        assert_eq!(light(date!(2023 - 10 - 11)), Light::Green); // 20 days left
        assert_eq!(light(date!(2023 - 10 - 20)), Light::Green); // 11 days left
        assert_eq!(light(date!(2023 - 10 - 21)), Light::Yellow); // 10 days left
        assert_eq!(light(date!(2023 - 10 - 31)), Light::Yellow); // due today
        assert_eq!(light(date!(2023 - 11 - 01)), Light::Red); // one day over
    }

    #[test]
    fn light_windows_select_exactly_the_dates_of_their_light() {
        let p = DeadlinePolicy { yellow_days: 7, green_days: 15, ..DeadlinePolicy::default() };
        let today = date!(2026 - 11 - 30);
        for offset in -40..60 {
            let due = today + Duration::days(offset);
            let light = p.light(Some(due), today, false);
            for l in Light::ALL {
                let inside = p
                    .light_window(*l, today)
                    .is_some_and(|(from, to)| from.is_none_or(|f| due >= f) && to.is_none_or(|t| due <= t));
                assert_eq!(inside, light == *l && *l != Light::None, "{due} {l:?}");
            }
            assert_eq!(light == Light::None, due > p.last_warned_day(today), "{due}");
        }
    }

    #[test]
    fn the_last_feedback_with_an_overdue_plan_is_found_across_month_ends() {
        for plan_months in [1u8, 2, 3] {
            let p = DeadlinePolicy { plan_months, ..DeadlinePolicy::default() };
            for today in [date!(2026 - 11 - 30), date!(2026 - 03 - 01), date!(2024 - 03 - 30), date!(2027 - 01 - 01)] {
                let f = p.last_feedback_with_plan_overdue(today);
                assert!(p.plan_due(f) < today, "{plan_months} {today} {f}");
                assert!(p.plan_due(f + Duration::days(1)) >= today, "{plan_months} {today} {f}");
            }
        }
    }

    #[test]
    fn closed_or_undated_items_have_no_light() {
        let p = DeadlinePolicy::default();
        assert_eq!(p.light(Some(date!(2023 - 01 - 01)), date!(2024 - 01 - 01), true), Light::None);
        assert_eq!(p.light(None, date!(2024 - 01 - 01), false), Light::None);
    }
}
