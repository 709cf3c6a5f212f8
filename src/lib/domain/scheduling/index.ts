/**
 * The scheduling core: working hours, exceptions, buffers and rooms in; open slots out. Every
 * function is pure: `now`, time zones and all data are passed in, nothing is looked up.
 *
 * Rules decided here (each is also stated where it is applied, and tested):
 * - Instants are exact; wall-clock times are read in the location's IANA zone, with the offset
 *   in force at that very moment, so each day (and each side of a change) gets its own offset.
 * - A wall-clock boundary (start or end of hours, time off, closure) is the first moment the
 *   clock reads that time or later: in a spring-forward gap, the moment of the jump; in a
 *   fall-back fold, the first showing.
 * - Slot starts are the working hours' wall-clock start plus whole steps. A grid time in a gap
 *   is never offered (not shifted); a grid time in a fold is offered at both instants.
 * - Hours whose end is at or before their start end on the next day; touching or overlapping
 *   hours are joined and keep the earliest start as the grid's anchor.
 * - Time off and closures always win over weekly and extra hours.
 * - A slot belongs to the local date it starts on (for the query range and booking window).
 * - Rooms: the lowest free id of the needed kind. 'Any' collapsed: the practitioner with the
 *   fewest appointments that local day, then the lowest id.
 */
export { findOpenSlots } from './open-slots';
export { checkBooking } from './check-booking';
export { findAlternativeSlots } from './alternative-slots';
export type { AlternativeOptions, AlternativeRequest } from './alternative-slots';
export { collapseToOnePerStart } from './collapse-slots';
export type * from './types';
