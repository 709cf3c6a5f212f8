import { Temporal } from 'temporal-polyfill';
import { formatCalendarDate, monthNames } from '../clinic/dates';
import {
	assessChange,
	changeThresholds,
	meaningfulChangeRules,
	type ChangeVerdict
} from './meaningful-change';
import { scales, scoreMax, scoreMin, type ScaleId } from './scales';

/*
 * The geometry of a score trend, for a chart rendered on the server as SVG (no client script)
 * and a data table that says the same thing to people who cannot see the chart. Everything a
 * template needs is computed here so the Svelte side only loops and prints.
 *
 * Dates are spaced by the days between them, so a long gap between visits looks long. The
 * band around the first score marks changes too small to count (see meaningful-change.ts).
 */

/** One visit's score, possibly not answered. */
export interface DatedScore {
	/** The visit's calendar date, "2027-03-15". */
	date: string;
	score: number | null;
}

export interface TrendChartOptions {
	/** The SVG's user-space width and height; the SVG scales to its container. */
	width?: number;
	height?: number;
}

export interface ChartPoint {
	date: string;
	score: number;
	x: number;
	y: number;
	/** Text for the point's <title>: "March 2, 2027: 7". */
	label: string;
}

export interface AxisTick {
	/** Position on the axis (y for the score axis, x for the date axis). */
	position: number;
	/** Text printed at the tick; may be empty where it would overlap its neighbour. */
	label: string;
}

export interface ThresholdLine {
	value: number;
	y: number;
	label: string;
}

export interface TrendTableRow {
	date: string;
	dateLabel: string;
	score: number | null;
	scoreText: string;
	changeText: string;
	verdictText: string;
}

export interface TrendTable {
	caption: string;
	columns: readonly [string, string, string, string];
	rows: TrendTableRow[];
}

export interface TrendChart {
	scale: ScaleId;
	/** For the SVG's <title> and the figure's heading. */
	title: string;
	/** For the SVG's <desc>: the first and latest score and what the change means. */
	description: string;
	width: number;
	height: number;
	viewBox: string;
	/** The plotting area inside the axes. */
	plot: { left: number; top: number; right: number; bottom: number };
	yAxis: { label: string; ticks: (AxisTick & { value: number })[] };
	xAxis: { label: string; ticks: (AxisTick & { date: string })[] };
	points: ChartPoint[];
	/** The `points` attribute of a <polyline> through the scored visits, in date order. */
	polyline: string;
	/** Visits without a score, to mark on the date axis (the line is not drawn through them). */
	missing: { date: string; x: number; label: string }[];
	/** The first scored visit, which every change is measured from. */
	baseline: { date: string; score: number; y: number } | null;
	/** The lines of meaningful change and the band between them; null before a first score. */
	thresholds: {
		improved: ThresholdLine | null;
		worsened: ThresholdLine | null;
		/** The "no meaningful change" band as a rectangle. */
		band: { x: number; y: number; width: number; height: number; label: string };
		source: string;
	} | null;
	/** The latest scored visit compared with the first. */
	verdict: ChangeVerdict;
	table: TrendTable;
}

const margin = { left: 44, right: 16, top: 16, bottom: 40 };
const minLabelGap = 56;

const verdictTexts: Record<ChangeVerdict, string> = {
	improved: 'Meaningful improvement',
	worsened: 'Meaningful worsening',
	no_meaningful_change: 'No meaningful change',
	// A first score near the best end leaves no room for a gain beyond day-to-day wobble
	// (ADR 0041), so the chart does not call a fall from 3 to 2 an improvement.
	started_near_best: 'Started with little pain or limitation, so a gain is not counted',
	not_enough_data: 'Not enough scores yet'
};

/**
 * Builds the chart and its table from visits' scores, in any order (they are sorted by date;
 * visits on the same date keep their order). Throws on a date that is not a calendar date or
 * a score off the 0-10 scale, since both mean bad data upstream.
 */
export function trendChart(
	scale: ScaleId,
	series: readonly DatedScore[],
	options: TrendChartOptions = {}
): TrendChart {
	const width = options.width ?? 640;
	const height = options.height ?? 320;
	const plot = {
		left: margin.left,
		top: margin.top,
		right: width - margin.right,
		bottom: height - margin.bottom
	};
	const definition = scales[scale];
	const visits = series
		.map((visit, index) => ({ ...visit, day: parseDate(visit.date), index }))
		.sort((a, b) => Temporal.PlainDate.compare(a.day, b.day) || a.index - b.index);
	for (const visit of visits) {
		if (visit.score !== null) assertScore(visit.score);
	}

	const first = visits[0];
	const last = visits[visits.length - 1];
	const span = first && last ? first.day.until(last.day, { largestUnit: 'days' }).days : 0;
	const xOf = (day: Temporal.PlainDate) =>
		!first || span === 0
			? round((plot.left + plot.right) / 2)
			: round(
					plot.left +
						(first.day.until(day, { largestUnit: 'days' }).days / span) * (plot.right - plot.left)
				);
	const yOf = (score: number) =>
		round(plot.bottom - ((score - scoreMin) / (scoreMax - scoreMin)) * (plot.bottom - plot.top));

	const spansYears = !!first && !!last && first.day.year !== last.day.year;
	const scored = visits.filter((visit): visit is typeof visit & { score: number } => {
		return visit.score !== null;
	});
	const points: ChartPoint[] = scored.map((visit) => ({
		date: visit.date,
		score: visit.score,
		x: xOf(visit.day),
		y: yOf(visit.score),
		label: `${formatCalendarDate(visit.day.toString())}: ${formatScore(visit.score)}`
	}));

	const baselineVisit = scored[0];
	const latestVisit = scored[scored.length - 1];
	const overall = assessChange(
		scale,
		baselineVisit?.score,
		scored.length > 1 ? latestVisit?.score : null
	);

	let lastLabelledX = -Infinity;
	const xTicks = visits.map((visit) => {
		const position = xOf(visit.day);
		const roomy = position - lastLabelledX >= minLabelGap;
		if (roomy) lastLabelledX = position;
		return {
			date: visit.date,
			position,
			label: roomy ? shortDate(visit.day, spansYears) : ''
		};
	});

	return {
		scale,
		title: `${definition.title} (${definition.shortName})`,
		description: describe(scale, baselineVisit, latestVisit, scored.length, overall.verdict),
		width,
		height,
		viewBox: `0 0 ${width} ${height}`,
		plot,
		yAxis: {
			label: definition.lowerIsBetter ? 'Score (lower is better)' : 'Score (higher is better)',
			ticks: Array.from({ length: scoreMax - scoreMin + 1 }, (_, index) => {
				const value = scoreMin + index;
				return { value, position: yOf(value), label: String(value) };
			})
		},
		xAxis: { label: 'Visit date', ticks: xTicks },
		points,
		polyline: points.map((point) => `${point.x},${point.y}`).join(' '),
		missing: visits
			.filter((visit) => visit.score === null)
			.map((visit) => ({
				date: visit.date,
				x: xOf(visit.day),
				label: `${formatCalendarDate(visit.day.toString())}: not answered`
			})),
		baseline: baselineVisit
			? { date: baselineVisit.date, score: baselineVisit.score, y: yOf(baselineVisit.score) }
			: null,
		thresholds: baselineVisit ? thresholdGeometry(scale, baselineVisit.score, plot, yOf) : null,
		verdict: overall.verdict,
		table: {
			caption: `${definition.title} (${definition.shortName}) at each visit, compared with the first score. ${
				definition.lowerIsBetter ? 'Lower scores are better.' : 'Higher scores are better.'
			}`,
			columns: ['Date', 'Score', 'Change from first score', 'What the change means'],
			rows: visits.map((visit) => tableRow(scale, visit, baselineVisit))
		}
	};
}

function thresholdGeometry(
	scale: ScaleId,
	baseline: number,
	plot: TrendChart['plot'],
	yOf: (score: number) => number
): NonNullable<TrendChart['thresholds']> {
	const { improvedAt, worsenedAt } = changeThresholds(scale, baseline);
	const lowerIsBetter = scales[scale].lowerIsBetter;
	const better = lowerIsBetter ? 'or lower' : 'or higher';
	const worse = lowerIsBetter ? 'or higher' : 'or lower';
	// The band runs between the two lines, or to the end of the scale where a line is missing.
	const lowEdge = lowerIsBetter ? (improvedAt ?? scoreMin) : (worsenedAt ?? scoreMin);
	const highEdge = lowerIsBetter ? (worsenedAt ?? scoreMax) : (improvedAt ?? scoreMax);
	return {
		improved:
			improvedAt === null
				? null
				: {
						value: improvedAt,
						y: yOf(improvedAt),
						label: `Meaningful improvement: ${formatScore(improvedAt)} ${better}`
					},
		worsened:
			worsenedAt === null
				? null
				: {
						value: worsenedAt,
						y: yOf(worsenedAt),
						label: `Meaningful worsening: ${formatScore(worsenedAt)} ${worse}`
					},
		band: {
			x: plot.left,
			y: yOf(highEdge),
			width: round(plot.right - plot.left),
			height: round(yOf(lowEdge) - yOf(highEdge)),
			label: `No meaningful change from the first score of ${formatScore(baseline)}`
		},
		source: meaningfulChangeRules[scale].source
	};
}

function tableRow(
	scale: ScaleId,
	visit: DatedScore & { day: Temporal.PlainDate },
	baseline: (DatedScore & { score: number }) | undefined
): TrendTableRow {
	const row = {
		date: visit.date,
		dateLabel: formatCalendarDate(visit.day.toString()),
		score: visit.score
	};
	if (visit.score === null) {
		return { ...row, scoreText: 'Not answered', changeText: '', verdictText: '' };
	}
	if (visit === baseline) {
		return {
			...row,
			scoreText: formatScore(visit.score),
			changeText: 'First score',
			verdictText: ''
		};
	}
	const assessment = assessChange(scale, baseline?.score, visit.score);
	return {
		...row,
		scoreText: formatScore(visit.score),
		changeText: changeInWords(assessment.change ?? 0),
		verdictText: verdictTexts[assessment.verdict]
	};
}

function describe(
	scale: ScaleId,
	baseline: (DatedScore & { score: number }) | undefined,
	latest: (DatedScore & { score: number }) | undefined,
	count: number,
	verdict: ChangeVerdict
): string {
	const direction = scales[scale].lowerIsBetter
		? 'Lower scores are better.'
		: 'Higher scores are better.';
	if (!baseline || !latest) return `No scores yet. ${direction}`;
	const first = `First score ${formatScore(baseline.score)} on ${formatCalendarDate(baseline.date)}`;
	if (count < 2) return `${first}; no later scores yet. ${direction}`;
	const change = changeInWords(Math.round((latest.score - baseline.score) * 10) / 10);
	return `${first}; latest ${formatScore(latest.score)} on ${formatCalendarDate(latest.date)} (${change}): ${verdictTexts[verdict].toLowerCase()}. ${direction}`;
}

/** "down 3 points", "up 0.7 points", "no change": words rather than a minus sign a screen reader may skip. */
function changeInWords(change: number): string {
	if (change === 0) return 'no change';
	const size = Math.abs(change);
	return `${change < 0 ? 'down' : 'up'} ${formatScore(size)} ${size === 1 ? 'point' : 'points'}`;
}

function formatScore(score: number): string {
	return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

function shortDate(day: Temporal.PlainDate, withYear: boolean): string {
	const month = (monthNames[day.month - 1] ?? '').slice(0, 3);
	return withYear ? `${month} ${day.day}, ${day.year}` : `${month} ${day.day}`;
}

function parseDate(text: string): Temporal.PlainDate {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new RangeError(`Not a calendar date: ${text}`);
	return Temporal.PlainDate.from(text, { overflow: 'reject' });
}

function assertScore(score: number): void {
	if (!Number.isFinite(score) || score < scoreMin || score > scoreMax) {
		throw new RangeError(`A score is from ${scoreMin} to ${scoreMax}, not ${score}.`);
	}
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}
