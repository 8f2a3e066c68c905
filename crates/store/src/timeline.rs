//! The one clock records are stamped by. A run with a fixed "today" (the demo, a run judged as
//! of a past day) stamps its records on that day too, so a plan submitted in the demo's story
//! says the day its deadlines are judged on, and history, documents and exports agree.

use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};

use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

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

/// The day a story has reached: set as each act of the story is taken, never moved back. Its
/// acts are stamped from 09:00 that day, a second apart, so they keep their order whatever the
/// real clock does (a story told across midnight included).
#[derive(Debug)]
pub struct StoryDay {
    day: AtomicI32,
    /// Instants handed out on the day reached.
    ticks: AtomicU32,
}

/// The last second a story's day stamps (after 14 hours of acts, they share it).
const LAST_TICK: u32 = 14 * 3600 - 1;

impl StoryDay {
    /// A story starting on `day`, for the rest of the process (stories are told once, at start).
    pub fn leaked(day: Date) -> &'static StoryDay {
        Box::leak(Box::new(StoryDay { day: AtomicI32::new(day.to_julian_day()), ticks: AtomicU32::new(0) }))
    }

    pub fn get(&self) -> Date {
        Date::from_julian_day(self.day.load(Ordering::SeqCst)).unwrap_or(Date::MIN)
    }

    /// Moves the story on to `day` (a day before the one reached leaves it where it is).
    pub fn advance(&self, day: Date) -> Date {
        let before = self.day.fetch_max(day.to_julian_day(), Ordering::SeqCst);
        if day.to_julian_day() > before {
            self.ticks.store(0, Ordering::SeqCst);
        }
        self.get()
    }

    /// The instant of the next act, China local: the day reached, from 09:00, a second on.
    fn next_instant(&self) -> PrimitiveDateTime {
        let tick = self.ticks.fetch_add(1, Ordering::SeqCst).min(LAST_TICK);
        PrimitiveDateTime::new(self.get(), Time::from_hms(9, 0, 0).unwrap_or(Time::MIDNIGHT))
            + Duration::seconds(i64::from(tick))
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
        let local = match self {
            Timeline::Real => return real,
            Timeline::Day(day) => PrimitiveDateTime::new(day, real.to_offset(CHINA).time()),
            Timeline::Story(story) => story.next_instant(),
        };
        local.assume_offset(CHINA).to_offset(UtcOffset::UTC)
    }

    /// Today in China on this timeline.
    pub fn today(self) -> Date {
        if let Timeline::Story(story) = self {
            return story.get();
        }
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
        let (first, second) = (t.now().to_offset(CHINA), t.now().to_offset(CHINA));
        assert_eq!(first.date(), date!(2023 - 08 - 15));
        assert_eq!((first.hour(), first.minute()), (9, 0), "acts from 09:00");
        assert_eq!(second - first, Duration::seconds(1), "a second apart, in order");
        story.advance(date!(2023 - 08 - 16));
        assert_eq!(t.now().to_offset(CHINA).time(), Time::from_hms(9, 0, 0).unwrap(), "each day from 09:00");
    }

    #[test]
    fn the_real_timeline_is_the_real_clock() {
        let before = OffsetDateTime::now_utc();
        let now = Timeline::Real.now();
        assert!(now >= before && now - before < time::Duration::seconds(5));
    }
}
