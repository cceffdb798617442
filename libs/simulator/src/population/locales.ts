/**
 * Where the simulated customers live: language, time zone, currency, names and phone plans. Each phone plan
 * is a prefix plus a fixed number of free digits that libphonenumber accepts as a valid number for every
 * value of those digits (checked by customer-population.spec.ts), already in E.164.
 */
export interface PhonePlan {
  prefix: string;
  freeDigits: number;
}

export interface SimLocale {
  locale: string;
  language: 'en' | 'de' | 'fr' | 'es' | 'nl';
  timezone: string;
  currency: 'EUR' | 'GBP' | 'USD';
  phonePlans: readonly PhonePlan[];
  firstNames: readonly string[];
  lastNames: readonly string[];
  /** Share of the population. */
  weight: number;
}

export const LOCALES: readonly SimLocale[] = [
  {
    locale: 'en-GB', language: 'en', timezone: 'Europe/London', currency: 'GBP', weight: 30,
    phonePlans: [{ prefix: '+44207', freeDigits: 7 }],
    firstNames: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Noah', 'Emily', 'Jack', 'Sophie', 'Leo', 'Grace'],
    lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hughes'],
  },
  {
    locale: 'de-DE', language: 'de', timezone: 'Europe/Berlin', currency: 'EUR', weight: 25,
    phonePlans: [{ prefix: '+4930', freeDigits: 8 }, { prefix: '+49151', freeDigits: 8 }],
    firstNames: ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Marie', 'Paul', 'Hannah', 'Max', 'Julia', 'Tim', 'Sophie'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter'],
  },
  {
    locale: 'en-US', language: 'en', timezone: 'America/New_York', currency: 'USD', weight: 20,
    phonePlans: [{ prefix: '+12127', freeDigits: 6 }, { prefix: '+16467', freeDigits: 6 }],
    firstNames: ['James', 'Olivia', 'Liam', 'Emma', 'Ethan', 'Mia', 'Lucas', 'Harper', 'Mason', 'Ella', 'Logan', 'Chloe'],
    lastNames: ['Johnson', 'Miller', 'Davis', 'Garcia', 'Martinez', 'Anderson', 'Clark', 'Lewis', 'Young', 'King', 'Scott', 'Baker'],
  },
  {
    locale: 'fr-FR', language: 'fr', timezone: 'Europe/Paris', currency: 'EUR', weight: 10,
    phonePlans: [{ prefix: '+3314', freeDigits: 7 }, { prefix: '+3361', freeDigits: 7 }],
    firstNames: ['Louis', 'Jade', 'Gabriel', 'Louise', 'Arthur', 'Alice', 'Jules', 'Chloé', 'Hugo', 'Léa', 'Raphaël', 'Manon'],
    lastNames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent'],
  },
  {
    locale: 'es-ES', language: 'es', timezone: 'Europe/Madrid', currency: 'EUR', weight: 8,
    phonePlans: [{ prefix: '+34915', freeDigits: 6 }, { prefix: '+34612', freeDigits: 6 }],
    firstNames: ['Hugo', 'Lucía', 'Martín', 'Sofía', 'Pablo', 'Martina', 'Daniel', 'Paula', 'Álvaro', 'Carmen', 'Diego', 'Elena'],
    lastNames: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz', 'Díaz', 'Moreno'],
  },
  {
    locale: 'nl-NL', language: 'nl', timezone: 'Europe/Amsterdam', currency: 'EUR', weight: 7,
    phonePlans: [{ prefix: '+31203', freeDigits: 6 }, { prefix: '+31612', freeDigits: 6 }],
    firstNames: ['Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Mila', 'Finn', 'Tess', 'Levi', 'Sara', 'Bram', 'Noor'],
    lastNames: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Vos'],
  },
];

/** Reserved example domains (RFC 2606), so a simulated address can never reach a real mailbox. */
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com', 'post.example.org'] as const;

export const SOCIAL_PLATFORMS = ['x', 'instagram', 'facebook', 'mastodon'] as const;

export const COMPANIES = [
  'Doe Design', 'Northwind Traders', 'Brightside Dental', 'Kettle & Co', 'Blue Harbour Law', 'Studio Nord',
  'Alpenblick Hotel', 'Greenleaf Architects', 'Café Central', 'Fernweh Reisen', 'Atelier Lumière', 'Canal Office',
] as const;
