import { minimumToPublish } from '../outcomes/clinic-report';
import { patientCount, type OutcomeSummarySnapshot } from '../outcomes/published-summary';

/*
 * The generally expected result shown beside each published testimonial (issue 14, item 11;
 * ADR 0040). A testimonial about a result implies that the result is typical unless the typical
 * result is disclosed beside it (16 CFR 255.2(b)); "results vary" does not do that. So each
 * testimonial carries, for its own condition:
 *   1. the clinic's own published figures, when the published outcome summary covers that
 *      condition and counts at least `minimumToPublish` patients with a first and last score;
 *   2. otherwise the figure from the research the condition's page cites, with its link;
 *   3. otherwise a plain statement that we have no figure, so no reader takes the words as usual.
 * Every testimonial tied to a condition gets it, not only those staff judge to describe a result:
 * deciding what counts as a result claim is a judgement, and a missed one is the harm here.
 */

/** A cited research figure for one condition, in plain words. */
export interface EvidenceStatement {
	conditionSlug: string;
	text: string;
	/** The sources the figure comes from, each a link a reader can follow. */
	sources: readonly { text: string; href: string }[];
}

/** The conditions the clinic's published outcome summary speaks for (chronic low back pain). */
export const conditionsInOutcomeSummary: readonly string[] = ['back-pain'];

/**
 * The research figure for each condition the demo clinic's pages describe, taken from the
 * review or trial the condition's page cites, with the comparison against sham stated where the
 * source gives one. Checked against the sources' abstracts and summary-of-findings tables.
 */
export const evidenceStatements: readonly EvidenceStatement[] = [
	{
		conditionSlug: 'back-pain',
		text: 'In a Cochrane review of trials in long-lasting low back pain, people who had acupuncture scored on average about 10 points lower on a 0 to 100 pain scale just after treatment than people who had usual care. That is less than the reviewers set as a difference that matters to patients, the evidence is of low certainty, and against sham (fake) acupuncture there was little or no difference.',
		sources: [
			{
				text: 'Mu and others, Cochrane review, 2020',
				href: 'https://doi.org/10.1002/14651858.CD013814'
			}
		]
	},
	{
		conditionSlug: 'neck-pain',
		text: 'In a Cochrane review of 27 trials, acupuncture eased long-lasting neck pain a little more than sham (fake) acupuncture, for up to about three months. The difference was small (a standardised difference of 0.23, where 0.2 counts as small), and little is known about longer-term effects.',
		sources: [
			{
				text: 'Trinh and others, Cochrane review, 2016',
				href: 'https://doi.org/10.1002/14651858.CD004870.pub4'
			}
		]
	},
	{
		conditionSlug: 'headaches',
		text: 'In Cochrane reviews, about 48 in 100 people with frequent tension-type headaches who added acupuncture to usual care had their headache days at least halved, against about 17 in 100 with usual care alone; for migraine the figures were about 41 and 17 in 100. Against sham (fake) acupuncture the gap was smaller: about 52 against 43 in 100, and 50 against 41 in 100.',
		sources: [
			{
				text: 'Linde and others, Cochrane review on tension-type headache, 2016',
				href: 'https://doi.org/10.1002/14651858.CD007587.pub2'
			},
			{
				text: 'Linde and others, Cochrane review on migraine, 2016',
				href: 'https://doi.org/10.1002/14651858.CD001218.pub3'
			}
		]
	},
	{
		conditionSlug: 'ibs',
		text: 'In a Cochrane review, the trials that compared acupuncture with sham (fake) acupuncture found no difference in IBS symptoms (4 trials, 281 patients). We do not know whether acupuncture itself helps IBS.',
		sources: [
			{
				text: 'Manheimer and others, Cochrane review, 2012',
				href: 'https://doi.org/10.1002/14651858.CD005111.pub3'
			}
		]
	},
	{
		conditionSlug: 'allergies',
		text: 'In a trial of 422 people with hay fever who all took an allergy medicine when needed, acupuncture improved a 0 to 6 quality-of-life score by about half a point more than sham (fake) acupuncture after 8 weeks. By 16 weeks the difference had gone.',
		sources: [
			{
				text: 'Brinkhaus and others, Annals of Internal Medicine, 2013',
				href: 'https://doi.org/10.7326/0003-4819-158-4-201302190-00002'
			}
		]
	}
];

/** What a testimonial needs to be matched to its condition. */
export interface TestimonialCondition {
	conditionSlug: string | null;
	conditionName: string | null;
}

/** The disclosure shown beside one testimonial. */
export interface ExpectedResult {
	/** Where the figure comes from: our own patients, research, or neither. */
	kind: 'clinic' | 'evidence' | 'none';
	text: string;
	links: readonly { text: string; href: string }[];
}

/** The heading-like label the disclosure is shown under. */
export const expectedResultLabel = 'What usually happens';

/** The clinic's own figure, when the published summary covers the condition with enough patients. */
function clinicFigure(summary: OutcomeSummarySnapshot): ExpectedResult | null {
	const { withData, improved, startedNearBest } = summary.nprs;
	// Figures counted under the earlier rule (a 30% fall counted too) overstate improvement
	// (ADR 0041): they are not shown until the owner publishes again.
	if (startedNearBest === undefined) return null;
	if (withData < minimumToPublish) return null;
	// Patients who started with little pain are counted apart, not as "not better".
	const counted = withData - startedNearBest;
	if (counted <= 0) return null;
	const percent = Math.round((improved / counted) * 100);
	const apart =
		startedNearBest > 0
			? ` A further ${patientCount(startedNearBest)} started with little pain and ${startedNearBest === 1 ? 'is' : 'are'} counted apart.`
			: '';
	return {
		kind: 'clinic',
		text: `Of ${patientCount(counted)} with long-standing low back pain whose pain we scored before and after a course of treatment at our clinic, ${improved} (${percent}%) had a meaningful fall in their pain score; the other ${counted - improved} were not meaningfully better.${apart}`,
		links: [{ text: 'How we count, and what these figures cannot show', href: '/outcomes' }]
	};
}

/**
 * The generally expected result to show beside a testimonial: the clinic's published figures
 * for its condition where they cover it with at least `minimumToPublish` patients, otherwise the
 * cited research figure for the condition, otherwise a statement that there is no figure.
 */
export function expectedResultFor(
	testimonial: TestimonialCondition,
	published: OutcomeSummarySnapshot | null,
	evidence: readonly EvidenceStatement[] = evidenceStatements
): ExpectedResult {
	const slug = testimonial.conditionSlug;
	if (slug === null) {
		return {
			kind: 'none',
			text: 'This patient did not say what they came to us for, so we cannot show the usual result beside their words. What happened to one patient may not happen to you.',
			links: [{ text: 'What we know for each condition we treat', href: '/conditions' }]
		};
	}
	if (published && conditionsInOutcomeSummary.includes(slug)) {
		const own = clinicFigure(published);
		if (own) return own;
	}
	const statement = evidence.find((entry) => entry.conditionSlug === slug);
	if (statement) return { kind: 'evidence', text: statement.text, links: statement.sources };
	const name = (testimonial.conditionName ?? 'this condition').toLowerCase();
	return {
		kind: 'none',
		text: `We have no measured figures for ${name}, and no research figure we can give for it, so we cannot say what usually happens. What happened to one patient may not happen to you.`,
		links: []
	};
}
