/**
 * The scheduling core: working hours, exceptions, buffers and rooms in; open slots out.
 * Pure functions of their arguments: `now`, time zones and all data are passed in.
 */
export { findOpenSlots } from './open-slots';
export { checkBooking } from './check-booking';
export { findAlternativeSlots } from './alternative-slots';
export type { AlternativeOptions, AlternativeRequest } from './alternative-slots';
export { collapseToOnePerStart } from './collapse-slots';
export type * from './types';
