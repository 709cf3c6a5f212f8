import { describe, expect, it } from 'vitest';
import { minimumToPublish } from '../outcomes/clinic-report';
import type { OutcomeSummarySnapshot } from '../outcomes/published-summary';
import { evidenceStatements, expectedResultFor, type EvidenceStatement } from './expected-results';

/**
 * A published summary whose pain scale has `withData` patients, `improved` of them better and
 * `apart` counted apart because they started with little pain.
 */
function summary(withData: number, improved: number, apart = 0): OutcomeSummarySnapshot {
	const rest = withData - improved - apart;
	return {
		computedOn: '2027-03-15',
		included: withData + 2,
		minimumVisits: 4,
		nprs: {
			withData,
			improved,
			noMeaningfulChange: rest,
			worsened: 0,
			missing: 2,
			medianChange: -2,
			startedNearBest: apart,
			startedNearBestWorsened: 0
		},
		peg: {
			withData,
			improved,
			noMeaningfulChange: rest,
			worsened: 0,
			missing: 2,
			medianChange: -1,
			startedNearBest: apart,
			startedNearBestWorsened: 0
		},
		limitations: ['These figures describe our own patients; they are not a research study.']
	};
}

const backPain = { conditionSlug: 'back-pain', conditionName: 'Back pain' };
const mu2020 = 'https://doi.org/10.1002/14651858.CD013814';

describe('expectedResultFor', () => {
	it('shows the clinic’s own figures when the published summary covers the condition', () => {
		const result = expectedResultFor(backPain, summary(24, 14));
		expect(result.kind).toBe('clinic');
		expect(result.text).toBe(
			'Of 24 patients with long-standing low back pain whose pain we scored before and after a course of treatment at our clinic, 14 (58%) had a meaningful fall in their pain score; the other 10 were not meaningfully better.'
		);
		expect(result.links).toEqual([
			{ text: 'How we count, and what these figures cannot show', href: '/outcomes' }
		]);
	});

	it('uses the clinic’s figures from exactly the minimum number of patients', () => {
		expect(expectedResultFor(backPain, summary(minimumToPublish, 0)).kind).toBe('clinic');
		expect(expectedResultFor(backPain, summary(minimumToPublish, 0)).text).toMatch(
			/0 \(0%\) had a meaningful fall[\s\S]*the other 20 were not/
		);
	});

	it('counts patients who started with little pain apart, not as "not better"', () => {
		const result = expectedResultFor(backPain, summary(24, 14, 4));
		expect(result.kind).toBe('clinic');
		expect(result.text).toBe(
			'Of 20 patients with long-standing low back pain whose pain we scored before and after a course of treatment at our clinic, 14 (70%) had a meaningful fall in their pain score; the other 6 were not meaningfully better. A further 4 patients started with little pain and are counted apart.'
		);
	});

	it('says "is" of one patient counted apart', () => {
		expect(expectedResultFor(backPain, summary(24, 14, 1)).text).toMatch(
			/A further 1 patient started with little pain and is counted apart\.$/
		);
	});

	it('does not show figures counted under the earlier "or 30%" rule', () => {
		const earlier = summary(24, 14);
		delete earlier.nprs.startedNearBest;
		delete earlier.nprs.startedNearBestWorsened;
		expect(expectedResultFor(backPain, earlier).kind).toBe('evidence');
	});

	it('falls back to the cited research when too few patients have a first and last score', () => {
		const result = expectedResultFor(backPain, summary(minimumToPublish - 1, 15));
		expect(result.kind).toBe('evidence');
		expect(result.text).toMatch(/about 10 points lower on a 0 to 100 pain scale/);
		expect(result.text).toMatch(/low certainty/);
		expect(result.links).toEqual([{ text: 'Mu and others, Cochrane review, 2020', href: mu2020 }]);
	});

	it('uses the cited research when no summary is published', () => {
		const result = expectedResultFor(backPain, null);
		expect(result.kind).toBe('evidence');
		expect(result.links.map((link) => link.href)).toEqual([mu2020]);
	});

	it('never uses the back pain figures for another condition', () => {
		const neck = expectedResultFor(
			{ conditionSlug: 'neck-pain', conditionName: 'Neck pain' },
			summary(40, 30)
		);
		expect(neck.kind).toBe('evidence');
		expect(neck.text).toMatch(/neck pain/);
		expect(neck.text).not.toMatch(/our clinic/);
		expect(neck.links[0]?.href).toBe('https://doi.org/10.1002/14651858.CD004870.pub4');
	});

	it('says so plainly when the testimonial names no condition', () => {
		const result = expectedResultFor({ conditionSlug: null, conditionName: null }, summary(40, 30));
		expect(result.kind).toBe('none');
		expect(result.text).toMatch(/did not say what they came to us for/);
		expect(result.text).toMatch(/may not happen to you/);
		expect(result.links).toEqual([
			{ text: 'What we know for each condition we treat', href: '/conditions' }
		]);
	});

	it('says there is no figure for a condition with neither clinic figures nor research', () => {
		const result = expectedResultFor(
			{ conditionSlug: 'knee-pain', conditionName: 'Knee pain' },
			summary(40, 30),
			[]
		);
		expect(result).toEqual({
			kind: 'none',
			text: 'We have no measured figures for knee pain, and no research figure we can give for it, so we cannot say what usually happens. What happened to one patient may not happen to you.',
			links: []
		});
	});

	it('takes the evidence it is given, matched by condition', () => {
		const own: EvidenceStatement[] = [
			{
				conditionSlug: 'knee-pain',
				text: 'A figure.',
				sources: [{ text: 'A review', href: 'https://doi.org/10.1000/example' }]
			}
		];
		expect(
			expectedResultFor({ conditionSlug: 'knee-pain', conditionName: 'Knee pain' }, null, own)
		).toEqual({ kind: 'evidence', text: 'A figure.', links: own[0]?.sources });
	});
});

describe('evidenceStatements', () => {
	it('gives a figure, and makes none of the claims the site must never make', () => {
		for (const statement of evidenceStatements) {
			expect(statement.text, statement.conditionSlug).toMatch(/\d/);
			expect(statement.text, statement.conditionSlug).not.toMatch(
				/\bcure|guarantee|permanent|no side effects|better than (drugs|medicine|surgery)|safe for everyone/i
			);
			expect(statement.sources.length, statement.conditionSlug).toBeGreaterThan(0);
			for (const source of statement.sources) {
				expect(source.href).toMatch(/^https:\/\/doi\.org\/10\./);
			}
		}
	});
});
