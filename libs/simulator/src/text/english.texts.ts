import type { LanguagePack } from './language-pack';

/** English, the language of most simulated conversations. */
export const ENGLISH: LanguagePack = {
  language: 'en',
  greetings: ['Hello,', 'Hi,', 'Hi there,', 'Dear support team,', 'Good morning,'],
  signOffs: ['Thanks, {first}', 'Best regards, {first}', 'Cheers, {first}', '{first}', 'Kind regards,\n{first}'],
  angryOpeners: [
    'This is really not acceptable.',
    'I am extremely disappointed.',
    'Honestly, this is the worst service I have experienced.',
    'I have had enough of this.',
  ],
  angryClosers: [
    'If this is not sorted out today I will cancel my account.',
    'I want to speak to a manager.',
    'I expect a reply TODAY.',
    'I will leave a review about this everywhere I can.',
  ],
  vipClosers: [
    'I have been ordering from you for years and expect better than this.',
    'Please treat this with priority, our whole office depends on it.',
    'As one of your gold members I would appreciate a quick answer.',
  ],
  followUps: [
    'Hi, any update on this?',
    'Just following up on my message from {days} days ago.',
    'Sorry, I forgot to add the order number: {order}.',
    'Is there anything else you need from me to sort this out?',
    'Thanks for the reply. It still does not work though, what should I do next?',
  ],
  angryFollowUps: [
    'Still no answer. This is ridiculous.',
    'I have now written several times and nobody replies. Order {order}!',
    'Third message about the same problem. Is anyone actually reading these?',
    'Your "we will get back to you" was {days} days ago. Nothing happened.',
  ],
  issues: {
    billing: {
      subjects: ['Charged twice for order {order}', 'Wrong amount on my invoice', 'Invoice with VAT number needed'],
      bodies: [
        'I was charged twice for order {order}, {amount} each time. Please refund the second payment.',
        'The invoice for order {order} says {amount} but the price in the shop was lower. Can you check?',
        'Could you send me an invoice for order {order} with our company VAT number on it? Our accounting needs it.',
        'My card statement shows a payment of {amount} I do not recognise. Which order is this?',
      ],
    },
    delivery: {
      subjects: ['Where is my order {order}?', 'Order {order} not delivered', 'Parcel arrived damaged'],
      bodies: [
        'I ordered the {product} {days} days ago (order {order}) and it still has not arrived. The tracking has not changed since Monday.',
        'The tracking for order {order} says delivered but there is nothing here. I checked with the neighbours.',
        'The parcel for order {order} arrived with a big dent and the {product} inside is scratched.',
        'Can I still change the delivery address for order {order}? I will be away next week.',
      ],
    },
    refund: {
      subjects: ['Refund for order {order}', 'Still waiting for my refund', 'Return label for {product}'],
      bodies: [
        'I sent the {product} back {days} days ago and have not received my refund of {amount} yet.',
        'You confirmed the return of order {order} but the money is not on my account. When will it arrive?',
        'I would like to return the {product} from order {order}. Can you send me a return label?',
        'Only part of my refund arrived for order {order}. I paid {amount}.',
      ],
    },
    account: {
      subjects: ['Cannot log in', 'Password reset email never arrives', 'Please change my email address', 'Delete my account'],
      bodies: [
        'I cannot log in to my account any more. It says my password is wrong but I just reset it.',
        'I requested a password reset three times but the email never arrives, also not in spam.',
        'Please change the email address on my account, I no longer use the old one.',
        'Please delete my account and all the data you have about me.',
        'My account is locked after too many attempts. How do I unlock it?',
      ],
    },
    defect: {
      subjects: ['{product} stopped working', 'Broken {product}', 'Missing part in order {order}'],
      bodies: [
        'My {product} stopped working after {days} days. It turns on but no water comes out. I already descaled it.',
        'The {product} from order {order} leaks water from the bottom every time I use it. Photo attached.',
        'The {product} makes a loud grinding noise and then switches itself off.',
        'The box for order {order} was missing the drip tray of the {product}.',
      ],
    },
    product_question: {
      subjects: ['Question about the {product}', 'Discount for an office order?', 'Is the {product} in stock?'],
      bodies: [
        'Does the {product} work with the water filter cartridges, or do I need a different model?',
        'We would like to order 10 units of the {product} for our office. Is there a volume discount?',
        'When will the {product} be back in stock? I would like to buy it for a birthday.',
        'What is the difference between the {product} and the Espresso machine Solo?',
      ],
    },
    complaint: {
      subjects: ['Complaint about your service', 'Very poor experience', 'Unhappy with how I was treated'],
      bodies: [
        'The agent on the phone yesterday was rude and hung up on me before my problem was solved.',
        'I have been a customer for years and the way my last order {order} was handled was a disaster.',
        'Nobody answers my emails and the chat just closes. How am I supposed to reach you?',
        'I was promised a call back {days} days ago and nobody called.',
      ],
    },
  },
};
