import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * How an agent's tool might send a stored E.164 number: as stored, international with spaces
 * (`+44 20 7183 8750`), with the `00` prefix and punctuation (`0044 (20) 7183-8750`), or digits after `00`.
 * The lookup must normalise every one back to the same identifier.
 */
export function phoneSpelling(e164: string, variant: number): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  const national = parsed.nationalNumber;
  switch (variant % 4) {
    case 1:
      return parsed.formatInternational();
    case 2:
      return `00${parsed.countryCallingCode} (${national.slice(0, 2)}) ${national.slice(2, 6)}-${national.slice(6)}`;
    case 3:
      return `00${parsed.countryCallingCode}${national}`;
    default:
      return e164;
  }
}
