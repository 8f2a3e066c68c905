//! The demo's acts each on its own day. The stories are told together, like threads of one
//! county's year: a story says which day its next act is on (`Thread::on`), and the calendar
//! lets the story whose next act comes first go on, alone, until it names its next day. So every
//! record is stamped with the day of its act, and the audit trail runs forward in time as it
//! would have been written, whichever story an act belongs to.

use std::sync::Mutex;

use time::Date;
use tokio::sync::Notify;
use xuncha_app::StoryDay;

/// Where each story stands.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    /// Not yet asked for a day: nobody goes on until it has.
    Starting,
    /// Waiting for its next act's day.
    Waiting(Date),
    /// Taking its acts.
    Running,
    Done,
}

/// The stories told together, and the day they have reached.
pub struct Calendar {
    day: &'static StoryDay,
    slots: Mutex<Vec<Slot>>,
    turn: Notify,
}

/// One story's place on the calendar.
pub struct Thread<'c> {
    calendar: &'c Calendar,
    id: usize,
}

impl Calendar {
    pub fn new(day: &'static StoryDay) -> Self {
        Calendar { day, slots: Mutex::new(Vec::new()), turn: Notify::new() }
    }

    /// A story to be told with the others. Every thread must be taken before any is run, and
    /// each story asks for its first day before its first act.
    pub fn thread(&self) -> Thread<'_> {
        let mut slots = self.slots.lock().expect("calendar lock");
        slots.push(Slot::Starting);
        Thread { calendar: self, id: slots.len() - 1 }
    }

    /// The story to go on: none while one runs or one has not asked for a day yet; else the one
    /// whose next act comes first (the one taken first on a tie).
    fn next(slots: &[Slot]) -> Option<usize> {
        if slots.iter().any(|s| matches!(s, Slot::Starting | Slot::Running)) {
            return None;
        }
        let waiting = slots.iter().enumerate().filter_map(|(i, s)| match s {
            Slot::Waiting(d) => Some((*d, i)),
            _ => None,
        });
        waiting.min().map(|(_, i)| i)
    }

    fn set(&self, id: usize, slot: Slot) {
        self.slots.lock().expect("calendar lock")[id] = slot;
        self.turn.notify_waiters();
    }
}

impl Thread<'_> {
    /// Waits until the story's next act, on `day`, comes first; the records of the acts that
    /// follow are stamped on that day (or on the day reached, if a story asks for one it passed).
    pub async fn on(&self, day: Date) {
        let c = self.calendar;
        c.set(self.id, Slot::Waiting(day));
        loop {
            let turn = c.turn.notified();
            tokio::pin!(turn);
            turn.as_mut().enable();
            {
                let mut slots = c.slots.lock().expect("calendar lock");
                if Calendar::next(&slots) == Some(self.id) {
                    slots[self.id] = Slot::Running;
                    c.day.advance(day);
                    return;
                }
            }
            turn.await;
        }
    }

    /// Tells the story to its end (or its first error), then lets the others go on.
    pub async fn run<T>(&self, story: impl std::future::Future<Output = T>) -> T {
        let out = story.await;
        self.calendar.set(self.id, Slot::Done);
        out
    }
}

/// A story never run, or cancelled midway, must not hold the others up.
impl Drop for Thread<'_> {
    fn drop(&mut self) {
        self.calendar.set(self.id, Slot::Done);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex as Log;

    use time::macros::date;

    use super::*;

    type Told = Log<Vec<(&'static str, Date)>>;

    /// A story that notes the day each of its acts was taken on.
    async fn tell(t: &Thread<'_>, log: &Told, name: &'static str, days: Vec<Date>) {
        for d in days {
            t.on(d).await;
            log.lock().unwrap().push((name, t.calendar.day.get()));
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn stories_told_together_take_their_acts_in_the_order_of_their_days() {
        let day = StoryDay::leaked(date!(2023 - 01 - 01));
        let calendar = Calendar::new(day);
        let log = Log::new(Vec::new());
        let (a, b) = (calendar.thread(), calendar.thread());
        tokio::join!(
            a.run(tell(&a, &log, "甲", vec![date!(2023 - 05 - 01), date!(2023 - 08 - 15), date!(2023 - 09 - 01)])),
            b.run(tell(&b, &log, "乙", vec![date!(2023 - 05 - 10), date!(2023 - 06 - 01), date!(2023 - 08 - 20)])),
        );
        let log = log.into_inner().unwrap();
        let days: Vec<Date> = log.iter().map(|(_, d)| *d).collect();
        assert!(days.windows(2).all(|w| w[0] <= w[1]), "acts in the order of their days: {log:?}");
        let names: Vec<&str> = log.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["甲", "乙", "乙", "甲", "乙", "甲"]);
        assert_eq!(day.get(), date!(2023 - 09 - 01));
    }
}
