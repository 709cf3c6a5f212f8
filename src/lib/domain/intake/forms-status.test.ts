import { describe, expect, it } from 'vitest';
import { calendarClinicalFlag, intakeFlags, intakeFormStatus } from './forms-status';

describe('health form status for staff', () => {
	it('is submitted once any intake was submitted, even while an update is in progress', () => {
		expect(
			intakeFormStatus([
				{ submittedAt: null, steps: { pregnancy: { pregnancy: 'no', weeks: null } } },
				{ submittedAt: '2027-03-01T15:00:00Z', steps: {} }
			])
		).toBe('submitted');
	});

	it('is in progress with a saved step and missing with none', () => {
		expect(
			intakeFormStatus([
				{ submittedAt: null, steps: { pregnancy: { pregnancy: 'no', weeks: null } } }
			])
		).toBe('in_progress');
		expect(intakeFormStatus([{ submittedAt: null, steps: {} }])).toBe('missing');
		expect(intakeFormStatus([])).toBe('missing');
	});
});

describe('flags from a saved intake', () => {
	const anticoagulant = {
		medications: {
			answers: { anticoagulant: { answer: 'yes' as const, choices: ['apixaban'], text: null } },
			otherMedications: null
		}
	};

	it('names the medicine and what it means for treatment', () => {
		const [flag] = intakeFlags(anticoagulant);
		expect(flag?.summary).toBe(
			'Anticoagulant: Apixaban (Eliquis). Bleeding and bruising risk: needle with care and press firmly after removing needles.'
		);
	});

	it('shows a contraindication before a precaution in a calendar block', () => {
		expect(calendarClinicalFlag(intakeFlags(anticoagulant))).toBe('Precaution');
		expect(
			calendarClinicalFlag(
				intakeFlags({ ...anticoagulant, pregnancy: { pregnancy: 'possibly', weeks: null } })
			)
		).toBe('Contraindication');
		expect(calendarClinicalFlag([])).toBeNull();
	});
});
