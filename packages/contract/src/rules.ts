/**
 * The input rules the console checks as the BFF does, and the lists it offers, free of zod so that a browser
 * bundle takes only these (`@paydesk/contract/rules`).
 */

/** What staff type as an amount, and what commands accept: a decimal string, never negative, never a number. */
export const AMOUNT_PATTERN = /^\d{1,16}(\.\d{1,4})?$/;

/** The same rule with a sign: an amount the API answers, or a list filter's bound (`total_gte`). */
export const SIGNED_AMOUNT_PATTERN = /^-?\d{1,16}(\.\d{1,4})?$/;

/** Every new staff password: at least this long (and at most PASSWORD_MAX_LENGTH characters). */
export const MIN_PASSWORD_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

/** The longest name of a payment method, a refund reason or an API key. */
export const NAME_MAX = 100;

/** The longest description of a payment method. */
export const DESCRIPTION_MAX = 500;

/** The longest full name of a staff member. */
export const FULL_NAME_MAX = 200;

/** The longest product name. */
export const PRODUCT_NAME_MAX = 200;

/** The longest email address (a staff member's, or a buyer's), as SMTP's path limit allows. */
export const EMAIL_MAX = 254;

/** The longest note a staff member may write (refunds, fraud decisions, marking failed, staff payments). */
export const NOTE_MAX = 2000;

/** The longest name of a saved view (a list's filter and sort under a name). */
export const SAVED_VIEW_NAME_MAX = 100;

/** A card as staff or a storefront type it (test cards for the simulators): its number's digits, and its CVV. */
export const CARD_NUMBER_PATTERN = /^\d{12,19}$/;
export const CVV_PATTERN = /^\d{3,4}$/;

/** A card token a payment form made (Stripe.js: "tok_visa"). */
export const PAYMENT_TOKEN_PATTERN = /^[A-Za-z0-9_]{1,255}$/;

/** The monitored signals: payment attempts (all, and by kind of failure) and money operations. */
export const MONITORING_SIGNALS = ['failures', 'declines', 'technical', 'fraud', 'capture', 'void', 'refund'] as const;
