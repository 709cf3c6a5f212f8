import { describe, expect, it } from 'vitest';
import {
	calibratedCpuSlowdown,
	defaultCpuSlowdown,
	isConclusive,
	mainThreadCpuShare,
	referenceBenchmarkIndex,
	type TraceEvent
} from './lighthouse-conditions';

describe('calibratedCpuSlowdown', () => {
	it('keeps the default 4× on a host as fast as the reference', () => {
		expect(calibratedCpuSlowdown(referenceBenchmarkIndex)).toBe(defaultCpuSlowdown);
	});

	it('keeps 4× on a faster host (never more lenient than the default there)', () => {
		expect(calibratedCpuSlowdown(2800)).toBe(4);
	});

	it('scales down in proportion on a slower host', () => {
		expect(calibratedCpuSlowdown(1125)).toBe(3);
		expect(calibratedCpuSlowdown(750)).toBe(2);
	});

	it('never goes below 1× (no speeding up on a very slow host)', () => {
		expect(calibratedCpuSlowdown(200)).toBe(1);
	});

	it('keeps the default when the benchmark is missing or nonsense', () => {
		expect(calibratedCpuSlowdown(Number.NaN)).toBe(4);
		expect(calibratedCpuSlowdown(0)).toBe(4);
		expect(calibratedCpuSlowdown(-5)).toBe(4);
	});

	it('rounds to two decimals', () => {
		expect(calibratedCpuSlowdown(1234)).toBe(3.29);
	});
});

describe('mainThreadCpuShare', () => {
	const url = 'http://127.0.0.1:4000/services';
	const navigation: TraceEvent = {
		name: 'navigationStart',
		ph: 'R',
		pid: 7,
		tid: 1,
		ts: 1_000,
		args: { data: { documentLoaderURL: url, isLoadingMainFrame: true } }
	};
	const task = (ts: number, dur: number, tdur: number | undefined, pid = 7, tid = 1) =>
		({ name: 'RunTask', ph: 'X', pid, tid, ts, dur, tdur }) satisfies TraceEvent;

	it('is thread time over wall time of the long tasks after the navigation', () => {
		const events = [navigation, task(2_000, 40_000, 20_000), task(50_000, 60_000, 10_000)];
		expect(mainThreadCpuShare(events, url)).toEqual({ overall: 0.3, leastTask: 0.17 });
	});

	it('leaves out short tasks, tasks before the navigation and other threads', () => {
		const events = [
			task(500, 80_000, 1_000),
			navigation,
			task(2_000, 40_000, 20_000),
			task(50_000, 9_000, 0),
			task(60_000, 90_000, 0, 7, 2),
			task(70_000, 90_000, 0, 8, 1)
		];
		expect(mainThreadCpuShare(events, url)).toEqual({ overall: 0.5, leastTask: 0.5 });
	});

	it('is 1 when there was no long task (nothing could be starved)', () => {
		expect(mainThreadCpuShare([navigation, task(2_000, 5_000, 100)], url)).toEqual({
			overall: 1,
			leastTask: 1
		});
	});

	it('cannot tell without the navigation or without thread times', () => {
		expect(mainThreadCpuShare([task(2_000, 40_000, 20_000)], url)).toBeNull();
		expect(mainThreadCpuShare([navigation, task(2_000, 40_000, undefined)], url)).toBeNull();
	});

	it('ignores a navigation of another document or of a frame', () => {
		const frame = { ...navigation, args: { data: { documentLoaderURL: url } } };
		const other = {
			...navigation,
			args: { data: { documentLoaderURL: 'about:blank', isLoadingMainFrame: true } }
		};
		expect(mainThreadCpuShare([frame, other, task(2_000, 40_000, 20_000)], url)).toBeNull();
	});
});

describe('isConclusive', () => {
	const quiet = {
		performance: 97,
		benchmarkIndex: 1800,
		cpuSlowdown: 4,
		cpuShare: { overall: 0.4, leastTask: 0.22 }
	};

	it('a 100 is the page’s own, however busy the machine was', () => {
		const starved = { overall: 0.05, leastTask: 0 };
		expect(isConclusive({ ...quiet, performance: 100, cpuShare: starved })).toBe(true);
	});

	it('a lower score on a quiet machine at the calibrated slowdown is the page’s own', () => {
		expect(isConclusive(quiet)).toBe(true);
		expect(isConclusive({ ...quiet, benchmarkIndex: 900, cpuSlowdown: 2.4 })).toBe(true);
	});

	it('a lower score with the main thread starved over all its long tasks is not', () => {
		expect(isConclusive({ ...quiet, cpuShare: { overall: 0.2, leastTask: 0.18 } })).toBe(false);
	});

	it('a lower score with one long task that hardly ran is not', () => {
		expect(isConclusive({ ...quiet, cpuShare: { overall: 0.3, leastTask: 0.05 } })).toBe(false);
	});

	it('a lower score with 4× on a host slower than the reference is not', () => {
		expect(isConclusive({ ...quiet, benchmarkIndex: 1000 })).toBe(false);
	});

	it('a lower score whose starvation cannot be told is judged (strict)', () => {
		expect(isConclusive({ ...quiet, cpuShare: null })).toBe(true);
	});
});
