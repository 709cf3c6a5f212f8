/**
 * Phone numbers are stored in E.164-like form ("+1-414-555-0142"). These helpers give the
 * `tel:` link a phone dials and the form a US patient reads.
 */

/** A `tel:` URL with only the leading + and digits. */
export function telHref(phone: string): string {
	const digits = phone.replace(/[^\d+]/g, '');
	return `tel:${digits}`;
}

/** "(414) 555-0142" for North American numbers; anything else as stored. */
export function displayPhone(phone: string): string {
	const digits = phone.replace(/\D/g, '');
	const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
	if (national.length !== 10) return phone;
	return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
}
