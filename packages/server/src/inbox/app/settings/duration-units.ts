/** The units durations are written and read in, largest first: the suffixes configuration accepts. */
export const durationUnits = [
  { suffix: 'd', size: 86_400_000, word: 'day' },
  { suffix: 'h', size: 3_600_000, word: 'hour' },
  { suffix: 'm', size: 60_000, word: 'minute' },
  { suffix: 's', size: 1000, word: 'second' },
] as const
