import { describe, expect, it } from 'vitest';
import {
	newRoomForm,
	roomProblems,
	roomRetirementRefusal,
	strandedServices,
	strandedServicesRefusal
} from './room';

const context = {
	kinds: ['treatment', 'massage'],
	roomsAtLocation: [
		{ id: 1, name: 'Treatment room 1' },
		{ id: 2, name: 'Treatment room 2' }
	]
};

describe('newRoomForm', () => {
	it('needs a location, a name and a kind', () => {
		expect(newRoomForm.safeParse({ location: '1', name: ' ', kind: '' }).success).toBe(false);
		expect(newRoomForm.parse({ location: '1', name: ' Quiet room ', kind: 'treatment' })).toEqual({
			location: 1,
			name: 'Quiet room',
			kind: 'treatment'
		});
	});
});

describe('roomProblems', () => {
	it('accepts a new name with a kind the clinic uses', () => {
		expect(roomProblems({ name: 'Treatment room 3', kind: 'treatment' }, context)).toEqual({});
	});

	it('lets a room keep its own name', () => {
		expect(roomProblems({ id: 1, name: 'treatment room 1', kind: 'massage' }, context)).toEqual({});
	});

	it('refuses a kind no service uses and a name another room has', () => {
		expect(roomProblems({ name: 'TREATMENT ROOM 2', kind: 'sauna' }, context)).toEqual({
			kind: 'Choose one of the listed kinds.',
			name: 'Another room here has this name; give each room its own.'
		});
	});
});

describe('roomRetirementRefusal', () => {
	it('allows retiring a room with nothing booked ahead', () => {
		expect(roomRetirementRefusal({ name: 'Treatment room 2', upcomingAppointments: 0 })).toBeNull();
	});

	it('refuses while appointments are booked ahead, saying how many', () => {
		expect(roomRetirementRefusal({ name: 'Treatment room 2', upcomingAppointments: 2 })).toBe(
			'Treatment room 2 still holds 2 appointments booked ahead. Move them to another room or time first, then retire it.'
		);
	});
});

describe('strandedServices', () => {
	const services = [
		{ name: 'Follow-up acupuncture', roomKind: 'treatment' },
		{ name: 'Herbal consultation', roomKind: null },
		{ name: 'Cupping', roomKind: 'quiet' }
	];
	const rooms = [
		{ kind: 'treatment', active: true },
		{ kind: 'treatment', active: true }
	];

	it('names nothing while another room of the kind stays active', () => {
		expect(
			strandedServices(services, rooms, [rooms[0]!, { kind: 'treatment', active: false }])
		).toEqual([]);
	});

	it('names the services that lose their last room of the kind, not those that had none', () => {
		const after = rooms.map((room) => ({ ...room, active: false }));
		expect(strandedServices(services, rooms, after)).toEqual(['Follow-up acupuncture']);
		expect(strandedServicesRefusal('treatment', ['Follow-up acupuncture'])).toMatch(
			/last active treatment room here, and Follow-up acupuncture needs one/
		);
		expect(strandedServicesRefusal('treatment', [])).toBeNull();
	});
});
