export { addBusinessTime, businessTimeBetween, CalendarError, compileCalendar, isOpenAt, nextClosing, nextOpening } from './calendar';
export type { Calendar, CalendarSpec } from './calendar';
