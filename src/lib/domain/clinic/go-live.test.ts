import { describe, expect, it } from 'vitest';
import { goLiveBlockers, type GoLiveFacts } from './go-live';

const ready: GoLiveFacts = {
	clinic: { name: 'Lakeside Acupuncture', phone: '+1-414-555-0100', email: 'hi@lakeside.example' },
	locations: [{ name: 'Lakeside', openingHours: 5 }],
	rooms: [{ kind: 'treatment' }],
	services: [{ name: 'First visit', bookableOnline: true, roomKind: 'treatment' }],
	practitioners: [{ name: 'Dana Lee', services: 1, weeklyHours: 4 }],
	consentPublished: true
};

describe('goLiveBlockers', () => {
	it('lets a clinic with everything in place open', () => {
		expect(goLiveBlockers(ready)).toEqual([]);
	});

	it('lists every step of an empty clinic, in setup order', () => {
		const steps = goLiveBlockers({
			clinic: null,
			locations: [],
			rooms: [],
			services: [],
			practitioners: [],
			consentPublished: false
		}).map((blocker) => blocker.step);
		expect(steps).toEqual(['clinic', 'location', 'services', 'practitioners', 'consent']);
	});

	it('blocks when no service is bookable online', () => {
		const blockers = goLiveBlockers({
			...ready,
			services: [{ name: 'First visit', bookableOnline: false, roomKind: null }]
		});
		expect(blockers).toEqual([{ step: 'services', message: 'No service is bookable online.' }]);
	});

	it('names a practitioner without hours and one without services', () => {
		const messages = goLiveBlockers({
			...ready,
			practitioners: [
				{ name: 'Dana Lee', services: 1, weeklyHours: 0 },
				{ name: 'Sam Ortiz', services: 0, weeklyHours: 3 }
			]
		}).map((blocker) => blocker.message);
		expect(messages).toEqual(['Dana Lee has no working hours.', 'Sam Ortiz offers no service.']);
	});

	it('names a location without opening hours', () => {
		expect(
			goLiveBlockers({ ...ready, locations: [{ name: 'Lakeside', openingHours: 0 }] })
		).toEqual([{ step: 'location', message: 'Lakeside has no opening hours.' }]);
	});

	it('blocks an online service whose room kind no room has', () => {
		expect(goLiveBlockers({ ...ready, rooms: [{ kind: 'massage' }] })[0]?.step).toBe('rooms');
	});

	it('blocks while the consent text is only the unpublished default', () => {
		expect(goLiveBlockers({ ...ready, consentPublished: false })[0]?.step).toBe('consent');
	});
});
