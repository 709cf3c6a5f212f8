/** ISO weekday as Temporal numbers it: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The clinic as it presents itself. */
export interface Clinic {
	id: number;
	name: string;
	tagline: string;
	phone: string;
	email: string;
	description: string;
	isDemo: boolean;
}

/** A wall-clock opening interval on one weekday, in the location's time zone. */
export interface OpeningHours {
	weekday: Weekday;
	/** 'HH:MM' */
	opens: string;
	/** 'HH:MM' */
	closes: string;
}

export interface Location {
	id: number;
	slug: string;
	name: string;
	street: string;
	city: string;
	region: string;
	postalCode: string;
	country: string;
	/** IANA time zone, e.g. America/Chicago. */
	timeZone: string;
	phone: string;
	directionsUrl: string;
	directionsText: string;
	hours: OpeningHours[];
}

export interface Practitioner {
	id: number;
	slug: string;
	name: string;
	credentials: string;
	title: string;
	summary: string;
	bioMarkdown: string;
	serviceIds: number[];
}

export interface Service {
	id: number;
	slug: string;
	name: string;
	summary: string;
	durationMinutes: number;
	bufferBeforeMinutes: number;
	bufferAfterMinutes: number;
	priceCents: number;
	roomKind: string | null;
	bookableOnline: boolean;
	newPatientsOnly: boolean;
}

export interface Condition {
	id: number;
	slug: string;
	name: string;
	summary: string;
	bodyMarkdown: string;
	serviceSlug: string | null;
}

export interface Reference {
	position: number;
	citation: string;
	url: string | null;
}

/** A person named on an article as its author or reviewer. */
export interface Byline {
	slug: string;
	name: string;
	credentials: string;
}

export interface ArticleSummary {
	slug: string;
	title: string;
	description: string;
	author: Byline;
	publishedOn: string | null;
	lastReviewedOn: string;
}

/** A published condition page with its bylines and references (migration 0025). */
export interface ConditionPage extends Condition {
	/** Null only on pages from before condition pages had bylines (the demo's, migrated). */
	author: Byline | null;
	reviewer: Byline | null;
	lastReviewedOn: string | null;
	publishedOn: string | null;
	references: Reference[];
}

export interface Article extends ArticleSummary {
	bodyMarkdown: string;
	reviewer: Byline | null;
	serviceSlug: string | null;
	references: Reference[];
	conditionSlugs: string[];
}

export interface Page {
	slug: string;
	title: string;
	description: string;
	bodyMarkdown: string;
}
