// Numbers and tables for the benchmark report. Nothing here asserts: a benchmark prints what it
// measured, and a person (or a later comparison) judges it.
import { cpus, platform, release, totalmem } from 'node:os';

/** Latency summary of one measured series, in milliseconds. */
export interface Summary {
	count: number;
	p50: number;
	p95: number;
	max: number;
	mean: number;
}

/** Nearest-rank percentile (p in 0..100) of an ascending array. */
function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
	const sorted = [...samples].sort((a, b) => a - b);
	const total = sorted.reduce((sum, value) => sum + value, 0);
	return {
		count: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		max: sorted[sorted.length - 1] ?? Number.NaN,
		mean: sorted.length > 0 ? total / sorted.length : Number.NaN
	};
}

/** Milliseconds with a precision that suits their size. */
export function ms(value: number): string {
	if (!Number.isFinite(value)) return '-';
	return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

/** Prints a titled, aligned table (pipe-separated, so it pastes into Markdown). */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) =>
		Math.max(...cells.map((row) => (row[column] ?? '').length))
	);
	const line = (row: string[]) =>
		`| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
	console.log(`\n${title}\n`);
	console.log(line(header));
	console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
	for (const row of cells.slice(1)) console.log(line(row));
	console.log('');
}

/** The date and the machine the numbers were measured on. */
export function printMachine(): void {
	const cpu = cpus();
	printTable(
		'Clinic benchmark',
		['date', 'cpu', 'cores', 'memory', 'os', 'node'],
		[
			[
				new Date().toISOString(),
				cpu[0]?.model.trim() ?? 'unknown',
				cpu.length,
				`${Math.round(totalmem() / 2 ** 30)} GiB`,
				`${platform()} ${release()}`,
				process.version
			]
		]
	);
}

/** A line that stands out in the output without failing the run. */
export function warn(message: string): void {
	console.log(`WARNING: ${message}`);
}
