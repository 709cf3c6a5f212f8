import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { loadBookingFlow } from './booking-flow';

const dialects = await testDialects();

describe.each(dialects)('the booking page on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	// Wednesday 31 March 2027, 6 pm in Milwaukee: nothing more can be booked this month.
	const lastEvening = Temporal.Instant.from('2027-03-31T23:00:00Z');

	it('opens on the next month when this month has no free times left', async () => {
		const flow = await loadBookingFlow(
			clinic.db(),
			{ service: 'follow-up-acupuncture', practitioner: 'mei-lin-okafor' },
			lastEvening
		);
		expect(flow.step).toBe('day');
		if (flow.step !== 'day') return;
		expect(flow.calendar.month).toBe('2027-04');
		expect(flow.calendar.anyOpen).toBe(true);
		expect(flow.calendar.previous).toBe('2027-03');
	});

	it('keeps the month the visitor asked for, even when it is full', async () => {
		const flow = await loadBookingFlow(
			clinic.db(),
			{ service: 'follow-up-acupuncture', practitioner: 'mei-lin-okafor', month: '2027-03' },
			lastEvening
		);
		expect(flow.step === 'day' && flow.calendar.month).toBe('2027-03');
		expect(flow.step === 'day' && flow.calendar.anyOpen).toBe(false);
	});

	it('labels the times of a day after the spring change CDT while today is CST', async () => {
		const winter = Temporal.Instant.from('2027-03-01T15:00:00Z');
		const flow = await loadBookingFlow(
			clinic.db(),
			{ service: 'follow-up-acupuncture', practitioner: 'any', date: '2027-03-15' },
			winter
		);
		expect(flow.zoneLabel).toBe('Milwaukee time (CDT)');
		const today = await loadBookingFlow(clinic.db(), { service: 'follow-up-acupuncture' }, winter);
		expect(today.zoneLabel).toBe('Milwaukee time (CST)');
	});
});
