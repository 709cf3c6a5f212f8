import { Temporal } from 'temporal-polyfill';
import { formatClockTime } from '../booking/appointment-time';

/*
 * The staff day view as a table: one row per step of real time, one column per practitioner
 * (or room). An appointment is one cell spanning its rows (rowspan), so the view needs no
 * positioning styles, reads row by row in a screen reader and works by keyboard. Rows are
 * real instants, so a daylight-saving day has 23 or 25 hours of rows, each labelled with the
 * clock time it shows.
 */

/** Something that occupies a column for a while. */
export interface GridEntry<T> {
	columnId: number;
	start: Temporal.Instant;
	end: Temporal.Instant;
	item: T;
}

/** When a column is working; rows outside these are shown as off. */
export interface GridHours {
	columnId: number;
	start: Temporal.Instant;
	end: Temporal.Instant;
}

export type GridCell<T> =
	| { kind: 'entry'; rowspan: number; entries: T[] }
	| { kind: 'free' }
	| { kind: 'off' }
	/** Covered by an entry that started in an earlier row: render nothing. */
	| { kind: 'covered' };

export interface GridRow<T> {
	start: Temporal.Instant;
	/** "9:15 am" */
	label: string;
	/** Whether `now` falls in this row (the "today" line). */
	current: boolean;
	cells: GridCell<T>[];
}

/**
 * Lays out one local day from `firstHour` to `lastHour` (wall clock) in `stepMinutes` rows.
 * Entries that overlap in one column (which the database prevents for live appointments, but
 * may happen for cancelled ones shown on purpose) share a cell.
 */
export function dayGrid<T>(options: {
	date: Temporal.PlainDate;
	timeZone: string;
	columnIds: readonly number[];
	entries: readonly GridEntry<T>[];
	hours: readonly GridHours[];
	now: Temporal.Instant;
	firstHour?: number;
	lastHour?: number;
	stepMinutes?: number;
}): GridRow<T>[] {
	const { date, timeZone, columnIds, now } = options;
	const step = options.stepMinutes ?? 15;
	const from = date
		.toZonedDateTime({ timeZone, plainTime: { hour: options.firstHour ?? 7 } })
		.toInstant();
	const until = (
		options.lastHour === undefined || options.lastHour >= 24
			? date.add({ days: 1 }).toZonedDateTime({ timeZone })
			: date.toZonedDateTime({ timeZone, plainTime: { hour: options.lastHour } })
	).toInstant();
	const starts: Temporal.Instant[] = [];
	for (let at = from; Temporal.Instant.compare(at, until) < 0; at = at.add({ minutes: step })) {
		starts.push(at);
	}
	const rowOf = (instant: Temporal.Instant) => {
		const index = Math.floor(
			(instant.epochMilliseconds - from.epochMilliseconds) / (step * 60_000)
		);
		return Math.min(Math.max(index, 0), starts.length);
	};
	const rows: GridRow<T>[] = starts.map((start) => ({
		start,
		label: formatClockTime(start.toZonedDateTimeISO(timeZone)),
		current:
			Temporal.Instant.compare(start, now) <= 0 &&
			Temporal.Instant.compare(now, start.add({ minutes: step })) < 0,
		cells: columnIds.map(() => ({ kind: 'off' }) as GridCell<T>)
	}));

	columnIds.forEach((columnId, column) => {
		for (const hours of options.hours.filter((entry) => entry.columnId === columnId)) {
			for (let row = rowOf(hours.start); row < rowOf(hours.end); row++) {
				const cells = rows[row]?.cells;
				if (cells) cells[column] = { kind: 'free' };
			}
		}
		const entries = options.entries
			.filter((entry) => entry.columnId === columnId)
			.filter(
				(entry) =>
					Temporal.Instant.compare(entry.end, from) > 0 &&
					Temporal.Instant.compare(entry.start, until) < 0
			)
			.sort((a, b) => Temporal.Instant.compare(a.start, b.start));
		let open: {
			row: number;
			last: number;
			cell: { kind: 'entry'; rowspan: number; entries: T[] };
		} | null = null;
		for (const entry of entries) {
			const first = rowOf(entry.start);
			const last = Math.max(
				first + 1,
				Math.ceil((entry.end.epochMilliseconds - from.epochMilliseconds) / (step * 60_000))
			);
			const end = Math.min(last, rows.length);
			if (open && first < open.last) {
				open.cell.entries.push(entry.item);
				if (end > open.last) {
					for (let row = open.last; row < end; row++) {
						const cells = rows[row]?.cells;
						if (cells) cells[column] = { kind: 'covered' };
					}
					open.last = end;
					open.cell.rowspan = end - open.row;
				}
				continue;
			}
			const cell = { kind: 'entry' as const, rowspan: end - first, entries: [entry.item] };
			const cells = rows[first]?.cells;
			if (!cells) continue;
			cells[column] = cell;
			for (let row = first + 1; row < end; row++) {
				const covered = rows[row]?.cells;
				if (covered) covered[column] = { kind: 'covered' };
			}
			open = { row: first, last: end, cell };
		}
	});
	return rows;
}
