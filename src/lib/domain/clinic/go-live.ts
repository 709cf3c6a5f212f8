/*
 * What a clinic still lacks before patients may book online (issue 13, ADR 0034). The owner's
 * setup page lists these; the "Open online booking" switch is refused while any is left.
 */

/** What the checklist looks at, read from the database by the caller. */
export interface GoLiveFacts {
	clinic: { name: string; phone: string; email: string } | null;
	locations: readonly { name: string; openingHours: number }[];
	/** Active rooms, with their kind. */
	rooms: readonly { kind: string }[];
	/** Active services. */
	services: readonly { name: string; bookableOnline: boolean; roomKind: string | null }[];
	/** Active practitioners with how many services they offer and weekly hours they work. */
	practitioners: readonly { name: string; services: number; weeklyHours: number }[];
	/** Whether a consent text has been published by a person (not only the default text). */
	consentPublished: boolean;
}

/** One setup step, in the order the owner goes through them. */
export type GoLiveStep =
	'clinic' | 'location' | 'services' | 'rooms' | 'practitioners' | 'policy' | 'consent' | 'content';

/** Something that keeps online booking closed, with the step that fixes it. */
export interface GoLiveBlocker {
	step: GoLiveStep;
	message: string;
}

/**
 * Everything still missing before online booking may open, in setup order; empty when the
 * clinic is ready. A blocker names the thing to fix, so the owner never has to guess.
 */
export function goLiveBlockers(facts: GoLiveFacts): GoLiveBlocker[] {
	const blockers: GoLiveBlocker[] = [];
	const add = (step: GoLiveStep, message: string) => blockers.push({ step, message });

	if (!facts.clinic) add('clinic', 'Enter the clinic’s name, phone number and email.');
	if (facts.locations.length === 0) add('location', 'Add the clinic’s location and address.');
	for (const location of facts.locations) {
		if (location.openingHours === 0) add('location', `${location.name} has no opening hours.`);
	}

	const online = facts.services.filter((service) => service.bookableOnline);
	if (online.length === 0) add('services', 'No service is bookable online.');
	const roomKinds = new Set(facts.rooms.map((room) => room.kind));
	for (const service of online) {
		if (service.roomKind !== null && !roomKinds.has(service.roomKind)) {
			add('rooms', `${service.name} needs a ${service.roomKind} room, and there is none.`);
		}
	}

	if (facts.practitioners.length === 0) add('practitioners', 'Add at least one practitioner.');
	for (const practitioner of facts.practitioners) {
		if (practitioner.services === 0) {
			add('practitioners', `${practitioner.name} offers no service.`);
		}
		if (practitioner.weeklyHours === 0) {
			add('practitioners', `${practitioner.name} has no working hours.`);
		}
	}

	if (!facts.consentPublished) {
		add('consent', 'Read, edit if needed, and publish the consent to treatment.');
	}
	return blockers;
}
