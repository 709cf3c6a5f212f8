import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { redFlagQuestions } from './red-flags';
import { contraindicationFlags, contraindicationItemsForStep } from './contraindications';
import type { FormResult, FormValues } from './form-values';
import {
	intakeContraindicationAnswers,
	intakeStepSchema,
	intakeSteps,
	isIntakeStepId,
	parseIntakeStep,
	redFlagSetsForPain,
	type IntakeStepId
} from './intake-steps';

const context = { today: Temporal.PlainDate.from('2027-03-15') };
const parse = <S extends IntakeStepId>(step: S, values: FormValues) =>
	parseIntakeStep(step, values, context);
const errors = (result: FormResult<unknown>) => (result.ok ? {} : result.errors);
const data = <T>(result: FormResult<T>): T => {
	if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
	return result.data;
};

describe('intake steps', () => {
	it('are asked in order, red flags straight after where it hurts', () => {
		expect(intakeSteps.map((step) => step.id)).toEqual([
			'about-you',
			'pain',
			'red-flags',
			'history',
			'medications',
			'health',
			'pregnancy',
			'goals',
			'baseline'
		]);
		expect(isIntakeStepId('goals')).toBe(true);
		expect(isIntakeStepId('__proto__')).toBe(false);
	});

	it('every step has a zod schema that refuses a non-record', () => {
		for (const step of intakeSteps) {
			expect(intakeStepSchema(step.id, context).safeParse('nope').success).toBe(false);
		}
	});
});

describe('about-you step', () => {
	const valid = {
		'full-name': '  Ann   Lee ',
		'preferred-name': '',
		'date-of-birth': '1970-05-14',
		phone: '(414) 555-0100',
		email: 'ann@example.com'
	};

	it('reads the basics and works out the age on today', () => {
		expect(data(parse('about-you', valid))).toEqual({
			fullName: 'Ann Lee',
			preferredName: null,
			dateOfBirth: '1970-05-14',
			age: 56,
			phone: '(414) 555-0100',
			email: 'ann@example.com',
			emergencyContact: null
		});
	});

	it('turns 57 on the birthday itself', () => {
		expect(data(parse('about-you', { ...valid, 'date-of-birth': '1970-03-15' })).age).toBe(57);
	});

	it('reports every problem next to its field at once', () => {
		const result = parse('about-you', {
			'full-name': 'A',
			'date-of-birth': '2027-03-16',
			phone: 'x',
			email: 'nope'
		});
		expect(errors(result)).toEqual({
			'full-name': 'Please enter your full name.',
			'date-of-birth': 'Your date of birth cannot be in the future.',
			phone: 'Please enter a phone number we can call, like (414) 555-0100.',
			email: 'Please enter an email address like name@example.com.'
		});
	});

	it('refuses a date that does not exist rather than rolling it over', () => {
		expect(errors(parse('about-you', { ...valid, 'date-of-birth': '1970-02-30' }))).toEqual({
			'date-of-birth': 'Please enter your date of birth as a real date, like 1970-05-14.'
		});
	});

	it('an emergency contact needs both a name and a phone number', () => {
		expect(errors(parse('about-you', { ...valid, 'emergency-contact-name': 'Bo Lee' }))).toEqual({
			'emergency-contact-phone': 'Please add a phone number for this person.'
		});
		expect(
			errors(parse('about-you', { ...valid, 'emergency-contact-phone': '(414) 555-0101' }))
		).toEqual({ 'emergency-contact-name': 'Please add the name of this person.' });
		expect(
			data(
				parse('about-you', {
					...valid,
					'emergency-contact-name': 'Bo Lee',
					'emergency-contact-phone': '(414) 555-0101'
				})
			).emergencyContact
		).toEqual({ name: 'Bo Lee', phone: '(414) 555-0101' });
	});
});

describe('pain step', () => {
	it('reads regions in map order and classifies the duration', () => {
		expect(
			data(
				parse('pain', {
					reasons: 'back',
					regions: ['left-buttock', 'right-lower-back', 'left-buttock'],
					'pain-onset': '2026-12-01'
				})
			)
		).toEqual({
			reasons: ['back'],
			regions: ['right-lower-back', 'left-buttock'],
			onset: '2026-12-01',
			duration: 'chronic',
			weeks: 14
		});
	});

	it('accepts a single region sent as a plain string', () => {
		expect(
			data(parse('pain', { reasons: 'neck', regions: 'neck', 'pain-onset': '2027-03-01' }))
		).toMatchObject({
			regions: ['neck'],
			duration: 'acute',
			weeks: 2
		});
	});

	it('needs at least one known region and an onset not in the future', () => {
		expect(errors(parse('pain', { 'pain-onset': '2027-03-16' }))).toEqual({
			reasons: 'Please choose what you are coming to us about.',
			regions: 'Please choose at least one place where it hurts.',
			'pain-onset': 'The date the pain started cannot be in the future.'
		});
		expect(
			errors(parse('pain', { reasons: 'back', regions: ['tail'], 'pain-onset': '2027-03-01' }))
		).toEqual({ regions: 'Please choose places from the list.' });
	});

	it('the reasons choose the warning signs asked next', () => {
		const pain = data(
			parse('pain', {
				reasons: ['headache', 'digestive'],
				regions: 'head',
				'pain-onset': '2027-03-01'
			})
		);
		expect(redFlagSetsForPain(pain)).toEqual(['headache', 'digestive']);
		expect(redFlagSetsForPain({ ...pain, reasons: ['other'] })).toEqual(['back']);
		// Drafts saved before reasons were asked: the place that hurts decides.
		const { reasons: _ignored, ...old } = pain;
		void _ignored;
		expect(redFlagSetsForPain({ ...old, regions: ['neck'] })).toEqual(['neck']);
		expect(redFlagSetsForPain({ ...old, regions: ['neck', 'right-lower-back'] })).toEqual(['back']);
		expect(redFlagSetsForPain(null)).toEqual(['back']);
	});
});

describe('red-flags step for other conditions', () => {
	it('asks a headache patient the headache set and screens it', () => {
		const result = parseIntakeStep(
			'red-flags',
			{ 'headache-sudden-worst': 'yes' },
			{ today: Temporal.PlainDate.from('2027-03-15'), redFlagSets: ['headache'] }
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(Object.keys(result.errors)).toContain('headache-jaw-scalp');
		expect(Object.keys(result.errors)).not.toContain('urination');
	});

	it('a finding a doctor has seen does not re-flag a new intake', () => {
		const allNo = Object.fromEntries(redFlagQuestions.map((question) => [question.id, 'no']));
		const result = parseIntakeStep(
			'red-flags',
			{ ...allNo, urination: 'yes' },
			{ today: Temporal.PlainDate.from('2027-03-15'), clearedRedFlags: new Set(['urination']) }
		);
		expect(result.ok && result.data.screening.outcome).toBe('none');
	});
});

describe('red-flags step', () => {
	const allNo = Object.fromEntries(redFlagQuestions.map((question) => [question.id, 'no']));

	it('all "no" screens as none', () => {
		expect(data(parse('red-flags', allNo)).screening.outcome).toBe('none');
	});

	it('an emergency sign stops online booking', () => {
		const step = data(parse('red-flags', { ...allNo, 'saddle-numbness': 'yes' }));
		expect(step.answers['saddle-numbness']).toBe('yes');
		expect(step.screening).toMatchObject({ outcome: 'emergency', mayBookOnline: false });
	});

	it('every unanswered question is an error, never a silent "no"', () => {
		const result = parse('red-flags', { fever: 'yes' });
		expect(Object.keys(errors(result))).toHaveLength(redFlagQuestions.length - 1);
		expect(errors(result).urination).toBe('Please answer yes or no.');
	});
});

describe('history step', () => {
	it('everything is optional; blanks are stored as null', () => {
		expect(data(parse('history', {}))).toEqual({
			better: null,
			worse: null,
			previousTreatments: [],
			previousTreatmentNotes: null
		});
	});

	it('keeps known treatments in list order and refuses unknown ones', () => {
		expect(
			data(parse('history', { 'previous-treatments': ['surgery', 'massage'], worse: ' Sitting ' }))
		).toMatchObject({ previousTreatments: ['massage', 'surgery'], worse: 'Sitting' });
		expect(errors(parse('history', { 'previous-treatments': 'cupping' }))).toEqual({
			'previous-treatments': 'Please choose treatments from the list.'
		});
	});
});

describe('medications step', () => {
	it('"yes" needs the medicine named, by ticking or under "other"', () => {
		expect(errors(parse('medications', { anticoagulant: 'yes', antiplatelet: 'no' }))).toEqual({
			'anticoagulant-choices':
				'Please tick which one, or describe it under "Another blood thinner".'
		});
		expect(
			data(
				parse('medications', {
					anticoagulant: 'yes',
					'anticoagulant-other': 'fondaparinux',
					antiplatelet: 'unsure'
				})
			).answers
		).toEqual({
			anticoagulant: { answer: 'yes', choices: [], text: 'fondaparinux' },
			antiplatelet: { answer: 'unsure', choices: [], text: null }
		});
	});

	it('"no" ignores stray detail fields', () => {
		expect(
			data(
				parse('medications', {
					anticoagulant: 'no',
					'anticoagulant-choices': 'warfarin',
					antiplatelet: 'no',
					'other-medications': 'Metformin 500 mg'
				})
			)
		).toEqual({
			answers: { anticoagulant: { answer: 'no' }, antiplatelet: { answer: 'no' } },
			otherMedications: 'Metformin 500 mg'
		});
	});

	it('unanswered questions are errors', () => {
		expect(errors(parse('medications', {}))).toEqual({
			anticoagulant: 'Please answer yes, no or not sure.',
			antiplatelet: 'Please answer yes, no or not sure.'
		});
	});
});

describe('health step', () => {
	const allNo = Object.fromEntries(
		contraindicationItemsForStep('health').map((item) => [item.id, 'no'])
	);

	it('all "no" is valid', () => {
		expect(Object.values(data(parse('health', allNo)).answers)).toHaveLength(
			contraindicationItemsForStep('health').length
		);
	});

	it('"yes" to cancer asks where; "yes" to a device asks which', () => {
		expect(
			errors(parse('health', { ...allNo, 'active-cancer': 'yes', 'implanted-device': 'yes' }))
		).toEqual({
			'active-cancer-detail': 'Please answer: Where in the body is it?',
			'implanted-device-choices': 'Please tick which one, or describe it under "Another device".'
		});
	});

	it('"not sure" does not demand the detail', () => {
		expect(
			data(parse('health', { ...allNo, 'active-cancer': 'unsure' })).answers['active-cancer']
		).toEqual({
			answer: 'unsure',
			text: null
		});
	});
});

describe('pregnancy step and the flags from a whole intake', () => {
	it('weeks are optional and checked only after "yes"', () => {
		expect(data(parse('pregnancy', { pregnancy: 'yes', 'pregnancy-weeks': '14' }))).toEqual({
			pregnancy: 'yes',
			weeks: 14
		});
		expect(
			data(parse('pregnancy', { pregnancy: 'no', 'pregnancy-weeks': 'abc' })).weeks
		).toBeNull();
		expect(errors(parse('pregnancy', { pregnancy: 'yes', 'pregnancy-weeks': '50' }))).toEqual({
			'pregnancy-weeks': 'Please check the number of weeks.'
		});
		expect(errors(parse('pregnancy', {}))).toEqual({
			pregnancy: 'Please choose the answer that fits you.'
		});
	});

	it('"I might be" is flagged like "yes"; "does not apply" is not flagged', () => {
		const flagsFor = (pregnancy: string) =>
			contraindicationFlags(
				intakeContraindicationAnswers({ pregnancy: data(parse('pregnancy', { pregnancy })) })
			);
		expect(flagsFor('possibly')).toMatchObject([
			{ id: 'pregnancy', certainty: 'yes', details: ['possibly pregnant'] }
		]);
		expect(flagsFor('not-applicable')).toEqual([]);
	});

	it('medications, health and pregnancy combine into one list of flags', () => {
		const medications = data(
			parse('medications', {
				anticoagulant: 'yes',
				'anticoagulant-choices': ['warfarin'],
				antiplatelet: 'no'
			})
		);
		const health = data(
			parse('health', {
				...Object.fromEntries(
					contraindicationItemsForStep('health').map((item) => [item.id, 'no'])
				),
				epilepsy: 'yes'
			})
		);
		const pregnancy = data(parse('pregnancy', { pregnancy: 'yes', 'pregnancy-weeks': '20' }));
		const flags = contraindicationFlags(
			intakeContraindicationAnswers({ medications, health, pregnancy })
		);
		expect(flags.map((flag) => flag.summary)).toEqual([
			'Epilepsy. No electroacupuncture.',
			'Pregnant or possibly pregnant: 20 weeks. Avoid lumbosacral and lower-abdominal points. After the third month also avoid upper-abdominal points, strongly stimulating points and ear points that may affect the uterus. No electroacupuncture at any stage.',
			`Anticoagulant: Warfarin (Coumadin, Jantoven). ${flags[2]?.treatment}`
		]);
	});
});

describe('goals and baseline steps', () => {
	it('goals are the PSFS activities', () => {
		const step = data(
			parse('goals', {
				'psfs-activity-1': 'Walking',
				'psfs-score-1': '3',
				'psfs-activity-2': 'Gardening',
				'psfs-score-2': '2',
				'psfs-activity-3': 'Sleeping',
				'psfs-score-3': '4'
			})
		);
		expect(step.psfs.score).toBe(3);
	});

	it('baseline is NPRS and PEG, with all four errors at once', () => {
		expect(Object.keys(errors(parse('baseline', {}))).sort()).toEqual([
			'nprs',
			'peg-activity',
			'peg-enjoyment',
			'peg-pain'
		]);
		expect(
			data(
				parse('baseline', { nprs: '6', 'peg-pain': '7', 'peg-enjoyment': '5', 'peg-activity': '6' })
			)
		).toMatchObject({ nprs: { score: 6 }, peg: { score: 6 } });
	});
});
