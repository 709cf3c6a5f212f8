import { it } from 'vitest';
import { largeSchedule } from './large-schedule-fixture';
import { buildScheduleContext, viewLocation } from './schedule-context';
import { buildBusyIndex, heldInterval } from './busy-index';
import { mergeIntervals } from './intervals';
import { workingTime } from './working-time';
import { epochDayOf } from './wall-clock';
function time(name: string, fn: () => unknown, runs = 20) {
	for (let i = 0; i < 5; i++) fn();
	const t0 = performance.now();
	for (let i = 0; i < runs; i++) fn();
	console.log(name, ((performance.now() - t0) / runs).toFixed(3));
}
it('timing', () => {
	const { input, query } = largeSchedule();
	time('busyIndex', () => buildBusyIndex(input.appointments));
	time('held only', () => input.appointments.map(heldInterval));
	time('epochMs only', () => { let s = 0; for (const a of input.appointments) s += a.start.epochMilliseconds + a.end.epochMilliseconds; return s; });
	const helds = input.appointments.map(heldInterval);
	time('merge 5000', () => mergeIntervals(helds));
	const ctx = buildScheduleContext(input);
	const first = epochDayOf(query.from);
	const view = viewLocation(ctx, input.locations[0]!, first, first + 30);
	time('workingTime x10', () => { for (let p = 1; p <= 10; p++) workingTime(ctx, view, p, first - 1, first + 31); });
});
