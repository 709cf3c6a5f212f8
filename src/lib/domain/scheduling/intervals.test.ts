import { describe, expect, it } from 'vitest';
import { findContaining, mergeIntervals, overlapsAny, subtractIntervals } from './intervals';

const span = (start: number, end: number) => ({ start, end });

describe('intervals', () => {
	it('merge joins overlapping and touching intervals, keeping the earlier one’s fields', () => {
		expect(
			mergeIntervals([
				{ start: 5, end: 8, anchor: 'b' },
				{ start: 0, end: 5, anchor: 'a' },
				{ start: 10, end: 12, anchor: 'c' },
				{ start: 11, end: 11, anchor: 'empty' }
			])
		).toEqual([
			{ start: 0, end: 8, anchor: 'a' },
			{ start: 10, end: 12, anchor: 'c' }
		]);
	});

	it('merge keeps a longer interval whole when a shorter one lies inside it', () => {
		// A closure from 10:00 to 11:00 inside one from 09:00 to 17:00 must not end the day at 11:00.
		expect(mergeIntervals([span(0, 100), span(10, 20), span(100, 120), span(105, 110)])).toEqual([
			span(0, 120)
		]);
		expect(mergeIntervals([span(10, 20), span(0, 100)])).toEqual([span(0, 100)]);
	});

	it('merge drops empty and backwards intervals that touch nothing', () => {
		expect(mergeIntervals([span(0, 5), span(20, 20), span(30, 25), span(40, 45)])).toEqual([
			span(0, 5),
			span(40, 45)
		]);
	});

	it('merge of intervals starting together keeps the longer one’s fields', () => {
		expect(
			mergeIntervals([
				{ start: 0, end: 5, anchor: 'short' },
				{ start: 0, end: 10, anchor: 'long' },
				{ start: 20, end: 30, anchor: 'next' }
			])
		).toEqual([
			{ start: 0, end: 10, anchor: 'long' },
			{ start: 20, end: 30, anchor: 'next' }
		]);
	});

	it('subtract leaves an interval whole when every removal lies after it', () => {
		expect(subtractIntervals([span(0, 10)], [span(20, 30)])).toEqual([span(0, 10)]);
		expect(subtractIntervals([span(0, 10), span(25, 35)], [span(10, 20), span(30, 32)])).toEqual([
			span(0, 10),
			span(25, 30),
			span(32, 35)
		]);
	});

	it('subtract cuts holes and trims edges', () => {
		expect(
			subtractIntervals(
				[span(0, 10), span(20, 30)],
				[span(-5, 1), span(4, 6), span(9, 22), span(29, 40)]
			)
		).toEqual([span(1, 4), span(6, 9), span(22, 29)]);
		expect(subtractIntervals([span(0, 10)], [])).toEqual([span(0, 10)]);
		expect(subtractIntervals([span(0, 10)], [span(0, 10)])).toEqual([]);
	});

	it('overlap is half-open: touching is not overlapping', () => {
		const busy = [span(10, 20), span(30, 40)];
		expect(overlapsAny(busy, 0, 10)).toBe(false);
		expect(overlapsAny(busy, 20, 30)).toBe(false);
		expect(overlapsAny(busy, 19, 21)).toBe(true);
		expect(overlapsAny(busy, 0, 100)).toBe(true);
		expect(overlapsAny(busy, 41, 50)).toBe(false);
		expect(overlapsAny([], 0, 1)).toBe(false);
	});

	it('containment needs one interval to hold the whole window', () => {
		const open = [span(0, 10), span(10, 20), span(30, 40)];
		expect(findContaining(open, 2, 10)).toEqual(span(0, 10));
		expect(findContaining(open, 8, 12)).toBeUndefined();
		expect(findContaining(open, 30, 40)).toEqual(span(30, 40));
		expect(findContaining(open, 25, 31)).toBeUndefined();
	});
});
