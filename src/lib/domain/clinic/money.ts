/** "$120" for whole dollars, "$85.50" otherwise: prices as a US clinic writes them. */
export function formatPrice(cents: number): string {
	const dollars = Math.floor(cents / 100);
	const rest = cents % 100;
	return rest === 0 ? `$${dollars}` : `$${dollars}.${String(rest).padStart(2, '0')}`;
}

/** "90 minutes", "1 hour", "1 hour 15 minutes". */
export function formatDuration(minutes: number): string {
	if (minutes < 60) return `${minutes} minutes`;
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	const hourText = hours === 1 ? '1 hour' : `${hours} hours`;
	return rest === 0 ? hourText : `${hourText} ${rest} minutes`;
}
