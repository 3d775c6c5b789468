export { newTraceId, timeOrderedId, traceIdFromTraceparent } from './ids';
export { formatInstant, lacksOffset, parseInstant } from './instant';
export { TicketFieldError } from './ticket';
export type { Ticket, TicketEvent } from './ticket';
export { DAY_MS, dayNumberOf, isKnownTimezone, MINUTE_MS, offsetsAroundYear, wallOfDate, wallOfYearStart, wallToInstant, weekdayOf, yearOfWall } from './wall-clock';
export type { DayNumber, WallMs } from './wall-clock';
