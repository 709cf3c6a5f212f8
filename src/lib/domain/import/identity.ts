import { parsePhone } from '../clinic/phone';

/*
 * How an import tells whether two patients are the same person: the same email and name (as
 * the database's unique index compares them) or the same phone number. Emails compare without
 * case or surrounding spaces, names with runs of spaces folded, phones by their digits in the
 * stored form, so "(414) 555-0142" and "+1 414 555 0142" are one number.
 */

export function emailKey(email: string): string {
	return email.trim().toLowerCase();
}

export function nameKey(name: string): string {
	return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The phone's digits in stored form, or '' when there is no usable number. */
export function phoneKey(phone: string): string {
	if (phone.trim() === '') return '';
	const parsed = parsePhone(phone);
	const digits = (parsed ?? phone).replace(/\D/g, '');
	return digits.length >= 7 ? digits : '';
}

/** A patient already in the clinic, as an import compares them. */
export interface KnownPatient {
	id: number;
	name: string;
	email: string;
	phone: string;
}

/** Known patients indexed by email+name, by email and by phone. */
export class PatientIndex {
	private readonly byIdentity = new Map<string, KnownPatient>();
	private readonly byEmail = new Map<string, KnownPatient[]>();
	private readonly byPhone = new Map<string, KnownPatient[]>();

	constructor(patients: readonly KnownPatient[]) {
		for (const patient of patients) this.add(patient);
	}

	add(patient: KnownPatient): void {
		const email = emailKey(patient.email);
		this.byIdentity.set(`${email}\n${nameKey(patient.name)}`, patient);
		push(this.byEmail, email, patient);
		const phone = phoneKey(patient.phone);
		if (phone) push(this.byPhone, phone, patient);
	}

	withIdentity(email: string, name: string): KnownPatient | undefined {
		return this.byIdentity.get(`${emailKey(email)}\n${nameKey(name)}`);
	}

	withEmail(email: string): KnownPatient[] {
		return this.byEmail.get(emailKey(email)) ?? [];
	}

	withPhone(phone: string): KnownPatient[] {
		const key = phoneKey(phone);
		return key ? (this.byPhone.get(key) ?? []) : [];
	}
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}
