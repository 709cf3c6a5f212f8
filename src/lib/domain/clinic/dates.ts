/** English month names, January first. */
export const monthNames = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

/** "November 16, 2026" from "2026-11-16"; the input is a calendar date, so no zone applies. */
export function formatCalendarDate(isoDate: string): string {
	const [year, month, day] = isoDate.split('-').map(Number);
	if (!year || !month || !day || month > 12) return isoDate;
	return `${monthNames[month - 1]} ${day}, ${year}`;
}
