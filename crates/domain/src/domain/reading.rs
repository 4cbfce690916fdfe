//! Counting reading time: only while the reading pane is in front and the member has pressed a
//! key within the idle limit. The clock is passed in.

use jiff::Timestamp;

/// A finished or in-progress reading session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadingSession {
    pub material: String,
    pub started: Timestamp,
    pub ended: Timestamp,
    pub active_seconds: i64,
}

/// Accumulates active reading time for one material.
///
/// Each moment counts when the last key press is no older than the idle limit: a gap between
/// two key presses adds at most `idle`, and so does the time after the last one.
#[derive(Clone, Debug)]
pub struct ReadingTimer {
    material: String,
    idle_ms: i64,
    started: Timestamp,
    last: Timestamp,
    active_ms: i64,
}

impl ReadingTimer {
    pub fn start(material: &str, now: Timestamp, idle_secs: u32) -> Self {
        ReadingTimer {
            material: material.to_string(),
            idle_ms: i64::from(idle_secs) * 1000,
            started: now,
            last: now,
            active_ms: 0,
        }
    }

    pub fn material(&self) -> &str {
        &self.material
    }

    pub fn started(&self) -> Timestamp {
        self.started
    }

    fn gap(&self, now: Timestamp) -> i64 {
        (now.as_millisecond() - self.last.as_millisecond()).clamp(0, self.idle_ms)
    }

    /// The member pressed a key (or turned the wheel) at `now`.
    pub fn activity(&mut self, now: Timestamp) {
        self.active_ms += self.gap(now);
        if now > self.last {
            self.last = now;
        }
    }

    /// Active seconds up to `now`, without changing the timer.
    pub fn active_seconds(&self, now: Timestamp) -> i64 {
        (self.active_ms + self.gap(now)) / 1000
    }

    /// The session as it stands at `now` (its end is the last moment that counted).
    pub fn session(&self, now: Timestamp) -> ReadingSession {
        let end_ms = self.last.as_millisecond() + self.gap(now);
        let ended = Timestamp::from_millisecond(end_ms).unwrap_or(now);
        ReadingSession {
            material: self.material.clone(),
            started: self.started,
            ended,
            active_seconds: self.active_seconds(now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> Timestamp {
        Timestamp::from_second(1_700_000_000 + secs).unwrap()
    }

    #[test]
    fn counts_gaps_up_to_the_idle_limit() {
        let mut timer = ReadingTimer::start("m", t(0), 300);
        timer.activity(t(10));
        timer.activity(t(70));
        assert_eq!(timer.active_seconds(t(70)), 70);
        // away for an hour: only the first five minutes after the last key count
        timer.activity(t(70 + 3600));
        assert_eq!(timer.active_seconds(t(70 + 3600)), 70 + 300);
        // trailing time after the last key, capped too
        assert_eq!(timer.active_seconds(t(70 + 3600 + 20)), 70 + 300 + 20);
        assert_eq!(timer.active_seconds(t(70 + 3600 + 9999)), 70 + 300 + 300);
        let s = timer.session(t(70 + 3600 + 9999));
        assert_eq!(s.started, t(0));
        assert_eq!(s.ended, t(70 + 3600 + 300));
    }

    #[test]
    fn clock_going_backwards_adds_nothing() {
        let mut timer = ReadingTimer::start("m", t(100), 300);
        timer.activity(t(50));
        assert_eq!(timer.active_seconds(t(50)), 0);
    }
}
