// Books one appointment through the JSON API, as a patient online would, so that the staff
// pages under test have a booking to show.

/** Who books, what they may add, and the key that keeps a retried request from booking twice. */
export interface FollowUpBooking {
	patient: { name: string; email: string; phone: string };
	note?: string;
	/** Whether the patient says this is their first visit; no unless given. */
	newPatient?: boolean;
	idempotencyKey: string;
}

/**
 * Books the first open follow-up acupuncture from three days ahead (within 20 days) and
 * returns the booking as the API answers it, with the patient's manage link; throws unless
 * the API booked it (201).
 */
export async function bookFollowUp(
	baseUrl: string,
	booking: FollowUpBooking
): Promise<{ id: number; start: string; manageUrl: string }> {
	const services = (await (await fetch(`${baseUrl}/api/v1/services`)).json()) as {
		services: { id: number; slug: string }[];
	};
	const followUp = services.services.find((service) => service.slug === 'follow-up-acupuncture');
	const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
	const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
	const availability = (await (
		await fetch(`${baseUrl}/api/v1/availability?service=${followUp?.id}&from=${from}&to=${to}`)
	).json()) as { slots: { start: string; practitionerId: number }[] };
	const slot = availability.slots[0];
	if (!slot) throw new Error('no open slot to book');
	const response = await fetch(`${baseUrl}/api/v1/bookings`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'idempotency-key': booking.idempotencyKey },
		body: JSON.stringify({
			serviceId: followUp?.id,
			practitionerId: slot.practitionerId,
			start: slot.start,
			patient: booking.patient,
			newPatient: booking.newPatient ?? false,
			note: booking.note
		})
	});
	if (response.status !== 201) {
		throw new Error(`the booking API answered ${response.status}: ${await response.text()}`);
	}
	return (await response.json()) as { id: number; start: string; manageUrl: string };
}
