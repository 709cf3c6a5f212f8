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

/**
 * Reads a phone number as staff type it ("(414) 555-0142", "414.555.0142", "+1 414 555 0142",
 * "+44 20 7946 0000") into the stored form: "+1-414-555-0142" for North American numbers,
 * "+" and the digits otherwise. Null when it cannot be a number a patient can dial: North
 * American area codes and exchanges never start with 0 or 1, and international numbers
 * (E.164) have at most 15 digits.
 */
export function parsePhone(text: string): string | null {
	const trimmed = text.trim();
	if (!/^\+?[\d\s().-]{7,30}$/.test(trimmed)) return null;
	const digits = trimmed.replace(/\D/g, '');
	const international = trimmed.startsWith('+');
	if (!international || digits.startsWith('1')) {
		const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
		if (!/^[2-9]\d{2}[2-9]\d{6}$/.test(national)) return null;
		return `+1-${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`;
	}
	if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return null;
	return `+${digits}`;
}
