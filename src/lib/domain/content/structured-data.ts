import { openingHoursSpecification } from '../clinic/opening-hours';
import type {
	Article,
	Byline,
	Clinic,
	ConditionPage,
	Location,
	Practitioner,
	Reference
} from '../clinic/types';

/*
 * schema.org JSON-LD for search engines. Pure: the public origin is passed in, so the same
 * data gives the same output in tests and in production.
 */

const url = (origin: string, path: string) => new URL(path, origin).href;

/** The clinic as a `MedicalClinic` with address, opening hours and telephone. */
export function clinicJsonLd(clinic: Clinic, location: Location, origin: string) {
	return {
		'@context': 'https://schema.org',
		'@type': 'MedicalClinic',
		'@id': url(origin, '/#clinic'),
		name: clinic.name,
		description: clinic.description,
		url: url(origin, '/'),
		telephone: clinic.phone,
		email: clinic.email,
		address: {
			'@type': 'PostalAddress',
			streetAddress: location.street,
			addressLocality: location.city,
			addressRegion: location.region,
			postalCode: location.postalCode,
			addressCountry: location.country
		},
		openingHoursSpecification: openingHoursSpecification(location.hours),
		medicalSpecialty: 'https://schema.org/Musculoskeletal',
		isAcceptingNewPatients: true
	};
}

/** A practitioner as a `Person` working for the clinic. */
export function practitionerJsonLd(practitioner: Practitioner, origin: string) {
	return {
		'@context': 'https://schema.org',
		'@type': 'Person',
		'@id': url(origin, `/practitioners/${practitioner.slug}#person`),
		name: practitioner.name,
		honorificSuffix: practitioner.credentials,
		jobTitle: practitioner.title,
		description: practitioner.summary,
		url: url(origin, `/practitioners/${practitioner.slug}`),
		worksFor: { '@id': url(origin, '/#clinic') }
	};
}

/** What a reviewed health page (an article or a condition page) tells search engines. */
export interface ReviewedPage {
	/** The page's path on the site, like /articles/can-acupuncture-help-back-pain. */
	path: string;
	title: string;
	description: string;
	publishedOn: string | null;
	lastReviewedOn: string | null;
	author: Byline | null;
	reviewer: Byline | null;
	references: Reference[];
}

/** A reviewed health page as a `MedicalWebPage` with its review date, reviewer and citations. */
export function medicalWebPageJsonLd(page: ReviewedPage, origin: string) {
	const person = (byline: Byline) => ({
		'@type': 'Person',
		name: byline.name,
		honorificSuffix: byline.credentials,
		url: url(origin, `/practitioners/${byline.slug}`)
	});
	return {
		'@context': 'https://schema.org',
		'@type': 'MedicalWebPage',
		'@id': url(origin, page.path),
		headline: page.title,
		name: page.title,
		description: page.description,
		url: url(origin, page.path),
		inLanguage: 'en-US',
		datePublished: page.publishedOn ?? undefined,
		lastReviewed: page.lastReviewedOn ?? undefined,
		author: page.author ? person(page.author) : undefined,
		reviewedBy: page.reviewer ? person(page.reviewer) : undefined,
		publisher: { '@id': url(origin, '/#clinic') },
		citation: page.references.map((reference) => ({
			'@type': 'CreativeWork',
			name: reference.citation,
			url: reference.url ?? undefined
		}))
	};
}

/** An article as a `MedicalWebPage`. */
export function articleJsonLd(article: Article, origin: string) {
	return medicalWebPageJsonLd({ ...article, path: `/articles/${article.slug}` }, origin);
}

/** A condition page as a `MedicalWebPage` about its `MedicalCondition`. */
export function conditionJsonLd(condition: Omit<ConditionPage, 'bodyMarkdown'>, origin: string) {
	return {
		...medicalWebPageJsonLd(
			{
				...condition,
				path: `/conditions/${condition.slug}`,
				title: condition.name,
				description: condition.summary
			},
			origin
		),
		about: { '@type': 'MedicalCondition', name: condition.name }
	};
}

/**
 * Serialises JSON-LD for a `<script type="application/ld+json">` block. `<` is escaped so
 * that no value can close the script element early.
 */
export function serializeJsonLd(data: unknown): string {
	return JSON.stringify(data).replace(/</g, '\\u003c');
}
