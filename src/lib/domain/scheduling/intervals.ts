/**
 * Half-open intervals [start, end) of epoch milliseconds. Lists called "sorted" here are
 * sorted by start and hold no overlapping or touching intervals, which is what lets a single
 * binary search answer "is anything busy in this window?".
 */

/** A half-open interval [start, end) in epoch milliseconds. */
export interface Interval {
	readonly start: number;
	readonly end: number;
}

/**
 * Sorts and joins overlapping or touching intervals, dropping empty ones. When two join, the
 * earlier one's other fields are kept, so a working interval keeps the anchor of its slot grid.
 */
export function mergeIntervals<T extends Interval>(intervals: readonly T[]): T[] {
	// Appointments usually arrive in start order from the database: then sorting is skipped.
	const sorted = isSorted(intervals) ? intervals : [...intervals].sort(byStartThenLongest);
	const merged: T[] = [];
	for (const interval of sorted) {
		if (interval.end <= interval.start) continue;
		const last = merged[merged.length - 1];
		if (last && interval.start <= last.end) {
			if (interval.end > last.end) merged[merged.length - 1] = { ...last, end: interval.end };
		} else {
			merged.push(interval);
		}
	}
	return merged;
}

function byStartThenLongest(a: Interval, b: Interval): number {
	return a.start - b.start || b.end - a.end;
}

function isSorted(intervals: readonly Interval[]): boolean {
	for (let index = 1; index < intervals.length; index += 1) {
		const previous = intervals[index - 1];
		const current = intervals[index];
		if (previous && current && byStartThenLongest(previous, current) > 0) return false;
	}
	return true;
}

/**
 * What remains of sorted `from` once sorted `remove` is taken out. Pieces keep the other
 * fields of the interval they were cut from.
 */
export function subtractIntervals<T extends Interval>(
	from: readonly T[],
	remove: readonly Interval[]
): T[] {
	const remaining: T[] = [];
	let cut = 0;
	for (const interval of from) {
		let start = interval.start;
		// Removals ending before this interval cannot touch later ones either.
		while (cut < remove.length && (remove[cut]?.end ?? Infinity) <= start) cut += 1;
		for (let index = cut; index < remove.length; index += 1) {
			const removal = remove[index];
			if (!removal || removal.start >= interval.end) break;
			if (removal.start > start) remaining.push({ ...interval, start, end: removal.start });
			start = Math.max(start, removal.end);
			if (start >= interval.end) break;
		}
		if (start < interval.end) remaining.push({ ...interval, start });
	}
	return remaining;
}

/** Index of the first interval of a sorted list that ends after `instant`. */
function firstEndingAfter(sorted: readonly Interval[], instant: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((sorted[middle]?.end ?? Infinity) > instant) high = middle;
		else low = middle + 1;
	}
	return low;
}

/** The first interval of a sorted list that overlaps [start, end), if any does. */
export function firstOverlap(
	sorted: readonly Interval[],
	start: number,
	end: number
): Interval | undefined {
	const candidate = sorted[firstEndingAfter(sorted, start)];
	return candidate !== undefined && candidate.start < end ? candidate : undefined;
}

/** Whether any interval of a sorted list overlaps [start, end). */
export function overlapsAny(sorted: readonly Interval[], start: number, end: number): boolean {
	return firstOverlap(sorted, start, end) !== undefined;
}

/** The interval of a sorted list that wholly contains [start, end), if one does. */
export function findContaining<T extends Interval>(
	sorted: readonly T[],
	start: number,
	end: number
): T | undefined {
	const candidate = sorted[firstEndingAfter(sorted, start)];
	return candidate && candidate.start <= start && candidate.end >= end ? candidate : undefined;
}
