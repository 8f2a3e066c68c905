//! The one clock records are stamped by. A run with a fixed "today" (the demo, a run judged as
//! of a past day) stamps its records on that day too, so a plan submitted in the demo's story
//! says the day its deadlines are judged on, and history, documents and exports agree.

use std::sync::atomic::{AtomicI32, Ordering};

use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// China Standard Time (Asia/Shanghai has kept UTC+8 without daylight saving since 1991).
pub const CHINA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Timeline {
    /// The real clock.
    #[default]
    Real,
    /// The given day in China, at the real clock's time of day there: acts of one run stay in
    /// order and readable, on the day the run is judged as of.
    Day(Date),
    /// A day that moves forward as a story is told (the demo's acts, each on its own day).
    Story(&'static StoryDay),
}

/// The day a story has reached: set as each act of the story is taken, never moved back.
#[derive(Debug)]
pub struct StoryDay(AtomicI32);

impl StoryDay {
    /// A story starting on `day`, for the rest of the process (stories are told once, at start).
    pub fn leaked(day: Date) -> &'static StoryDay {
        Box::leak(Box::new(StoryDay(AtomicI32::new(day.to_julian_day()))))
    }

    pub fn get(&self) -> Date {
        Date::from_julian_day(self.0.load(Ordering::SeqCst)).unwrap_or(Date::MIN)
    }

    /// Moves the story on to `day` (a day before the one reached leaves it where it is).
    pub fn advance(&self, day: Date) -> Date {
        let reached = self.0.fetch_max(day.to_julian_day(), Ordering::SeqCst).max(day.to_julian_day());
        Date::from_julian_day(reached).unwrap_or(day)
    }
}

impl PartialEq for StoryDay {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
impl Eq for StoryDay {}

impl Timeline {
    /// The instant an act is stamped with (UTC).
    pub fn now(self) -> OffsetDateTime {
        let real = OffsetDateTime::now_utc();
        let day = match self {
            Timeline::Real => return real,
            Timeline::Day(day) => day,
            Timeline::Story(story) => story.get(),
        };
        let time_of_day = real.to_offset(CHINA).time();
        PrimitiveDateTime::new(day, time_of_day).assume_offset(CHINA).to_offset(UtcOffset::UTC)
    }

    /// Today in China on this timeline.
    pub fn today(self) -> Date {
        self.now().to_offset(CHINA).date()
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn a_fixed_day_stamps_that_day_in_china_whatever_the_real_date() {
        let day = date!(2023 - 11 - 10);
        let now = Timeline::Day(day).now();
        assert_eq!(now.offset(), UtcOffset::UTC);
        assert_eq!(now.to_offset(CHINA).date(), day);
        assert_eq!(Timeline::Day(day).today(), day);
    }

    #[test]
    fn a_story_moves_forward_only() {
        let story = StoryDay::leaked(date!(2023 - 04 - 27));
        let t = Timeline::Story(story);
        assert_eq!(t.today(), date!(2023 - 04 - 27));
        assert_eq!(story.advance(date!(2023 - 08 - 15)), date!(2023 - 08 - 15));
        assert_eq!(t.today(), date!(2023 - 08 - 15));
        assert_eq!(story.advance(date!(2023 - 05 - 01)), date!(2023 - 08 - 15), "never back");
        assert_eq!(t.now().to_offset(CHINA).date(), date!(2023 - 08 - 15));
    }

    #[test]
    fn the_real_timeline_is_the_real_clock() {
        let before = OffsetDateTime::now_utc();
        let now = Timeline::Real.now();
        assert!(now >= before && now - before < time::Duration::seconds(5));
    }
}
