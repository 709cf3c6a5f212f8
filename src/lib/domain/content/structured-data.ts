import { openingHoursSpecification } from '../clinic/opening-hours';
import type { Article, Clinic, Location, Practitioner } from '../clinic/types';

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

/** An article as a `MedicalWebPage` with its review date, reviewer and citations. */
export function articleJsonLd(article: Article, origin: string) {
	const person = (byline: { slug: string; name: string; credentials: string }) => ({
		'@type': 'Person',
		name: byline.name,
		honorificSuffix: byline.credentials,
		url: url(origin, `/practitioners/${byline.slug}`)
	});
	return {
		'@context': 'https://schema.org',
		'@type': 'MedicalWebPage',
		'@id': url(origin, `/articles/${article.slug}`),
		headline: article.title,
		name: article.title,
		description: article.description,
		url: url(origin, `/articles/${article.slug}`),
		inLanguage: 'en-US',
		datePublished: article.publishedOn ?? undefined,
		lastReviewed: article.lastReviewedOn,
		author: person(article.author),
		reviewedBy: article.reviewer ? person(article.reviewer) : undefined,
		publisher: { '@id': url(origin, '/#clinic') },
		citation: article.references.map((reference) => ({
			'@type': 'CreativeWork',
			name: reference.citation,
			url: reference.url ?? undefined
		}))
	};
}

/**
 * Serialises JSON-LD for a `<script type="application/ld+json">` block. `<` is escaped so
 * that no value can close the script element early.
 */
export function serializeJsonLd(data: unknown): string {
	return JSON.stringify(data).replace(/</g, '\\u003c');
}
