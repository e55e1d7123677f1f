import { describe, expect, it } from 'vitest'
import { parseDuration } from '../../../config/duration.js'
import { durationInput } from './duration-input.js'
import { durationWords } from './duration-words.js'

describe('durationInput', () => {
  it('writes the largest unit that holds the duration exactly', () => {
    expect(durationInput(0)).toBe('0s')
    expect(durationInput(1000)).toBe('1s')
    expect(durationInput(90_000)).toBe('90s')
    expect(durationInput(300_000)).toBe('5m')
    expect(durationInput(5_400_000)).toBe('90m')
    expect(durationInput(7_200_000)).toBe('2h')
    expect(durationInput(604_800_000)).toBe('7d')
    expect(durationInput(1500)).toBe('1500ms')
  })

  it('writes what the server reads back as the same duration', () => {
    for (const milliseconds of [1, 999, 1000, 1001, 59_000, 61_000, 3_600_000, 86_400_000, 90_061_001]) {
      expect(parseDuration(durationInput(milliseconds))).toBe(milliseconds)
    }
  })
})

describe('durationWords', () => {
  it('names the largest unit and the next one, in the singular for one', () => {
    expect(durationWords(1000)).toBe('1 second')
    expect(durationWords(45_000)).toBe('45 seconds')
    expect(durationWords(60_000)).toBe('1 minute')
    expect(durationWords(90_000)).toBe('1 minute 30 seconds')
    expect(durationWords(3_660_000)).toBe('1 hour 1 minute')
    expect(durationWords(7_200_000)).toBe('2 hours')
    expect(durationWords(172_800_000 + 3_600_000)).toBe('2 days 1 hour')
  })

  it('rounds to the smaller unit shown, carrying into the larger one', () => {
    expect(durationWords(1499)).toBe('1 second')
    expect(durationWords(1500)).toBe('2 seconds')
    expect(durationWords(90_400)).toBe('1 minute 30 seconds')
    expect(durationWords(119_600)).toBe('2 minutes')
    expect(durationWords(3_599_999)).toBe('1 hour')
  })

  it('counts milliseconds under a second', () => {
    expect(durationWords(0)).toBe('0 milliseconds')
    expect(durationWords(1)).toBe('1 millisecond')
    expect(durationWords(250)).toBe('250 milliseconds')
    expect(durationWords(999.6)).toBe('1 second')
  })
})
