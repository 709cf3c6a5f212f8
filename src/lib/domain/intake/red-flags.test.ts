import { describe, expect, it } from 'vitest';
import { fleschKincaidGrade } from '../content/readability';
import {
	askedQuestionIds,
	conditionSetIds,
	conditionSets,
	findRedFlagQuestion,
	moreUrgent,
	normaliseSets,
	questionSections,
	redFlagQuestions,
	screenRedFlags,
	screeningMessages,
	type ConditionSetId,
	type RedFlagTier
} from './red-flags';

/*
 * The hazard log's table (docs/clinical/hazard-log.md, H1-H6): every question of every set
 * and every cluster, with the tier it must reach. A change to a tier fails here first.
 */
const expectedTiers: Record<ConditionSetId, Record<string, RedFlagTier>> = {
	back: {
		urination: 'emergency',
		incontinence: 'emergency',
		'saddle-numbness': 'emergency',
		'sexual-sensation': 'emergency',
		'both-legs': 'emergency',
		'leg-weakness': 'emergency',
		'major-injury': 'emergency',
		'sudden-severe': 'emergency',
		fever: 'same_day',
		'fragility-injury': 'same_day',
		'infection-risk': 'same_day',
		'recent-infection': 'same_day',
		'weight-loss': 'within_days',
		'constant-pain': 'within_days',
		'upper-back': 'within_days',
		'morning-stiffness': 'within_days',
		'cancer-history': 'within_days',
		'spinal-procedure': 'within_days',
		'age-over-50': 'within_days',
		'age-under-20': 'within_days'
	},
	neck: {
		'neck-stroke-signs': 'emergency',
		'neck-fever-stiff': 'emergency',
		'neck-injury': 'emergency',
		'neck-clumsy': 'same_day',
		'neck-fever': 'same_day',
		'neck-infection-risk': 'same_day',
		'neck-weight-loss': 'within_days',
		'neck-constant-pain': 'within_days',
		'neck-cancer-history': 'within_days'
	},
	headache: {
		'headache-sudden-worst': 'emergency',
		'headache-fever-stiff-neck': 'emergency',
		'headache-new-weakness': 'emergency',
		'headache-head-injury': 'emergency',
		'headache-jaw-scalp': 'same_day',
		'headache-new-pattern': 'within_days',
		'headache-strain': 'within_days',
		'headache-cancer-immune': 'within_days'
	},
	digestive: {
		'digestive-bleeding-severe': 'emergency',
		'digestive-fever': 'same_day',
		'digestive-blood': 'within_days',
		'digestive-weight-loss': 'within_days',
		'digestive-over-50-change': 'within_days',
		'digestive-night': 'within_days',
		'digestive-family-cancer': 'within_days'
	},
	allergy: {
		'allergy-swelling-breathing': 'emergency',
		'allergy-one-side': 'within_days'
	}
};

const expectedClusters: { set: ConditionSetId; yes: string[]; tier: RedFlagTier }[] = [
	{ set: 'back', yes: ['cancer-history', 'constant-pain'], tier: 'same_day' },
	{ set: 'back', yes: ['cancer-history', 'weight-loss'], tier: 'same_day' },
	{ set: 'neck', yes: ['neck-cancer-history', 'neck-constant-pain'], tier: 'same_day' },
	{ set: 'neck', yes: ['neck-cancer-history', 'neck-weight-loss'], tier: 'same_day' }
];

describe('every question of every set reaches its tier', () => {
	for (const set of conditionSetIds) {
		it(`${set}: the set asks exactly the questions of the table`, () => {
			expect(conditionSets[set].questions.map((entry) => entry.id).sort()).toEqual(
				Object.keys(expectedTiers[set]).sort()
			);
		});
		for (const [id, tier] of Object.entries(expectedTiers[set])) {
			it(`${set}: "${id}" alone -> ${tier}`, () => {
				const screening = screenRedFlags([id]);
				expect(screening.outcome).toBe(tier);
				expect(screening.mayBookOnline).toBe(tier !== 'emergency');
				expect(screening.needsClinicianReview).toBe(tier !== 'emergency');
			});
		}
	}

	for (const cluster of expectedClusters) {
		it(`${cluster.set}: cluster ${cluster.yes.join(' + ')} -> ${cluster.tier}`, () => {
			const screening = screenRedFlags(cluster.yes);
			expect(screening.outcome).toBe(cluster.tier);
			expect(screening.clusters).toHaveLength(1);
			// Each part alone stays below the cluster's tier.
			for (const id of cluster.yes) expect(screenRedFlags([id]).outcome).toBe('within_days');
		});
	}

	it('every cluster of every set is in the table', () => {
		const clusterCount = conditionSetIds.reduce(
			(sum, set) =>
				sum + conditionSets[set].clusters.reduce((n, cluster) => n + cluster.any.length, 0),
			0
		);
		expect(clusterCount).toBe(expectedClusters.length);
	});

	it('ids are unique across every set', () => {
		const ids = conditionSetIds.flatMap((set) =>
			conditionSets[set].questions.map((entry) => entry.id)
		);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe('screenRedFlags', () => {
	it('no yes answers: may book, no review, but the message is not an all-clear', () => {
		expect(screenRedFlags([])).toMatchObject({
			outcome: 'none',
			mayBookOnline: true,
			needsClinicianReview: false
		});
		expect(screeningMessages.none.body.join(' ')).toMatch(/not an all-clear/);
	});

	it('any emergency sign stops online booking, whatever else is answered', () => {
		const screening = screenRedFlags(['cancer-history', 'saddle-numbness', 'fever']);
		expect(screening.outcome).toBe('emergency');
		expect(screening.mayBookOnline).toBe(false);
		expect(screening.positives.map((entry) => entry.id)).toEqual([
			'saddle-numbness',
			'fever',
			'cancer-history'
		]);
		expect(screeningMessages.emergency.title).toMatch(/911/);
	});

	it('within-days signs allow booking online, with a clinician’s review first', () => {
		const screening = screenRedFlags(['weight-loss', 'upper-back', 'neck-constant-pain']);
		expect(screening).toMatchObject({
			outcome: 'within_days',
			mayBookOnline: true,
			needsClinicianReview: true
		});
		expect(screening.clusters).toEqual([]);
		expect(screeningMessages.within_days.body.join(' ')).toMatch(/You can still book/);
	});

	it('same-day signs allow booking online, held for a clinician’s review', () => {
		const screening = screenRedFlags(['fever', 'weight-loss']);
		expect(screening).toMatchObject({
			outcome: 'same_day',
			mayBookOnline: true,
			needsClinicianReview: true
		});
	});

	it('the most urgent answer decides, in whatever order the answers come', () => {
		expect(screenRedFlags(['weight-loss', 'fever']).outcome).toBe('same_day');
		expect(screenRedFlags(['fever', 'saddle-numbness', 'weight-loss']).outcome).toBe('emergency');
		expect(screenRedFlags(['saddle-numbness', 'fever']).outcome).toBe('emergency');
	});

	it('moreUrgent picks the more urgent outcome either way round', () => {
		expect(moreUrgent('within_days', 'same_day')).toBe('same_day');
		expect(moreUrgent('same_day', 'within_days')).toBe('same_day');
		expect(moreUrgent('none', 'emergency')).toBe('emergency');
		expect(moreUrgent('emergency', 'none')).toBe('emergency');
		expect(moreUrgent('within_days', 'within_days')).toBe('within_days');
	});

	it('ignores ids that are not questions', () => {
		expect(screenRedFlags(['made-up', '__proto__', 'constructor']).outcome).toBe('none');
	});

	it('a finding a doctor has seen does not re-flag a new intake', () => {
		const screening = screenRedFlags(['urination'], { cleared: new Set(['urination']) });
		expect(screening.outcome).toBe('none');
		expect(screening.known.map((entry) => entry.id)).toEqual(['urination']);
	});

	it('a cleared finding still counts beside another sign that was not cleared', () => {
		const screening = screenRedFlags(['urination', 'fever'], { cleared: new Set(['urination']) });
		expect(screening.outcome).toBe('same_day');
		expect(screening.known.map((entry) => entry.id)).toEqual(['urination']);
		expect(screening.positives.map((entry) => entry.id)).toEqual(['fever']);
	});

	it('at a check-in a yes is a change, so it re-flags even a cleared finding', () => {
		const screening = screenRedFlags(['urination'], {
			occasion: 'since_last_visit',
			cleared: new Set(['urination'])
		});
		expect(screening.outcome).toBe('emergency');
	});

	it('a cleared cancer history does not form a cluster at a new intake', () => {
		const screening = screenRedFlags(['cancer-history', 'constant-pain'], {
			cleared: new Set(['cancer-history'])
		});
		expect(screening.outcome).toBe('within_days');
		expect(screening.clusters).toEqual([]);
	});
});

describe('questionSections', () => {
	it('history is asked apart from symptoms, with no "since your back pain began"', () => {
		const sections = questionSections(['back'], 'first');
		expect(sections.map((section) => [section.group, section.leadIn])).toEqual([
			['symptoms', 'Since your back pain began...'],
			['history', null]
		]);
		const history = sections[1]!.questions.map((entry) => entry.id);
		expect(history).toContain('cancer-history');
		expect(history).toContain('infection-risk');
		expect(history).toContain('age-over-50');
		expect(sections[0]!.questions.map((entry) => entry.id)).not.toContain('cancer-history');
	});

	it('at a check-in every question asks about a change since the last visit', () => {
		const sections = questionSections(['back'], 'since_last_visit');
		expect(sections[0]!.leadIn).toBe('Since your last visit...');
		const ids = sections.flatMap((section) => section.questions.map((entry) => entry.id));
		expect(ids).not.toContain('age-over-50');
		expect(ids).not.toContain('morning-stiffness');
		for (const section of sections) {
			for (const entry of section.questions) {
				expect(entry.text).toBe(findRedFlagQuestion(entry.id)!.sinceLastVisitText);
			}
		}
	});

	it('the cauda equina questions ask about new or worse changes', () => {
		for (const id of ['urination', 'incontinence', 'saddle-numbness', 'both-legs']) {
			expect(findRedFlagQuestion(id)!.text).toMatch(/\bnew\b|started/);
			expect(findRedFlagQuestion(id)!.sinceLastVisitText).toMatch(/\bnew\b|worse|weaker|started/);
		}
	});

	it('sections are headed in plain words, naming the condition when several are asked', () => {
		expect(questionSections(['back'], 'first').map((section) => section.heading)).toEqual([
			'new or changing symptoms',
			'about your health'
		]);
		expect(
			questionSections(['back'], 'since_last_visit').map((section) => section.heading)
		).toEqual(['changes since your last visit', 'about your health']);
		const several = questionSections(['back', 'headache'], 'first');
		expect(several.map((section) => [section.set, section.heading, section.leadIn])).toEqual([
			['back', 'Back pain: new or changing symptoms', 'Since your back pain began...'],
			['back', 'Back pain: about your health', null],
			[
				'headache',
				'Headaches or migraine: new or changing symptoms',
				conditionSets.headache.symptomsLeadIn
			],
			['headache', 'Headaches or migraine: about your health', null]
		]);
		for (const section of several) {
			for (const entry of section.questions) {
				expect(entry.text).toBe(findRedFlagQuestion(entry.id)!.text);
				expect(entry.tier).toBe(findRedFlagQuestion(entry.id)!.tier);
			}
		}
	});

	it('a group with nothing to ask shows no empty heading', () => {
		expect(questionSections(['allergy'], 'first').map((section) => section.group)).toEqual([
			'symptoms'
		]);
		for (const set of conditionSetIds) {
			for (const occasion of ['first', 'since_last_visit'] as const) {
				for (const section of questionSections([set], occasion)) {
					expect(section.questions.length).toBeGreaterThan(0);
				}
			}
		}
	});

	it('a headache patient is asked the headache questions, not the back ones', () => {
		const ids = askedQuestionIds(['headache'], 'first');
		expect(ids).toContain('headache-sudden-worst');
		expect(ids).not.toContain('urination');
	});

	it('several reasons ask each set once, in a fixed order; an unknown reason asks the back set', () => {
		expect(normaliseSets(['allergy', 'neck', 'allergy'])).toEqual(['neck', 'allergy']);
		expect(normaliseSets(['other'])).toEqual(['back']);
		expect(normaliseSets([])).toEqual(['back']);
	});

	it('the public back pain check asks the back set', () => {
		expect(redFlagQuestions).toBe(conditionSets.back.questions);
	});
});

describe('the words', () => {
	const texts = conditionSetIds.flatMap((set) =>
		conditionSets[set].questions.flatMap((entry) =>
			[entry.text, entry.sinceLastVisitText].filter((text): text is string => text !== null)
		)
	);

	it('no British or medical jargon a patient may not know', () => {
		for (const text of texts) {
			expect(text).not.toMatch(/back passage|biologic|saddle|cauda|incontinen|osteopor|anticoag/i);
		}
	});

	it.each(texts)('reads at grade 8 or below: %s', (text) => {
		expect(fleschKincaidGrade(text)).toBeLessThanOrEqual(8);
	});

	// The messages patients see after the check: each sentence carries a safety instruction, so
	// a change to any of them must be made here as well, on purpose (docs/clinical/hazard-log.md).
	it('emergency: go to an emergency department or call 911, do not book, not a diagnosis', () => {
		expect(screeningMessages.emergency).toEqual({
			title: 'Go to an emergency department now, or call 911',
			body: [
				'What you told us can be a sign of a serious problem that needs urgent medical care. Please do not wait and do not book acupuncture.',
				'This is not a diagnosis. Doctors need to examine you today to find out what is going on.'
			]
		});
	});

	it('same day: see a doctor today; a booking is reviewed and held until a doctor has seen you', () => {
		expect(screeningMessages.same_day).toEqual({
			title: 'Please see a doctor or urgent care today, before acupuncture',
			body: [
				'What you told us should be checked by a doctor today. It can be a sign of an infection, a broken bone or another problem that needs a doctor soon.',
				'If you book with us, a clinician will review your answers before your visit, and we will hold the appointment until a doctor has seen you.'
			]
		});
	});

	it('within days: see your doctor first; you can still book, reviewed by a clinician', () => {
		expect(screeningMessages.within_days).toEqual({
			title: 'Please see your doctor first, within the next few days',
			body: [
				'What you told us is something a doctor should look at before acupuncture. It does not mean that something is wrong, but it needs checking.',
				'You can still book: a clinician will review your answers, and we can hold the booking until your doctor has seen you.'
			]
		});
	});

	it('none: you can book, but a "no" is not an all-clear and changes must be told', () => {
		expect(screeningMessages.none).toEqual({
			title: 'No warning signs in your answers',
			body: [
				'You can book with us. A "no" to every question is not an all-clear, though: if anything changes or gets worse, tell us or your doctor straight away. We ask these questions again at every visit.'
			]
		});
	});

	it('the within-days message no longer says "usually not serious"', () => {
		expect(screeningMessages.within_days.body.join(' ')).not.toMatch(/usually not serious/);
	});

	it('the emergency message does not name the spine, since every set uses it', () => {
		expect(screeningMessages.emergency.body.join(' ')).not.toMatch(/spine/);
	});
});
