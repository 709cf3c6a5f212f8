import type { OpeningHours, Weekday } from './types';

const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;

const dayNames: Record<Weekday, string> = {
	1: 'Monday',
	2: 'Tuesday',
	3: 'Wednesday',
	4: 'Thursday',
	5: 'Friday',
	6: 'Saturday',
	7: 'Sunday'
};

/** The English name of an ISO weekday. */
export function weekdayName(weekday: Weekday): string {
	return dayNames[weekday];
}

/**
 * Formats 'HH:MM' on a 12-hour clock the way US patients read it ("9:00 am", "12:30 pm").
 */
export function formatWallTime(time: string): string {
	const [hourText, minute = '00'] = time.split(':');
	const hour = Number(hourText);
	const suffix = hour < 12 || hour === 24 ? 'am' : 'pm';
	const twelve = hour % 12 === 0 ? 12 : hour % 12;
	return `${twelve}:${minute} ${suffix}`;
}

/** A time span as patients read it: "9:00 am – 6:00 pm". */
export function formatInterval(from: string, to: string): string {
	return `${formatWallTime(from)} – ${formatWallTime(to)}`;
}

/** A weekly span with its day, as staff lists show it: "Monday 9:00 am – 6:00 pm". */
export function formatWeeklyInterval(weekday: Weekday, from: string, to: string): string {
	return `${weekdayName(weekday)} ${formatInterval(from, to)}`;
}

/** The seven days from Monday, as the choices of a form's day field. */
export function weekdayChoices(): { value: Weekday; name: string }[] {
	return isoWeekdays.map((weekday) => ({ value: weekday, name: weekdayName(weekday) }));
}

/**
 * The choice that adds the same hours to Monday through Friday at once, offered after the
 * single days on hours forms: most clinics keep the same weekday hours, and typing them five
 * times is where a new clinic's setup spends most of its keystrokes.
 */
export const mondayToFriday = { value: 'mon-fri', name: 'Monday to Friday' } as const;

/** The weekday values a form's day choice stands for: five for Monday to Friday, else itself. */
export function expandWeekdayChoice(value: string): string[] {
	return value === mondayToFriday.value ? ['1', '2', '3', '4', '5'] : [value];
}

/** One line of a weekly timetable: a day with its intervals, or closed. */
export interface DaySchedule {
	weekday: Weekday;
	name: string;
	/** Human-readable intervals such as "9:00 am – 6:00 pm"; empty when closed. */
	intervals: string[];
}

/**
 * The week from Monday to Sunday with each day's opening intervals in order; days without
 * hours are listed as closed, so the table never leaves a patient guessing.
 */
export function weeklySchedule(hours: readonly OpeningHours[]): DaySchedule[] {
	return isoWeekdays.map((weekday) => ({
		weekday,
		name: weekdayName(weekday),
		intervals: hours
			.filter((entry) => entry.weekday === weekday)
			.sort((a, b) => a.opens.localeCompare(b.opens))
			.map((entry) => formatInterval(entry.opens, entry.closes))
	}));
}

/** A run of consecutive days with identical hours, for compact summaries ("Mon–Fri"). */
export interface ScheduleGroup {
	label: string;
	intervals: string[];
}

/**
 * Collapses consecutive days with identical hours into groups, skipping closed days:
 * "Monday–Friday 9:00 am – 6:00 pm", "Saturday 9:00 am – 1:00 pm".
 */
export function groupedSchedule(hours: readonly OpeningHours[]): ScheduleGroup[] {
	const groups: { first: DaySchedule; last: DaySchedule }[] = [];
	for (const day of weeklySchedule(hours)) {
		if (day.intervals.length === 0) continue;
		const previous = groups.at(-1);
		if (
			previous &&
			previous.last.weekday === day.weekday - 1 &&
			previous.last.intervals.join() === day.intervals.join()
		) {
			previous.last = day;
		} else {
			groups.push({ first: day, last: day });
		}
	}
	return groups.map(({ first, last }) => ({
		label: first === last ? first.name : `${first.name}–${last.name}`,
		intervals: first.intervals
	}));
}

/** schema.org `OpeningHoursSpecification` entries for structured data. */
export function openingHoursSpecification(hours: readonly OpeningHours[]) {
	return [...hours]
		.sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens))
		.map((entry) => ({
			'@type': 'OpeningHoursSpecification',
			dayOfWeek: `https://schema.org/${weekdayName(entry.weekday)}`,
			opens: entry.opens,
			closes: entry.closes
		}));
}
