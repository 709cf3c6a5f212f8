import { describe, expect, it } from 'vitest';
import type { Article, Clinic, Location } from '../clinic/types';
import { articleJsonLd, clinicJsonLd, conditionJsonLd, serializeJsonLd } from './structured-data';

const clinic: Clinic = {
	id: 1,
	name: 'Test Clinic',
	tagline: '',
	phone: '+1-414-555-0100',
	email: 'a@b.example',
	description: 'd',
	isDemo: true
};
const location: Location = {
	id: 1,
	slug: 'main',
	name: 'Main',
	street: '1 Test St',
	city: 'Milwaukee',
	region: 'WI',
	postalCode: '53202',
	country: 'US',
	timeZone: 'America/Chicago',
	phone: '',
	directionsUrl: '',
	directionsText: '',
	hours: [{ weekday: 1, opens: '09:00', closes: '17:00' }]
};

describe('structured data', () => {
	it('describes the clinic as a MedicalClinic with address, hours and telephone', () => {
		const data = clinicJsonLd(clinic, location, 'https://clinic.example');
		expect(data['@type']).toBe('MedicalClinic');
		expect(data.telephone).toBe('+1-414-555-0100');
		expect(data.address.postalCode).toBe('53202');
		expect(data.openingHoursSpecification).toHaveLength(1);
		expect(data.url).toBe('https://clinic.example/');
	});

	it('gives an article its review date, reviewer and citations', () => {
		const byline = { slug: 'a', name: 'A', credentials: 'L.Ac.' };
		const article: Article = {
			slug: 'x',
			title: 'X',
			description: 'd',
			author: byline,
			reviewer: { ...byline, slug: 'b', name: 'B' },
			publishedOn: '2026-01-01',
			lastReviewedOn: '2026-02-01',
			bodyMarkdown: '',
			serviceSlug: null,
			references: [{ position: 1, citation: 'Ref', url: 'https://doi.org/x' }],
			conditionSlugs: []
		};
		const data = articleJsonLd(article, 'https://clinic.example');
		expect(data['@type']).toBe('MedicalWebPage');
		expect(data.lastReviewed).toBe('2026-02-01');
		expect(data.reviewedBy?.name).toBe('B');
		expect(data.citation).toEqual([{ '@type': 'CreativeWork', name: 'Ref', url: 'https://doi.org/x' }]);
	});

	it('cannot be closed early by a value containing </script>', () => {
		expect(serializeJsonLd({ name: '</script><script>alert(1)</script>' })).not.toContain('</script>');
	});
});

describe('conditionJsonLd', () => {
	it('describes a condition page as a reviewed MedicalWebPage about its condition', () => {
		const data = conditionJsonLd(
			{
				id: 1,
				slug: 'back-pain',
				name: 'Back pain',
				summary: 'Acupuncture for low back pain, with honest evidence.',
				serviceSlug: null,
				author: { slug: 'dana-lee', name: 'Dana Lee', credentials: 'L.Ac.' },
				reviewer: { slug: 'sam-ortiz', name: 'Sam Ortiz', credentials: 'L.Ac.' },
				lastReviewedOn: '2027-02-20',
				publishedOn: '2027-03-01',
				references: [{ position: 1, citation: 'Mu J, et al. 2020.', url: null }]
			},
			'https://clinic.example'
		);
		expect(data).toMatchObject({
			'@type': 'MedicalWebPage',
			url: 'https://clinic.example/conditions/back-pain',
			name: 'Back pain',
			lastReviewed: '2027-02-20',
			datePublished: '2027-03-01',
			author: { name: 'Dana Lee', url: 'https://clinic.example/practitioners/dana-lee' },
			reviewedBy: { name: 'Sam Ortiz' },
			about: { '@type': 'MedicalCondition', name: 'Back pain' },
			citation: [{ '@type': 'CreativeWork', name: 'Mu J, et al. 2020.' }]
		});
	});

	it('leaves out a byline a page does not have', () => {
		const data = conditionJsonLd(
			{
				id: 1,
				slug: 'ibs',
				name: 'IBS',
				summary: 'What we can honestly say about acupuncture for IBS.',
				serviceSlug: null,
				author: null,
				reviewer: null,
				lastReviewedOn: null,
				publishedOn: null,
				references: []
			},
			'https://clinic.example'
		);
		expect(data.author).toBeUndefined();
		expect(data.reviewedBy).toBeUndefined();
		expect(data.lastReviewed).toBeUndefined();
	});
});
