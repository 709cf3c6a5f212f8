// Timed HTTP requests with Node's own fetch (undici, keep-alive by default) and a small pool
// that runs a bounded number of them at once.
import { performance } from 'node:perf_hooks';

export interface Timed {
	status: number;
	ms: number;
	body: string;
	headers: Headers;
}

/** One request, timed from the call until the whole body has been read. */
export async function timedFetch(url: string, init?: RequestInit): Promise<Timed> {
	const started = performance.now();
	try {
		const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
		const body = await response.text();
		return {
			status: response.status,
			ms: performance.now() - started,
			body,
			headers: response.headers
		};
	} catch (error) {
		// A refused or dropped connection counts as a status 0 answer, reported as such.
		const message = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : '';
		return { status: 0, ms: performance.now() - started, body: message, headers: new Headers() };
	}
}

/**
 * Runs `tasks` with at most `clients` in flight (each client takes the next task when its
 * previous one has answered). Returns the results in task order and the wall time.
 */
export async function pool<T>(
	clients: number,
	tasks: readonly (() => Promise<T>)[]
): Promise<{ results: T[]; wallMs: number }> {
	const results: T[] = new Array(tasks.length);
	let nextTask = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: Math.min(clients, tasks.length) }, async () => {
			while (nextTask < tasks.length) {
				const index = nextTask++;
				results[index] = await tasks[index]!();
			}
		})
	);
	return { results, wallMs: performance.now() - started };
}

/** "201 ×1, 409 ×99": answers counted by status, in status order. */
export function statusCounts(results: readonly { status: number }[]): Map<number, number> {
	const counts = new Map<number, number>();
	for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
	return new Map([...counts].sort(([a], [b]) => a - b));
}

export function formatCounts(counts: ReadonlyMap<number | string, number>): string {
	return [...counts].map(([key, count]) => `${key} ×${count}`).join(', ') || '-';
}
