// Whether a Lighthouse run measured the page or the machine it ran on (ADR 0028). Simulated
// performance multiplies what the trace observed, so a run on a slower or starved host says
// nothing about the page; these rules tell such runs apart from ones that can be judged.

/** Lighthouse's default CPU slowdown for its mobile preset. */
export const defaultCpuSlowdown = 4;

/**
 * The benchmarkIndex at which Lighthouse's documentation places the default 4× (the lower
 * end of its "high-end desktop" bracket, 1500–2000, in docs/throttling.md). Below it, the
 * same 4× simulates a slower phone than intended.
 */
export const referenceBenchmarkIndex = 1500;

/**
 * The least share of its long tasks' wall time that the page's main thread must have spent
 * running on a CPU for the run to count as uncontended, over all of them and for any one.
 * Measured on the two-core CI machine on 2026-11-27 (the 4 key pages): with the machine
 * otherwise idle, 0.31–0.70 over all and at least 0.22 for any one task (20 runs); with
 * Chromium held to 0.4–0.8 of a core by a cgroup CPU quota, 0.09–0.21 over all in all but one
 * of about 50 runs (that one ran at 0.40 and scored 100: the quota did not bite). One CI run
 * later had a task at 0.08 in a run that scored 100: the one-task line is the softer of the two,
 * and crossing it only ever means measuring again.
 */
export const minMainThreadCpuShare = { overall: 0.25, anyTask: 0.1 };

const twoDecimals = (value: number) => Math.round(value * 100) / 100;

/** Long tasks are the ones that can block; shorter ones are left out of the share. */
const longTaskMicros = 10_000;

/**
 * The CPU slowdown that simulates the same phone as the default does on a reference host,
 * given the benchmarkIndex Lighthouse measured on this host: scaled down in proportion when
 * the host is slower, never below 1× and never above the default (a faster host keeps 4×,
 * which is stricter there, as Lighthouse itself is).
 *
 * @param benchmarkIndex `lhr.environment.benchmarkIndex` of a run on this host
 * @returns the multiplier to pass as `throttling.cpuSlowdownMultiplier`, to two decimals
 */
export function calibratedCpuSlowdown(benchmarkIndex: number): number {
	if (!Number.isFinite(benchmarkIndex) || benchmarkIndex <= 0) return defaultCpuSlowdown;
	const scaled = (defaultCpuSlowdown * benchmarkIndex) / referenceBenchmarkIndex;
	const bounded = Math.min(defaultCpuSlowdown, Math.max(1, scaled));
	return twoDecimals(bounded);
}

/** The fields of a Chrome trace event that these rules read. */
export interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	tdur?: number;
	args?: { data?: { documentLoaderURL?: string; isLoadingMainFrame?: boolean } };
}

/** Thread time ÷ wall time of the page's long main-thread tasks, over all and the least. */
export interface MainThreadCpuShare {
	overall: number;
	leastTask: number;
}

/**
 * The share of wall time that the page's main thread spent on a CPU during its long tasks
 * (thread time ÷ wall time), from the navigation of `documentUrl` on: over all of them, and
 * for the task that ran least. Waiting for another process is part of a task either way; a
 * much lower share than usual means the thread was descheduled, which the simulation would
 * then multiply as if the page had done the work.
 *
 * @returns the shares (0–1), 1 when there was no long task, or null when the trace has no
 *   navigation to `documentUrl` or no thread times to tell
 */
export function mainThreadCpuShare(
	events: readonly TraceEvent[],
	documentUrl: string
): MainThreadCpuShare | null {
	const navigation = events.find(
		(event) =>
			event.name === 'navigationStart' &&
			event.args?.data?.isLoadingMainFrame === true &&
			event.args.data.documentLoaderURL === documentUrl
	);
	if (!navigation) return null;
	const tasks = events.filter(
		(event) =>
			event.name === 'RunTask' &&
			event.ph === 'X' &&
			event.pid === navigation.pid &&
			event.tid === navigation.tid &&
			event.ts >= navigation.ts &&
			(event.dur ?? 0) >= longTaskMicros
	);
	if (tasks.length === 0) return { overall: 1, leastTask: 1 };
	if (tasks.some((task) => task.tdur === undefined)) return null;
	const wall = tasks.reduce((sum, task) => sum + (task.dur ?? 0), 0);
	const cpu = tasks.reduce((sum, task) => sum + (task.tdur ?? 0), 0);
	const leastTask = Math.min(...tasks.map((task) => (task.tdur ?? 0) / (task.dur ?? 1)));
	return { overall: twoDecimals(cpu / wall), leastTask: twoDecimals(leastTask) };
}

/** What one Lighthouse run measured, as far as these rules need it. */
export interface RunConditions {
	performance: number;
	benchmarkIndex: number;
	cpuSlowdown: number;
	cpuShare: MainThreadCpuShare | null;
}

/**
 * Whether a run's performance score is the page's own: a 100 always is (contention only
 * adds time), and a lower score is when the main thread was not starved (or that cannot be
 * told) and the CPU slowdown was no more than this host's measured speed calls for.
 */
export function isConclusive(run: RunConditions): boolean {
	if (run.performance >= 100) return true;
	const share = run.cpuShare;
	const starved =
		share !== null &&
		(share.overall < minMainThreadCpuShare.overall ||
			share.leastTask < minMainThreadCpuShare.anyTask);
	const overSlowed = run.cpuSlowdown > calibratedCpuSlowdown(run.benchmarkIndex);
	return !starved && !overSlowed;
}
