import { describe, expect, it } from 'vitest';
import { defaultConsentDocument } from './consent-document';
import { reviewConsentText } from './consent-review';

const demo = defaultConsentDocument('Harbor Lantern Acupuncture');

describe('reviewConsentText', () => {
	it('the default text has nothing to block and nothing to warn about', () => {
		expect(reviewConsentText(demo)).toEqual({ blocking: [], warnings: [] });
	});

	it('forbidden claims and missing risk figures block', () => {
		const review = reviewConsentText({
			title: demo.title,
			bodyMarkdown: `${demo.bodyMarkdown}\nAcupuncture has no side effects.`
		});
		expect(review.blocking).toHaveLength(1);
		expect(review.blocking[0]).toMatch(/no side effects/);
		expect(
			reviewConsentText({ title: demo.title, bodyMarkdown: 'We look after you.' }).blocking
		).toHaveLength(6);
	});

	it('missing recommended points only warn', () => {
		const review = reviewConsentText({
			title: 'Consent',
			bodyMarkdown:
				'About 9% of patients have bruising; serious problems affect 1 in 10,000. Heat can burn. The alternatives include medicines, exercise and no treatment.'
		});
		expect(review.blocking).toEqual([]);
		expect(review.warnings).toEqual([
			'Say that the patient can stop treatment, or withdraw consent, at any time.',
			'Ask patients to tell you if they are or might be pregnant.',
			'Ask patients to tell you about medicines that thin the blood.',
			'Cite where the risk figures come from (Bäumler and others, BMJ Open 2021).',
			'Name the most serious risk: a collapsed lung (pneumothorax).'
		]);
	});
});
