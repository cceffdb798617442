import type { LanguagePack } from './language-pack';

/** German: customers of the de-DE locale write in German most of the time. */
export const GERMAN: LanguagePack = {
  language: 'de',
  greetings: ['Hallo,', 'Guten Tag,', 'Sehr geehrte Damen und Herren,', 'Hallo zusammen,'],
  signOffs: ['Viele Grüße, {first}', 'Mit freundlichen Grüßen,\n{first}', 'Danke, {first}', 'LG {first}'],
  angryOpeners: ['Das ist wirklich inakzeptabel.', 'Ich bin extrem enttäuscht.', 'So etwas habe ich noch nie erlebt.'],
  angryClosers: [
    'Wenn das heute nicht geklärt wird, kündige ich mein Kundenkonto.',
    'Ich möchte mit einem Vorgesetzten sprechen.',
    'Ich erwarte HEUTE eine Antwort.',
  ],
  vipClosers: [
    'Ich bestelle seit Jahren bei Ihnen und erwarte mehr.',
    'Bitte behandeln Sie das dringend, unser ganzes Büro hängt davon ab.',
  ],
  followUps: [
    'Gibt es schon Neuigkeiten?',
    'Ich wollte nur nachfragen, meine Nachricht ist jetzt {days} Tage her.',
    'Die Bestellnummer hatte ich vergessen: {order}.',
    'Danke für die Antwort, aber es funktioniert leider immer noch nicht.',
  ],
  angryFollowUps: [
    'Immer noch keine Antwort. Das ist lächerlich.',
    'Ich habe jetzt mehrfach geschrieben und niemand meldet sich. Bestellung {order}!',
    'Dritte Nachricht zum selben Problem. Liest das überhaupt jemand?',
  ],
  issues: {
    billing: {
      subjects: ['Doppelt abgebucht für Bestellung {order}', 'Falscher Betrag auf der Rechnung'],
      bodies: [
        'Für die Bestellung {order} wurde zweimal {amount} abgebucht. Bitte erstatten Sie die zweite Zahlung.',
        'Auf der Rechnung zu {order} steht {amount}, im Shop war der Preis niedriger. Können Sie das prüfen?',
      ],
    },
    delivery: {
      subjects: ['Wo bleibt meine Bestellung {order}?', 'Paket beschädigt angekommen'],
      bodies: [
        'Ich habe vor {days} Tagen die {product} bestellt (Bestellung {order}) und sie ist immer noch nicht da.',
        'Laut Sendungsverfolgung wurde {order} zugestellt, aber hier ist nichts angekommen.',
        'Das Paket zu {order} kam eingedrückt an und die {product} ist zerkratzt.',
      ],
    },
    refund: {
      subjects: ['Erstattung für Bestellung {order}', 'Warte noch auf meine Rückerstattung'],
      bodies: [
        'Ich habe die {product} vor {days} Tagen zurückgeschickt und noch keine Erstattung über {amount} erhalten.',
        'Bitte schicken Sie mir ein Rücksendeetikett für die {product} aus Bestellung {order}.',
      ],
    },
    account: {
      subjects: ['Login funktioniert nicht', 'E-Mail-Adresse ändern'],
      bodies: [
        'Ich kann mich nicht mehr einloggen, obwohl ich das Passwort gerade zurückgesetzt habe.',
        'Bitte ändern Sie die E-Mail-Adresse in meinem Konto, die alte nutze ich nicht mehr.',
      ],
    },
    defect: {
      subjects: ['{product} defekt', 'Teil fehlt in Bestellung {order}'],
      bodies: [
        'Meine {product} funktioniert nach {days} Tagen nicht mehr. Sie geht an, aber es kommt kein Wasser.',
        'Die {product} aus Bestellung {order} verliert bei jeder Benutzung Wasser. Foto anbei.',
        'In der Lieferung {order} fehlte die Abtropfschale der {product}.',
      ],
    },
    product_question: {
      subjects: ['Frage zur {product}', 'Mengenrabatt für Büro?'],
      bodies: [
        'Passen die Wasserfilter-Kartuschen in die {product}?',
        'Wir möchten 10 Stück {product} für unser Büro bestellen. Gibt es einen Mengenrabatt?',
      ],
    },
    complaint: {
      subjects: ['Beschwerde über Ihren Service', 'Sehr schlechte Erfahrung'],
      bodies: [
        'Der Mitarbeiter am Telefon war gestern unfreundlich und hat einfach aufgelegt.',
        'Mir wurde vor {days} Tagen ein Rückruf versprochen, aber niemand hat angerufen.',
      ],
    },
  },
};
