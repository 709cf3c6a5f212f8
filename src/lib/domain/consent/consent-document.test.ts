import { describe, expect, it } from 'vitest';
import {
	acupunctureRisks,
	consentDocumentFormSchema,
	consentTextProblems,
	defaultConsentDocument,
	nextConsentVersion
} from './consent-document';

const demo = defaultConsentDocument('Harbor Lantern Acupuncture');

describe('defaultConsentDocument', () => {
	it('is version 1 and names the clinic', () => {
		expect(demo.version).toBe(1);
		expect(demo.bodyMarkdown).toContain('treatment at Harbor Lantern Acupuncture');
	});

	it('states the real risks with their source, and passes its own check', () => {
		expect(demo.bodyMarkdown).toContain('About 9 in every 100 patients have a minor side effect');
		expect(demo.bodyMarkdown).toMatch(/bruising, soreness, or a little bleeding/);
		expect(demo.bodyMarkdown).toContain('about 1 in every 10,000 patients');
		expect(demo.bodyMarkdown).toContain('Bäumler');
		expect(acupunctureRisks.minorAdverseEventPercent).toBe(9);
		expect(consentTextProblems(demo)).toEqual([]);
	});

	it('makes none of the claims the brief forbids', () => {
		expect(demo.bodyMarkdown).not.toMatch(
			/no side effects|safe for everyone|guarantee|\bcures?\b/i
		);
	});

	it('says the patient may stop and may refuse electroacupuncture', () => {
		expect(demo.bodyMarkdown).toMatch(/stop treatment at any time/);
		expect(demo.bodyMarkdown).toMatch(
			/refuse any part of the treatment, such as electroacupuncture/
		);
	});

	it('passes the owner edit form', () => {
		expect(consentDocumentFormSchema.safeParse(demo).success).toBe(true);
	});
});

describe('consentTextProblems', () => {
	const edit = (bodyMarkdown: string) => ({ title: demo.title, bodyMarkdown });

	it('catches "no side effects" and other forbidden claims', () => {
		const problems = consentTextProblems(
			edit(
				`${demo.bodyMarkdown}\nAcupuncture has no side effects, is completely safe, is safe in pregnancy and is guaranteed to work.`
			)
		);
		expect(problems).toHaveLength(4);
		expect(problems[0]).toMatch(/no side effects/);
	});

	it('catches claims of cures, permanence and beating drugs', () => {
		expect(consentTextProblems(edit(`${demo.bodyMarkdown}\nIt cures pain.`))).toEqual([
			'Remove claims of a cure.'
		]);
		expect(consentTextProblems(edit(`${demo.bodyMarkdown}\nPermanent relief.`))).toHaveLength(1);
		expect(consentTextProblems(edit(`${demo.bodyMarkdown}\nBetter than surgery.`))).toHaveLength(1);
	});

	it('asks for the risk figures when an edit removes them', () => {
		expect(consentTextProblems(edit('We will look after you.'))).toEqual([
			'State that about 9 in 100 patients have a minor side effect.',
			'Name bruising among the minor side effects.',
			'State that serious problems happen to about 1 in 10,000 patients.',
			'Name burns (from heat or moxa) among the risks.',
			'Say what the alternatives are (exercise and physical therapy, medicines, other care, no treatment).',
			'Say that choosing no treatment is an option.'
		]);
	});

	it('accepts the figures written other ways', () => {
		expect(
			consentTextProblems(
				edit(
					'About 9% get bruising or soreness; serious problems affect 1 in 10000 patients. Moxa can cause a burn. Other options: exercise, medicines, or no treatment.'
				)
			)
		).toEqual([]);
	});

	it('the default text names burns and the alternatives, and is not about back pain only', () => {
		const text = defaultConsentDocument('Test Clinic').bodyMarkdown;
		expect(consentTextProblems(defaultConsentDocument('Test Clinic'))).toEqual([]);
		expect(text).toMatch(/burns/);
		expect(text).toMatch(/## Other choices you have/);
		expect(text).toMatch(/exercise and physical therapy/);
		expect(text).toMatch(/no treatment at all/);
		// Every patient signs it, whatever they come about.
		expect(text).not.toMatch(/acupuncture for back pain has mixed results/i);
	});
});

describe('consentDocumentFormSchema', () => {
	it('trims and refuses a body too short to explain the risks', () => {
		const result = consentDocumentFormSchema.safeParse({
			title: ' Consent ',
			bodyMarkdown: 'Sign here.'
		});
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['bodyMarkdown']);
	});
});

describe('nextConsentVersion', () => {
	it('starts at 1 and goes one past the highest, whatever the order', () => {
		expect(nextConsentVersion([])).toBe(1);
		expect(nextConsentVersion([{ version: 2 }, { version: 5 }, { version: 3 }])).toBe(6);
	});
});
