// Relative times in seeds (`now`, `now-PT20M`, `now+P1D`) so a seed stays realistic whenever it runs.
const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const RELATIVE = /^now(?:([+-])(.+))?$/;

/** An ISO 8601 duration in milliseconds. Years and months count as 365 and 30 days: seeds only need "about". */
export function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new Error(`"${text}" is not an ISO 8601 duration (e.g. PT20M, P1D, P1DT2H)`);
  const [years, months, weeks, days, hours, minutes, seconds] = m.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const totalDays = years * 365 + months * 30 + weeks * 7 + days;
  return (((totalDays * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}

export function isRelativeTime(value: string): boolean {
  return RELATIVE.test(value);
}

/** `now`, `now-PT20M`, `now+P1D` → an ISO time relative to `now`; any other string is returned as it is. */
export function resolveTime(value: string, now: Date): string {
  const m = RELATIVE.exec(value);
  if (!m) return value;
  const offset = m[2] === undefined ? 0 : durationMs(m[2]) * (m[1] === '-' ? -1 : 1);
  return new Date(now.getTime() + offset).toISOString();
}
