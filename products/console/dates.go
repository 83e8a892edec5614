package console

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrUsage marks a bad argument of the caller (a date, a filter, an action): the binding maps
// it to a usage error (exit code 2), nothing is sent. The errors match it with errors.Is; their
// text is the message alone.
var ErrUsage = errors.New("invalid argument")

type usageError struct{ msg string }

func (e usageError) Error() string        { return e.msg }
func (e usageError) Is(target error) bool { return target == ErrUsage }

// usagef returns an error that is ErrUsage, with the message of format.
func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// DateFormat is how Console's API reads the from and to parameters: UTC, "2013-02-28 12:00:00".
const DateFormat = "2006-01-02 15:04:05"

// FormatDate returns t in the API's form (UTC).
func FormatDate(t time.Time) string { return t.UTC().Format(DateFormat) }

var (
	// the manual's form, DD-MM-YY HH:MM:SS (the year may have four digits, the time may be
	// HH:MM or absent)
	manualDate = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\d{2})-(\d{2})-(\d{2}|\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$`)
	})
	// -<num>h, and the same with s, m (minutes) and d
	relative = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^-(\d{1,6})([smhd])$`) })
)

var units = map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}

// ParseDate reads a date as the manual writes them: "now", "-<num>h" (hours before now; s, m
// and d work too), "DD-MM-YY HH:MM:SS" (local time; "DD-MM-YYYY" and a time of "HH:MM" or none
// are accepted), and any ISO 8601 form: calendar dates (2024-03-05, 20240305, 2024-03, 2024),
// ordinal dates (2024-065, 2024065) and week dates (2024-W10-2, 2024W102, 2024-W10), alone or
// with a time after "T" or a space (hh, hh:mm, hh:mm:ss, hhmm, hhmmss, a decimal fraction of
// the last part with "." or ",", 24:00 for the end of the day) and a zone (Z, ±hh, ±hh:mm,
// ±hhmm). A date without a zone is in loc. Errors are ErrUsage (errors.Is).
func ParseDate(text string, now time.Time, loc *time.Location) (time.Time, error) {
	s := strings.TrimSpace(text)
	if loc == nil {
		loc = time.Local
	}
	switch {
	case s == "":
		return time.Time{}, usagef("empty date")
	case strings.EqualFold(s, "now"):
		return now, nil
	}
	if m := relative().FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return now.Add(-time.Duration(n) * units[m[2]]), nil
	}
	if m := manualDate().FindStringSubmatch(s); m != nil {
		return manual(m, loc, text)
	}
	t, err := parseISO(s, loc)
	if err != nil {
		return time.Time{}, usagef("date %q: %v (use DD-MM-YY HH:MM:SS, now, -<num>h or ISO 8601)", text, err)
	}
	return t, nil
}

func manual(m []string, loc *time.Location, text string) (time.Time, error) {
	n := make([]int, len(m))
	for i := 1; i < len(m); i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	year := n[3]
	if len(m[3]) == 2 {
		year += 2000
		if year > 2068 { // as strptime's %y: 69-99 are the 1900s
			year -= 100
		}
	}
	if err := checkClock(n[4], n[5], n[6]); err != nil {
		return time.Time{}, usagef("date %q: %v", text, err)
	}
	t, err := calendar(year, n[2], n[1], loc)
	if err != nil {
		return time.Time{}, usagef("date %q: %v", text, err)
	}
	return t.Add(time.Duration(n[4])*time.Hour + time.Duration(n[5])*time.Minute + time.Duration(n[6])*time.Second), nil
}

// calendar returns midnight of a date in loc, refusing a day that the month does not have.
func calendar(year, month, day int, loc *time.Location) (time.Time, error) {
	if month < 1 || month > 12 {
		return time.Time{}, fmt.Errorf("no month %d", month)
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, loc)
	if day < 1 || t.Day() != day {
		return time.Time{}, fmt.Errorf("%d-%02d has no day %d", year, month, day)
	}
	return t, nil
}

func checkClock(h, m, s int) error {
	if h > 23 || m > 59 || s > 59 {
		return fmt.Errorf("no time %02d:%02d:%02d", h, m, s)
	}
	return nil
}

var (
	isoCalendarExt = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`) })
	isoCalendarBas = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`) })
	isoYearMonth   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})-(\d{2})$`) })
	isoYear        = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})$`) })
	isoOrdinal     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})-?(\d{3})$`) })
	isoWeekExt     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})-W(\d{2})(?:-([1-7]))?$`) })
	isoWeekBas     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{4})W(\d{2})([1-7])?$`) })
	isoClockExt    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{2})(?::(\d{2})(?::(\d{2}))?)?(?:[.,](\d+))?$`) })
	isoClockBas    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d{2})(?:(\d{2})(\d{2})?)?(?:[.,](\d+))?$`) })
	isoZone        = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(Z|[+-]\d{2}(?::?\d{2})?)$`) })
)

// parseISO reads an ISO 8601 date with an optional time and zone.
func parseISO(s string, loc *time.Location) (time.Time, error) {
	datePart, timePart, hasTime := strings.Cut(strings.Replace(s, " ", "T", 1), "T")
	day, err := isoDay(datePart, loc)
	if err != nil {
		return time.Time{}, err
	}
	if !hasTime {
		return day, nil
	}
	if timePart == "" {
		return time.Time{}, errors.New("no time after T")
	}
	zone := loc
	if z := isoZone().FindString(timePart); z != "" && len(z) < len(timePart) {
		if zone, err = isoOffset(z); err != nil {
			return time.Time{}, err
		}
		timePart = strings.TrimSuffix(timePart, z)
		day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, zone)
	}
	offset, err := isoClock(timePart)
	if err != nil {
		return time.Time{}, err
	}
	return day.Add(offset), nil
}

// isoDay returns midnight of an ISO 8601 date in loc.
func isoDay(s string, loc *time.Location) (time.Time, error) {
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	if m := isoCalendarExt().FindStringSubmatch(s); m != nil {
		return calendar(atoi(m[1]), atoi(m[2]), atoi(m[3]), loc)
	}
	if m := isoCalendarBas().FindStringSubmatch(s); m != nil {
		return calendar(atoi(m[1]), atoi(m[2]), atoi(m[3]), loc)
	}
	if m := isoYearMonth().FindStringSubmatch(s); m != nil {
		return calendar(atoi(m[1]), atoi(m[2]), 1, loc)
	}
	if m := isoYear().FindStringSubmatch(s); m != nil {
		return calendar(atoi(m[1]), 1, 1, loc)
	}
	if m := isoOrdinal().FindStringSubmatch(s); m != nil {
		year, n := atoi(m[1]), atoi(m[2])
		jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
		if n < 1 || jan1.AddDate(0, 0, n-1).Year() != year {
			return time.Time{}, fmt.Errorf("%d has no day %d", year, n)
		}
		return jan1.AddDate(0, 0, n-1), nil
	}
	m := isoWeekExt().FindStringSubmatch(s)
	if m == nil {
		m = isoWeekBas().FindStringSubmatch(s)
	}
	if m != nil {
		year, week, wd := atoi(m[1]), atoi(m[2]), 1
		if m[3] != "" {
			wd = atoi(m[3])
		}
		// week 1 holds January 4th; weeks start on Monday
		jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, loc)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
		t := monday.AddDate(0, 0, (week-1)*7+wd-1)
		if week < 1 {
			return time.Time{}, fmt.Errorf("no week %d", week)
		}
		if _, w := t.ISOWeek(); w != week {
			return time.Time{}, fmt.Errorf("%d has no week %d", year, week)
		}
		return t, nil
	}
	return time.Time{}, errors.New("not a date")
}

// isoClock returns the time of day as an offset from midnight.
func isoClock(s string) (time.Duration, error) {
	re := isoClockBas()
	if strings.Contains(s, ":") {
		re = isoClockExt()
	}
	m := re.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a time", s)
	}
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	h, mi, sec := atoi(m[1]), atoi(m[2]), atoi(m[3])
	// the fraction belongs to the last part written
	unit := time.Hour
	switch {
	case m[3] != "":
		unit = time.Second
	case m[2] != "":
		unit = time.Minute
	}
	var frac time.Duration
	if m[4] != "" {
		f, _ := strconv.ParseFloat("0."+m[4], 64)
		frac = time.Duration(f * float64(unit))
	}
	if h == 24 && mi == 0 && sec == 0 && frac == 0 {
		return 24 * time.Hour, nil
	}
	if err := checkClock(h, mi, sec); err != nil {
		return 0, err
	}
	return time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second + frac, nil
}

// isoOffset returns the zone of Z, ±hh, ±hh:mm or ±hhmm.
func isoOffset(z string) (*time.Location, error) {
	if z == "Z" {
		return time.UTC, nil
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	h, _ := strconv.Atoi(digits[:2])
	mi := 0
	if len(digits) == 4 {
		mi, _ = strconv.Atoi(digits[2:])
	}
	if h > 23 || mi > 59 {
		return nil, fmt.Errorf("no zone %s", z)
	}
	off := h*3600 + mi*60
	if z[0] == '-' {
		off = -off
	}
	return time.FixedZone(z, off), nil
}
