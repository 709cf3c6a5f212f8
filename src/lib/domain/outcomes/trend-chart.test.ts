import { describe, expect, it } from 'vitest';
import { trendChart } from './trend-chart';

// Default geometry: 640 x 320, plot from x 44 to 624 and y 16 (score 10) to 280 (score 0).
const yOf = (score: number) => Math.round((280 - score * 26.4) * 100) / 100;

describe('trendChart: NPRS over four visits, one not answered', () => {
	const chart = trendChart('nprs', [
		{ date: '2027-03-29', score: 4 },
		{ date: '2027-03-01', score: 7 },
		{ date: '2027-03-15', score: null },
		{ date: '2027-03-08', score: 6 }
	]);

	it('has a viewBox and a plot area inside the axes', () => {
		expect(chart.viewBox).toBe('0 0 640 320');
		expect(chart.plot).toEqual({ left: 44, top: 16, right: 624, bottom: 280 });
	});

	it('spaces visits by days, in date order, and draws the line through scored visits only', () => {
		expect(chart.points.map(({ date, x, y }) => ({ date, x, y }))).toEqual([
			{ date: '2027-03-01', x: 44, y: yOf(7) },
			{ date: '2027-03-08', x: 189, y: yOf(6) },
			{ date: '2027-03-29', x: 624, y: yOf(4) }
		]);
		expect(chart.polyline).toBe(`44,${yOf(7)} 189,${yOf(6)} 624,${yOf(4)}`);
		expect(chart.missing).toEqual([
			{ date: '2027-03-15', x: 334, label: 'March 15, 2027: not answered' }
		]);
		expect(chart.points[0]?.label).toBe('March 1, 2027: 7');
	});

	it('ticks every score from 0 to 10, bottom to top', () => {
		expect(chart.yAxis.ticks).toHaveLength(11);
		expect(chart.yAxis.ticks[0]).toEqual({ value: 0, position: 280, label: '0' });
		expect(chart.yAxis.ticks[10]).toEqual({ value: 10, position: 16, label: '10' });
		expect(chart.yAxis.label).toBe('Score (lower is better)');
	});

	it('labels each visit date on the date axis', () => {
		expect(chart.xAxis.ticks.map((tick) => tick.label)).toEqual([
			'Mar 1',
			'Mar 8',
			'Mar 15',
			'Mar 29'
		]);
	});

	it('marks meaningful change around the first score of 7: better at 5, worse at 9', () => {
		expect(chart.baseline).toEqual({ date: '2027-03-01', score: 7, y: yOf(7) });
		expect(chart.thresholds?.improved).toEqual({
			value: 5,
			y: yOf(5),
			label: 'Meaningful improvement: 5 or lower'
		});
		expect(chart.thresholds?.worsened).toEqual({
			value: 9,
			y: yOf(9),
			label: 'Meaningful worsening: 9 or higher'
		});
		expect(chart.thresholds?.band).toEqual({
			x: 44,
			y: yOf(9),
			width: 580,
			height: Math.round((yOf(5) - yOf(9)) * 100) / 100,
			label: 'No meaningful change from the first score of 7'
		});
		expect(chart.thresholds?.source).toMatch(/Ostelo/);
	});

	it('describes the trend in words for the SVG <desc>', () => {
		expect(chart.verdict).toBe('improved');
		expect(chart.description).toBe(
			'First score 7 on March 1, 2027; latest 4 on March 29, 2027 (down 3 points): meaningful improvement. Lower scores are better.'
		);
		expect(chart.title).toBe('Pain right now (NPRS)');
	});

	it('gives the same facts as a table', () => {
		expect(chart.table.columns).toEqual([
			'Date',
			'Score',
			'Change from first score',
			'What the change means'
		]);
		expect(
			chart.table.rows.map((row) => [row.dateLabel, row.scoreText, row.changeText, row.verdictText])
		).toEqual([
			['March 1, 2027', '7', 'First score', ''],
			['March 8, 2027', '6', 'down 1 point', 'No meaningful change'],
			['March 15, 2027', 'Not answered', '', ''],
			['March 29, 2027', '4', 'down 3 points', 'Meaningful improvement']
		]);
		expect(chart.table.caption).toMatch(/Lower scores are better/);
	});
});

describe('trendChart: edge cases', () => {
	it('no visits: no points, no baseline, no thresholds', () => {
		const chart = trendChart('peg', []);
		expect(chart.points).toEqual([]);
		expect(chart.polyline).toBe('');
		expect(chart.baseline).toBeNull();
		expect(chart.thresholds).toBeNull();
		expect(chart.verdict).toBe('not_enough_data');
		expect(chart.description).toBe('No scores yet. Lower scores are better.');
	});

	it('one visit sits in the middle and says there is nothing to compare yet', () => {
		const chart = trendChart('peg', [{ date: '2027-03-01', score: 6.3 }]);
		expect(chart.points[0]?.x).toBe(334);
		expect(chart.verdict).toBe('not_enough_data');
		expect(chart.description).toBe(
			'First score 6.3 on March 1, 2027; no later scores yet. Lower scores are better.'
		);
		expect(chart.thresholds?.improved?.label).toBe('Meaningful improvement: 5.3 or lower');
	});

	it('a first score of 0 has no improvement line; the band runs from 0 to the worsening line', () => {
		const chart = trendChart('nprs', [
			{ date: '2027-03-01', score: 0 },
			{ date: '2027-03-08', score: 1 }
		]);
		expect(chart.thresholds?.improved).toBeNull();
		expect(chart.thresholds?.worsened?.value).toBe(2);
		expect(chart.thresholds?.band.y).toBe(yOf(2));
		expect(chart.thresholds?.band.height).toBe(Math.round((280 - yOf(2)) * 100) / 100);
	});

	it('a fall from 3 to 2 is not labelled an improvement: the first score was near the best end', () => {
		const chart = trendChart('nprs', [
			{ date: '2027-03-01', score: 3 },
			{ date: '2027-03-08', score: 2 }
		]);
		expect(chart.verdict).toBe('started_near_best');
		expect(chart.thresholds?.improved).toBeNull();
		expect(chart.table.rows[1]?.verdictText).toBe(
			'Started with little pain or limitation, so a gain is not counted'
		);
		expect(chart.description).not.toMatch(/improvement/);
	});

	it('PSFS runs upwards: improvement is "or higher"', () => {
		const chart = trendChart('psfs', [
			{ date: '2027-03-01', score: 3 },
			{ date: '2027-04-26', score: 5.3 }
		]);
		expect(chart.thresholds?.improved?.label).toBe('Meaningful improvement: 5 or higher');
		expect(chart.thresholds?.worsened?.label).toBe('Meaningful worsening: 1 or lower');
		expect(chart.verdict).toBe('improved');
		expect(chart.yAxis.label).toBe('Score (higher is better)');
		expect(chart.table.rows[1]?.changeText).toBe('up 2.3 points');
	});

	it('leaves out date labels that would overlap, keeping every tick', () => {
		const series = Array.from({ length: 31 }, (_, day) => ({
			date: `2027-03-${String(day + 1).padStart(2, '0')}`,
			score: 5
		}));
		const ticks = trendChart('nprs', series).xAxis.ticks;
		expect(ticks).toHaveLength(31);
		const labelled = ticks.filter((tick) => tick.label !== '');
		expect(labelled.length).toBeLessThan(31);
		expect(labelled[0]?.label).toBe('Mar 1');
		for (let index = 1; index < labelled.length; index++) {
			const gap = (labelled[index]?.position ?? 0) - (labelled[index - 1]?.position ?? 0);
			expect(gap).toBeGreaterThanOrEqual(56);
		}
	});

	it('adds the year to date labels when the visits span two years', () => {
		const chart = trendChart('nprs', [
			{ date: '2027-12-20', score: 6 },
			{ date: '2028-01-31', score: 4 }
		]);
		expect(chart.xAxis.ticks.map((tick) => tick.label)).toEqual(['Dec 20, 2027', 'Jan 31, 2028']);
	});

	it('keeps two visits on the same day in the order given', () => {
		const chart = trendChart('nprs', [
			{ date: '2027-03-01', score: 7 },
			{ date: '2027-03-01', score: 5 }
		]);
		expect(chart.baseline?.score).toBe(7);
		expect(chart.points.map((point) => point.x)).toEqual([334, 334]);
	});

	it('throws on dates that are not calendar dates and scores off the scale', () => {
		expect(() => trendChart('nprs', [{ date: '2027-02-30', score: 5 }])).toThrow(RangeError);
		expect(() => trendChart('nprs', [{ date: '03/01/2027', score: 5 }])).toThrow(RangeError);
		expect(() => trendChart('nprs', [{ date: '2027-03-01', score: 11 }])).toThrow(RangeError);
	});

	it('honours a custom size', () => {
		const chart = trendChart('nprs', [], { width: 320, height: 200 });
		expect(chart.viewBox).toBe('0 0 320 200');
		expect(chart.plot).toEqual({ left: 44, top: 16, right: 304, bottom: 160 });
	});
});
