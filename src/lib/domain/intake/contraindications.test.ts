import { describe, expect, it } from 'vitest';
import {
	anticoagulants,
	antiplatelets,
	contraindicationFlags,
	contraindicationItems,
	contraindicationItemsForStep
} from './contraindications';

const item = (id: string) => contraindicationItems.find((candidate) => candidate.id === id);

describe('contraindicationItems', () => {
	it('covers every contraindication and precaution in the brief, once', () => {
		expect(contraindicationItems.map((entry) => entry.id).sort()).toEqual(
			[
				'pregnancy',
				'bleeding-disorder',
				'anticoagulant',
				'antiplatelet',
				'implanted-device',
				'immunosuppression',
				'diabetes',
				'kidney-disease',
				'cirrhosis',
				'active-cancer',
				'needle-fear-fainting',
				'cannot-lie-face-down',
				'local-skin-infection',
				'epilepsy',
				'lung-disease',
				'low-body-weight',
				'metal-allergy',
				// Issue 14, item 9 (hazard H9): beyond the brief's list.
				'lymphoedema-risk',
				'dialysis-fistula',
				'low-blood-counts',
				'valve-or-joint-replacement',
				'diabetic-neuropathy'
			].sort()
		);
	});

	it('names the anticoagulants and antiplatelets', () => {
		const anticoagulantText = anticoagulants.map((option) => option.label).join(' ');
		for (const name of [
			'Warfarin',
			'Apixaban',
			'Rivaroxaban',
			'Dabigatran',
			'Edoxaban',
			'Heparin',
			'enoxaparin'
		]) {
			expect(anticoagulantText).toContain(name);
		}
		const antiplateletText = antiplatelets.map((option) => option.label).join(' ');
		for (const name of ['Clopidogrel', 'Aspirin', 'Ticagrelor', 'Prasugrel']) {
			expect(antiplateletText).toContain(name);
		}
		expect(item('anticoagulant')?.detail).toMatchObject({
			kind: 'choices',
			options: anticoagulants
		});
		expect(item('antiplatelet')?.detail).toMatchObject({ kind: 'choices', options: antiplatelets });
	});

	it('states the treatment consequences from the brief', () => {
		expect(item('implanted-device')?.treatment).toBe('No electroacupuncture.');
		expect(item('epilepsy')?.treatment).toBe('No electroacupuncture.');
		expect(item('active-cancer')?.treatment).toMatch(/never needle a tumou?r site/i);
		expect(item('pregnancy')?.treatment).toMatch(/lumbosacral and lower-abdominal/);
		// WHO 1999: after the third month, upper abdomen, strong stimulation and ear points too;
		// no electroacupuncture in pregnancy.
		expect(item('pregnancy')?.treatment).toMatch(/after the third month/i);
		expect(item('pregnancy')?.treatment).toMatch(/upper-abdominal/);
		expect(item('pregnancy')?.treatment).toMatch(/strongly stimulating/);
		expect(item('pregnancy')?.treatment).toMatch(/ear points/);
		expect(item('pregnancy')?.treatment).toMatch(/no electroacupuncture/i);
		expect(item('lymphoedema-risk')?.treatment).toMatch(/do not needle/i);
		expect(item('dialysis-fistula')?.treatment).toMatch(/do not needle/i);
		expect(item('low-blood-counts')?.treatment).toMatch(/blood counts/i);
		expect(item('valve-or-joint-replacement')?.treatment).toMatch(
			/no indwelling needles or press tacks/i
		);
		expect(item('diabetic-neuropathy')?.treatment).toMatch(/no heat.*moxa/i);
		expect(item('immunosuppression')?.hint).not.toMatch(/biologic/i);
		for (const id of ['immunosuppression', 'diabetes', 'kidney-disease', 'cirrhosis']) {
			expect(item(id)?.treatment).toMatch(/infection/i);
		}
		for (const id of ['lung-disease', 'low-body-weight']) {
			expect(item(id)?.treatment).toMatch(/pneumothorax/i);
		}
	});

	it('asks each question once, in plain language, and in a known step', () => {
		for (const entry of contraindicationItems) {
			expect(entry.question).toMatch(/\?$/);
			expect(entry.question).not.toMatch(/contraindicat|immunosuppress|pneumothorax/i);
		}
		expect(contraindicationItemsForStep('medications').map((entry) => entry.id)).toEqual([
			'anticoagulant',
			'antiplatelet'
		]);
		expect(contraindicationItemsForStep('pregnancy').map((entry) => entry.id)).toEqual([
			'pregnancy'
		]);
	});
});

describe('contraindicationFlags', () => {
	it('no answers: no flags', () => {
		expect(contraindicationFlags({})).toEqual([]);
	});

	it('"no" raises nothing; "yes" raises a flag with the named medicine', () => {
		const flags = contraindicationFlags({
			diabetes: { answer: 'no' },
			anticoagulant: { answer: 'yes', choices: ['apixaban', 'made-up'], text: null }
		});
		expect(flags).toEqual([
			{
				id: 'anticoagulant',
				category: 'precaution',
				staffLabel: 'Anticoagulant',
				treatment: item('anticoagulant')?.treatment,
				certainty: 'yes',
				details: ['Apixaban (Eliquis)'],
				summary: `Anticoagulant: Apixaban (Eliquis). ${item('anticoagulant')?.treatment}`
			}
		]);
	});

	it('"other" text appears after the ticked options', () => {
		const [flag] = contraindicationFlags({
			antiplatelet: { answer: 'yes', choices: ['aspirin'], text: 'cilostazol' }
		});
		expect(flag?.details).toEqual([
			'Aspirin taken every day, including low-dose aspirin',
			'Another medicine of this kind: cilostazol'
		]);
	});

	it('"not sure" is flagged too, marked for the practitioner to ask', () => {
		const [flag] = contraindicationFlags({ epilepsy: { answer: 'unsure' } });
		expect(flag).toMatchObject({ id: 'epilepsy', certainty: 'unsure' });
		expect(flag?.summary).toBe('Epilepsy (patient not sure). No electroacupuncture.');
	});

	it('an asked question left unanswered is flagged as not sure, not passed as a no', () => {
		const flags = contraindicationFlags({ diabetes: { answer: 'no' } }, ['diabetes', 'cirrhosis']);
		expect(flags.map((flag) => [flag.id, flag.certainty])).toEqual([['cirrhosis', 'unsure']]);
	});

	it('lists contraindications before precautions, each in intake order', () => {
		const flags = contraindicationFlags({
			diabetes: { answer: 'yes' },
			'active-cancer': { answer: 'yes', text: 'left lung' },
			anticoagulant: { answer: 'yes', choices: ['warfarin'] },
			'implanted-device': { answer: 'yes', choices: ['pacemaker'] }
		});
		expect(flags.map((flag) => flag.id)).toEqual([
			'implanted-device',
			'active-cancer',
			'anticoagulant',
			'diabetes'
		]);
		expect(flags[1]?.summary).toBe('Active cancer: left lung. Never needle a tumour site.');
	});

	it('ignores ids that are not items, including prototype names', () => {
		const answers = JSON.parse('{"__proto__": {"answer": "yes"}, "made-up": {"answer": "yes"}}');
		expect(contraindicationFlags(answers)).toEqual([]);
	});
});
