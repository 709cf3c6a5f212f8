import { Temporal } from 'temporal-polyfill';
import { monthNames } from '../clinic/dates';

/**
 * The weeks of a month for a calendar grid, Monday first, with null where a cell belongs to
 * the previous or next month.
 */
export function monthGrid(month: Temporal.PlainYearMonth): (Temporal.PlainDate | null)[][] {
	const first = month.toPlainDate({ day: 1 });
	const cells: (Temporal.PlainDate | null)[] = Array.from(
		{ length: first.dayOfWeek - 1 },
		() => null
	);
	for (let day = 1; day <= month.daysInMonth; day++) cells.push(month.toPlainDate({ day }));
	while (cells.length % 7 !== 0) cells.push(null);
	const weeks: (Temporal.PlainDate | null)[][] = [];
	for (let index = 0; index < cells.length; index += 7) weeks.push(cells.slice(index, index + 7));
	return weeks;
}

/** "March 2027" */
export function monthTitle(month: Temporal.PlainYearMonth): string {
	return `${monthNames[month.month - 1]} ${month.year}`;
}
